package dev.cloudfiles.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cloudfiles.CloudFiles;
import dev.cloudfiles.api.DeleteFiles;
import dev.cloudfiles.http.ApiFunction;
import dev.cloudfiles.http.Routes;
import java.util.Map;

/** DELETE /v1/{project_id}/{drive_name}/files — delete names (API.md #8). */
public final class DeleteFilesHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final ApiFunction function;

    /** Lambda's constructor: clients are built once per container, during init. */
    public DeleteFilesHandler() {
        this(CloudFiles.shared());
    }

    public DeleteFilesHandler(CloudFiles app) {
        this.function = new ApiFunction(app.authenticator(), Map.of(Routes.DELETE_FILES, new DeleteFiles(app.files())));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return function.handle(event, context);
    }
}

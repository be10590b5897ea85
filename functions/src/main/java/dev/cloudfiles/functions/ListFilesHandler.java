package dev.cloudfiles.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cloudfiles.CloudFiles;
import dev.cloudfiles.api.ListFiles;
import dev.cloudfiles.http.ApiFunction;
import dev.cloudfiles.http.Routes;
import java.util.Map;

/** GET /v1/{project_id}/{drive_name}/files — list names (API.md #7). */
public final class ListFilesHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final ApiFunction function;

    /** Lambda's constructor: clients are built once per container, during init. */
    public ListFilesHandler() {
        this(CloudFiles.shared());
    }

    public ListFilesHandler(CloudFiles app) {
        this.function = new ApiFunction(app.authenticator(), Map.of(Routes.LIST_FILES, new ListFiles(app.files())));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return function.handle(event, context);
    }
}

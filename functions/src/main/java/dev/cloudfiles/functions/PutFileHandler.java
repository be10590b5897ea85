package dev.cloudfiles.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cloudfiles.CloudFiles;
import dev.cloudfiles.api.PutFile;
import dev.cloudfiles.http.ApiFunction;

/** POST and PUT /v1/{project_id}/{drive_name}/files — store a file (API.md #1). */
public final class PutFileHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final ApiFunction function;

    /** Lambda's constructor: clients are built once per container, during init. */
    public PutFileHandler() {
        this(CloudFiles.shared());
    }

    public PutFileHandler(CloudFiles app) {
        this.function = new ApiFunction(app.authenticator(), new PutFile(app.files(), app.config()));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return function.handle(event, context);
    }
}

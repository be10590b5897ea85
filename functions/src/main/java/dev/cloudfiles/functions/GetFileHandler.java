package dev.cloudfiles.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cloudfiles.CloudFiles;
import dev.cloudfiles.api.GetFile;
import dev.cloudfiles.http.ApiFunction;
import dev.cloudfiles.http.Routes;
import java.util.Map;

/** GET and HEAD /v1/{project_id}/{drive_name}/files/download — read a file (API.md #6). */
public final class GetFileHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final ApiFunction function;

    /** Lambda's constructor: clients are built once per container, during init. */
    public GetFileHandler() {
        this(CloudFiles.shared());
    }

    public GetFileHandler(CloudFiles app) {
        GetFile get = new GetFile(app.files(), app.config());
        this.function = new ApiFunction(app.authenticator(), Map.of(Routes.GET_FILE, get, Routes.HEAD_FILE, get));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return function.handle(event, context);
    }
}

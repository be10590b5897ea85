package dev.cloudfiles.functions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.cloudfiles.CloudFiles;
import dev.cloudfiles.endpoints.GetFile;
import dev.cloudfiles.http.ApiFunction;
import dev.cloudfiles.runtime.Clients;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;

/** GET and HEAD /v1/{project_id}/{drive_name}/files/download — read a file (API.md #6). */
public final class GetFileHandler implements ApiHandler {
    private final ApiFunction function;

    /** Lambda's constructor: clients are built once per container, during init (S3's only if used). */
    public GetFileHandler() {
        this(CloudFiles.shared());
    }

    public GetFileHandler(CloudFiles app) {
        // Small files are read from S3, large ones answered with a presigned URL.
        app.clients().willUse(Clients.OnDemand.S3, Clients.OnDemand.PRESIGNER);
        GetFile get = new GetFile(app.files(), app.config(), app.signing());
        this.function = new ApiFunction(app.authenticator(), get.endpoints());
    }

    @Override
    public Set<String> routes() {
        return function.routes();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        KeepWarm.handle(input, output, context, function::handle);
    }
}

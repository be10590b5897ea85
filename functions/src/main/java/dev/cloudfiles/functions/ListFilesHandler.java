package dev.cloudfiles.functions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.cloudfiles.CloudFiles;
import dev.cloudfiles.endpoints.ListFiles;
import dev.cloudfiles.http.ApiFunction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;

/** GET /v1/{project_id}/{drive_name}/files — list names (API.md #7). */
public final class ListFilesHandler implements ApiHandler {
    private final ApiFunction function;

    /** Lambda's constructor: clients are built once per container, during init (S3's only if used). */
    public ListFilesHandler() {
        this(CloudFiles.shared());
    }

    /** No S3: its client is never built here ({@code Clients.OnDemand}). */
    public ListFilesHandler(CloudFiles app) {
        app.clients().willQuery(); // a listing is a Query of the drive's partition
        this.function = new ApiFunction(app.authenticator(), new ListFiles(app.files()).endpoints());
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

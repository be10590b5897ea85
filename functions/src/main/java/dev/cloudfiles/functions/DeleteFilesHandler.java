package dev.cloudfiles.functions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.cloudfiles.CloudFiles;
import dev.cloudfiles.endpoints.DeleteFiles;
import dev.cloudfiles.http.ApiFunction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;

/** DELETE /v1/{project_id}/{drive_name}/files — delete names (API.md #8). */
public final class DeleteFilesHandler implements ApiHandler {
    private final ApiFunction function;

    /** Lambda's constructor: clients are built once per container, during init (S3's only if used). */
    public DeleteFilesHandler() {
        this(CloudFiles.shared());
    }

    /**
     * No S3 on its path: its client is built only if a deleted blob's garbage record fails and a
     * recheck marker is left instead ({@code store.Garbage}), and is not primed.
     */
    public DeleteFilesHandler(CloudFiles app) {
        this.function = new ApiFunction(app.authenticator(), new DeleteFiles(app.files()).endpoints());
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

package dev.cloudfiles.functions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.cloudfiles.CloudFiles;
import dev.cloudfiles.endpoints.MoveCopy;
import dev.cloudfiles.endpoints.PutFile;
import dev.cloudfiles.endpoints.UploadEndpoints;
import dev.cloudfiles.http.ApiFunction;
import dev.cloudfiles.runtime.Clients;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;

/**
 * POST and PUT /files — store a file (API.md #1) — the upload sessions of large files (#2-#5, [ext] #3c
 * upload status, #3d open uploads), and [ext] move and copy (writes of the index, the bytes stay where they are or are
 * copied inside S3).
 */
public final class WriteFilesHandler implements ApiHandler {
    private final ApiFunction function;

    /** Lambda's constructor: clients are built once per container, during init (S3's only if used). */
    public WriteFilesHandler() {
        this(CloudFiles.shared());
    }

    public WriteFilesHandler(CloudFiles app) {
        // Puts write S3; presigned uploads hand out part URLs.
        app.clients().willUse(Clients.OnDemand.S3, Clients.OnDemand.PRESIGNER);
        app.clients().willQuery(); // a drive's open upload sessions are counted and listed with Queries
        this.function = new ApiFunction(
                app.authenticator(),
                new PutFile(app.files(), app.config()).endpoints(),
                new UploadEndpoints(app.uploads(), app.config(), app.signing()).endpoints(),
                new MoveCopy(app.files()).endpoints());
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

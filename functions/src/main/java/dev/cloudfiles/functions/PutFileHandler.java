package dev.cloudfiles.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.cloudfiles.CloudFiles;
import dev.cloudfiles.api.MoveCopy;
import dev.cloudfiles.api.PutFile;
import dev.cloudfiles.api.UploadEndpoints;
import dev.cloudfiles.config.Clients;
import dev.cloudfiles.http.ApiFunction;
import dev.cloudfiles.http.Routes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * POST and PUT /files — store a file (API.md #1) — the upload sessions of large files (#2-#5, [ext] #3c
 * upload status, #3d open uploads), and [ext] move and copy (writes of the index, the bytes stay where they are or are
 * copied inside S3).
 */
public final class PutFileHandler implements RequestStreamHandler {
    private final ApiFunction function;

    /** Lambda's constructor: clients are built once per container, during init (S3's only if used). */
    public PutFileHandler() {
        this(CloudFiles.shared());
    }

    public PutFileHandler(CloudFiles app) {
        // Puts write S3; presigned uploads hand out part URLs.
        app.clients().willUse(Clients.OnDemand.S3, Clients.OnDemand.PRESIGNER);
        app.clients().willQuery(); // a drive's open upload sessions are counted and listed with Queries
        PutFile put = new PutFile(app.files(), app.config());
        UploadEndpoints uploads = new UploadEndpoints(app.uploads(), app.config(), app.signing());
        Map<String, dev.cloudfiles.http.Endpoint> endpoints = new java.util.HashMap<>(Map.of(
                Routes.POST_FILE, put,
                Routes.PUT_FILE, put,
                Routes.START_UPLOAD, uploads.start(),
                Routes.LIST_UPLOADS, uploads.list(),
                Routes.UPLOAD_PART, uploads.part(),
                Routes.UPLOAD_URLS, uploads.urls(),
                Routes.UPLOAD_STATUS, uploads.status(),
                Routes.COMMIT_UPLOAD, uploads.commit(),
                Routes.ABORT_UPLOAD, uploads.abort()));
        endpoints.putAll(new MoveCopy(app.files()).endpoints());
        this.function = new ApiFunction(app.authenticator(), endpoints);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        KeepWarm.handle(input, output, context, function::handle);
    }
}

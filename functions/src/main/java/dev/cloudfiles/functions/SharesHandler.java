package dev.cloudfiles.functions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.cloudfiles.CloudFiles;
import dev.cloudfiles.endpoints.Shares;
import dev.cloudfiles.http.ApiFunction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;

/** POST, GET /v1/{project_id}/{drive_name}/shares and DELETE .../shares/{share_id} — a drive's share links. */
public final class SharesHandler implements ApiHandler {
    private final ApiFunction function;

    /** Lambda's constructor: clients are built once per container, during init (S3's only if used). */
    public SharesHandler() {
        this(CloudFiles.shared());
    }

    /** No S3: its client is never built here ({@code Clients.OnDemand}). */
    public SharesHandler(CloudFiles app) {
        app.clients().willQuery(); // the drive's links are listed with a Query
        this.function = new ApiFunction(app.authenticator(), new Shares(app.files(), app.shares()).endpoints());
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

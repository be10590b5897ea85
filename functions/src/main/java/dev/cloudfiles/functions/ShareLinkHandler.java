package dev.cloudfiles.functions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.cloudfiles.CloudFiles;
import dev.cloudfiles.endpoints.ShareLink;
import dev.cloudfiles.http.ApiFunction;
import dev.cloudfiles.http.ApiRequest;
import dev.cloudfiles.http.ApiResponse;
import dev.cloudfiles.http.PayloadV2;
import dev.cloudfiles.http.RequestLog;
import dev.cloudfiles.http.Routes;
import dev.cloudfiles.runtime.Clients;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * GET (and HEAD) /s/{token} — a share link, with no API key: the token is the credential. Its own function,
 * allowed only to read (the table's items, the bucket's objects), so a link can never write.
 */
public final class ShareLinkHandler implements ApiHandler {
    private static final Set<String> ROUTES = Set.of(Routes.SHARE_LINK, Routes.HEAD_SHARE_LINK);

    private final ShareLink link;
    private final AtomicBoolean cold = new AtomicBoolean(true);

    /** Lambda's constructor: clients are built once per container, during init (S3's only if used). */
    public ShareLinkHandler() {
        this(CloudFiles.shared());
    }

    public ShareLinkHandler(CloudFiles app) {
        // A link answers with a presigned URL; it never calls S3 itself.
        app.clients().willUse(Clients.OnDemand.PRESIGNER);
        this.link = new ShareLink(app.files(), app.shares(), app.signing());
    }

    @Override
    public Set<String> routes() {
        return ROUTES;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        KeepWarm.handle(input, output, context, this::serve);
    }

    private void serve(InputStream input, OutputStream output, Context context) throws IOException {
        ApiRequest request = PayloadV2.read(input);
        String requestId = ApiFunction.requestId(request, context);
        RequestLog log = RequestLog.start(request, context, requestId, cold.getAndSet(false), false);
        ApiResponse response = null;
        Throwable failure = null;
        try {
            response = ROUTES.contains(request.routeKey())
                    ? link.handle(request)
                    : Routes.unmatched(request.method(), request.rawPath(), requestId);
        } catch (RuntimeException e) {
            response = ApiFunction.failure(e, requestId);
            if (response.status() >= 500) failure = e;
        } catch (Error e) {
            failure = e;
            throw e;
        } finally {
            log.finish(response, failure);
        }
        PayloadV2.write(response, output);
    }
}

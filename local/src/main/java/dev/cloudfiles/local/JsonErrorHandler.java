package dev.cloudfiles.local;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * What the HTTP server refuses before the gateway runs (a malformed request line or header, a NUL
 * in a header value, a head over {@link Gateway#MAX_REQUEST_HEAD_BYTES}) is answered in the API's
 * error shape, {@code {"errors":[...]}}, instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : HttpStatus.INTERNAL_SERVER_ERROR_500;
        Object message = request.getAttribute(ERROR_MESSAGE);
        byte[] body = ResponseWriter.jsonBytes(ResponseWriter.errorBody(status, describe(status, message), null));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, "HEAD".equalsIgnoreCase(request.getMethod()) ? null : ByteBuffer.wrap(body), callback);
        return true;
    }

    /**
     * For requests that never became one (the parser gave up): the same body, no HTML. Deprecated
     * in Jetty 12.1 but still what its parser-error path calls; without it the client gets HTML.
     */
    @Override
    @SuppressWarnings("removal")
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(
                ResponseWriter.jsonBytes(ResponseWriter.errorBody(status, describe(status, reason), null)));
    }

    private static String describe(int status, Object reason) {
        // Jetty's reason, unless it names an exception class (errors never leak implementation detail).
        String text = reason == null
                        || reason.toString().isBlank()
                        || reason.toString().contains("Exception")
                ? HttpStatus.getMessage(status)
                : reason.toString();
        return "the request was refused by the HTTP server: " + text.replaceAll("\\p{Cntrl}", "?");
    }
}

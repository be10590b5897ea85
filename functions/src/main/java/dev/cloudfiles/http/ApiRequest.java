package dev.cloudfiles.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A payload-2.0 event as the service sees it: method, path parameters, query, headers, body bytes. */
public final class ApiRequest {
    private final APIGatewayV2HTTPEvent event;
    private final String method;
    private final Map<String, String> headers;
    private QueryString query;
    private byte[] body;

    private ApiRequest(APIGatewayV2HTTPEvent event) {
        this.event = event;
        var http = event.getRequestContext() == null
                ? null
                : event.getRequestContext().getHttp();
        String m = http == null ? null : http.getMethod();
        this.method = m == null ? "GET" : m; // methods are case-sensitive (RFC 9110): "get" is not GET
        this.headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (event.getHeaders() != null)
            event.getHeaders().forEach((k, v) -> {
                if (k != null && v != null) headers.put(k, v);
            });
    }

    /** Wraps the event; the query string is parsed on first use (a malformed one is a 400 then). */
    public static ApiRequest of(APIGatewayV2HTTPEvent event) {
        return new ApiRequest(event);
    }

    public String method() {
        return method;
    }

    public String routeKey() {
        return event.getRouteKey();
    }

    public String rawPath() {
        return event.getRawPath() == null ? "/" : event.getRawPath();
    }

    public Optional<String> pathParameter(String name) {
        Map<String, String> params = event.getPathParameters();
        return params == null ? Optional.empty() : Optional.ofNullable(params.get(name));
    }

    public QueryString query() {
        if (query == null) query = QueryString.parse(event.getRawQueryString());
        return query;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    /** The body's bytes, base64-decoded when API Gateway encoded them. */
    public byte[] body() {
        if (body == null) {
            String raw = event.getBody();
            if (raw == null) body = new byte[0];
            else if (event.getIsBase64Encoded()) {
                try {
                    body = Base64.getDecoder().decode(raw);
                } catch (IllegalArgumentException e) {
                    throw ApiError.BAD_REQUEST.exception("request body is not valid base64");
                }
            } else body = raw.getBytes(StandardCharsets.UTF_8);
        }
        return body;
    }
}

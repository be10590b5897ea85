package dev.cloudfiles.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A payload-2.0 event as the service sees it: the fields {@link PayloadV2#read} takes from the
 * event's JSON, nothing else. Header names are lower case (as API Gateway gives them; repeated
 * names joined with commas); the query string is parsed and the body decoded on first use, so a
 * malformed one is a 400 then, inside the request's log line.
 */
public final class ApiRequest {
    private final String routeKey;
    private final String rawPath;
    private final String rawQueryString;
    private final Map<String, String> headers;
    private final List<String> cookies;
    private final Map<String, String> pathParameters;
    private final String rawBody;
    private final boolean base64Encoded;
    private final String requestId;
    private final String method;
    private final String sourceIp;
    private final String userAgent;
    private QueryString query;
    private byte[] body;

    /**
     * Nulls stand for fields the event lacks; {@code headers} must have lower-case names.
     *
     * @param method null when the event has none: GET (methods are case-sensitive, RFC 9110: "get" is not GET)
     */
    public ApiRequest(
            String routeKey,
            String rawPath,
            String rawQueryString,
            Map<String, String> headers,
            List<String> cookies,
            Map<String, String> pathParameters,
            String rawBody,
            boolean base64Encoded,
            String requestId,
            String method,
            String sourceIp,
            String userAgent) {
        this.routeKey = routeKey;
        this.rawPath = rawPath == null ? "/" : rawPath;
        this.rawQueryString = rawQueryString == null ? "" : rawQueryString;
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
        this.cookies = cookies == null ? List.of() : List.copyOf(cookies);
        this.pathParameters = pathParameters == null ? Map.of() : Map.copyOf(pathParameters);
        this.rawBody = rawBody;
        this.base64Encoded = base64Encoded;
        this.requestId = requestId;
        this.method = method == null ? "GET" : method;
        this.sourceIp = sourceIp;
        this.userAgent = userAgent;
    }

    public String method() {
        return method;
    }

    /** API Gateway's route key ({@link Routes}); null when the event has none. */
    public String routeKey() {
        return routeKey;
    }

    public String rawPath() {
        return rawPath;
    }

    /** As sent, never decoded; "" when there is none. */
    public String rawQueryString() {
        return rawQueryString;
    }

    /** By lower-case name. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The {@code Cookie} header's cookies: payload 2.0 moves them out of {@link #headers()}. */
    public List<String> cookies() {
        return cookies;
    }

    public Map<String, String> pathParameters() {
        return pathParameters;
    }

    /** API Gateway's request id (requestContext.requestId); null when the event has none. */
    public String requestId() {
        return requestId;
    }

    public String sourceIp() {
        return sourceIp;
    }

    public String userAgent() {
        return userAgent;
    }

    /** The body as the event carries it (base64 when {@link #isBase64Encoded()}); null when there is none. */
    public String rawBody() {
        return rawBody;
    }

    public boolean isBase64Encoded() {
        return base64Encoded;
    }

    public Optional<String> pathParameter(String name) {
        return Optional.ofNullable(pathParameters.get(name));
    }

    public QueryString query() {
        if (query == null) query = QueryString.parse(rawQueryString);
        return query;
    }

    /** Any case: header names are case-insensitive (RFC 9110). */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * The body's size inside the event Lambda was invoked with, which is what Lambda's 6 MB limit
     * counts: base64 for a binary body; for a text body (API Gateway passes {@code text/*}, JSON,
     * XML and JavaScript as a string) its UTF-8 once JSON-escaped, where {@code "}, {@code \} and
     * control characters take 2 bytes (6 for those JSON writes as a {@code u00XX} escape). An upper
     * bound where writers differ (characters beyond the BMP), so a body within it fits whoever
     * serialises the event.
     */
    public long bodyLengthInEvent() {
        if (rawBody == null) return 0;
        if (base64Encoded) return rawBody.length();
        long length = 0;
        for (int i = 0; i < rawBody.length(); i++) {
            char c = rawBody.charAt(i);
            if (c == '"' || c == '\\' || c == '\b' || c == '\t' || c == '\n' || c == '\f' || c == '\r') length += 2;
            else if (c < 0x20) length += 6;
            else if (c < 0x80) length += 1;
            else if (c < 0x800) length += 2;
            // Beyond the BMP: 4 bytes of UTF-8, or 12 where a writer escapes the surrogate pair
            // (Jackson's UTF-8 generator does, the local gateway's): count the larger.
            else if (Character.isSurrogate(c)) length += 6;
            else length += 3;
        }
        return length;
    }

    /** The body's bytes, base64-decoded when API Gateway encoded them. */
    public byte[] body() {
        if (body == null) {
            if (rawBody == null) body = new byte[0];
            else if (base64Encoded) {
                try {
                    body = Base64.getDecoder().decode(rawBody);
                } catch (IllegalArgumentException e) {
                    throw ApiError.BAD_REQUEST.exception("request body is not valid base64");
                }
            } else body = rawBody.getBytes(StandardCharsets.UTF_8);
        }
        return body;
    }
}

package dev.cloudfiles.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Request;

/** Builds the payload-2.0 event that API Gateway's HTTP API would send for a request. */
final class EventFactory {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    /** Room for the event's fixed fields (request context, version, route key) in size estimates. */
    private static final int ENVELOPE_BYTES = 1024;

    private EventFactory() {}

    /** API Gateway hands the function a decoded path; a decoded {@code ?} ends it. */
    static String decodedPath(String rawPath) {
        String decoded = PercentDecoding.decode(rawPath == null || rawPath.isEmpty() ? "/" : rawPath, false);
        int question = decoded.indexOf('?');
        return question < 0 ? decoded : decoded.substring(0, question);
    }

    /**
     * API Gateway's rule (HTTP API, payload 2.0): the body is a UTF-8 string only for these types;
     * everything else, no Content-Type and {@code application/x-www-form-urlencoded} included,
     * arrives base64 with {@code isBase64Encoded: true}. {@code +json} / {@code +xml} types are binary.
     */
    static boolean isText(String contentType) {
        if (contentType == null) return false;
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.startsWith("text/")
                || type.equals("application/json")
                || type.equals("application/xml")
                || type.equals("application/javascript");
    }

    /** The size of the body once in the event: base64 grows binary bodies by a third. */
    static long encodedBodyLength(long rawLength, boolean text) {
        return text ? rawLength : (rawLength + 2) / 3 * 4;
    }

    /** {@code body}: the raw bytes; a text body becomes a UTF-8 string, anything else base64. */
    static APIGatewayV2HTTPEvent build(
            Request request, TemplateRoutes.Match match, String requestId, byte[] body, boolean text) {
        String rawQuery = request.getHttpURI().getQuery(); // raw: never decoded, so never refused
        String path = decodedPath(request.getHttpURI().getPath());
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        for (HttpField field : request.getHeaders()) {
            String lower = field.getName().toLowerCase(Locale.ROOT);
            String value = field.getValue() == null ? "" : field.getValue();
            if (lower.equals("cookie")) {
                cookies.addAll(splitCookies(value));
            } else {
                headers.merge(lower, value, (a, b) -> a + "," + b);
            }
        }
        String sourceIp = Request.getRemoteAddr(request);
        headers.putIfAbsent("x-forwarded-for", sourceIp);
        headers.putIfAbsent("x-forwarded-proto", request.isSecure() ? "https" : "http");
        headers.putIfAbsent("x-forwarded-port", Integer.toString(Request.getLocalPort(request)));
        String host = headers.getOrDefault("host", "127.0.0.1");
        Instant now = Instant.now();

        var http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                .withMethod(request.getMethod())
                .withPath(path)
                .withProtocol(request.getConnectionMetaData().getProtocol())
                .withSourceIp(sourceIp)
                .withUserAgent(headers.getOrDefault("user-agent", ""))
                .build();
        var context = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withAccountId("000000000000")
                .withApiId("local")
                .withDomainName(host)
                .withDomainPrefix(host.split("[.:]", 2)[0])
                .withHttp(http)
                .withRequestId(requestId)
                .withRouteKey(match.route().routeKey())
                .withStage("$default")
                .withTime(TIME.format(now))
                .withTimeEpoch(now.toEpochMilli())
                .build();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(match.route().routeKey())
                .withRawPath(path)
                .withRawQueryString(rawQuery == null ? "" : rawQuery)
                .withCookies(cookies.isEmpty() ? null : cookies)
                .withHeaders(headers)
                .withQueryStringParameters(queryParameters(rawQuery))
                .withPathParameters(match.pathParameters().isEmpty() ? null : match.pathParameters())
                .withRequestContext(context)
                .withBody(
                        body.length == 0
                                ? null
                                : text
                                        ? new String(body, StandardCharsets.UTF_8)
                                        : Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(body.length > 0 && !text)
                .build();
    }

    /** A bound on the serialised event's size, for Lambda's 6 MB payload limit. */
    static long estimateSize(APIGatewayV2HTTPEvent event) {
        long size = ENVELOPE_BYTES
                + event.getRawPath().length() * 2L
                + event.getRawQueryString().length() * 2L;
        if (event.getBody() != null) size += event.getBody().length();
        for (var header : event.getHeaders().entrySet()) {
            size += header.getKey().length() + header.getValue().length() + 6;
        }
        if (event.getCookies() != null)
            size += event.getCookies().stream().mapToLong(c -> c.length() + 3).sum();
        return size;
    }

    /** Decoded parameters; a repeated name's values joined with commas; null when there are none. */
    static Map<String, String> queryParameters(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) return null;
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = PercentDecoding.decode(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : PercentDecoding.decode(pair.substring(eq + 1), true);
            parameters.merge(name, value, (a, b) -> a + "," + b);
        }
        return parameters.isEmpty() ? null : parameters;
    }

    private static List<String> splitCookies(String header) {
        List<String> cookies = new ArrayList<>();
        for (String cookie : header.split(";")) {
            if (!cookie.isBlank()) cookies.add(cookie.trim());
        }
        return cookies;
    }
}

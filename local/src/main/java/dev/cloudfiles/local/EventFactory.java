package dev.cloudfiles.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.sun.net.httpserver.HttpExchange;
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

/** Builds the payload-2.0 event that API Gateway's HTTP API would send for a request. */
final class EventFactory {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    /** Room for the event's fixed fields (request context, version, route key) in size estimates. */
    private static final int ENVELOPE_BYTES = 1024;

    private EventFactory() {}

    /** API Gateway hands the function a decoded path; a decoded {@code ?} ends it. */
    static String decodedPath(String rawPath) {
        String decoded = PercentDecoding.decode(rawPath == null || rawPath.isEmpty() ? "/" : rawPath, false);
        int question = decoded.indexOf('?');
        return question < 0 ? decoded : decoded.substring(0, question);
    }

    /** Content types that API Gateway passes as text; everything else (and none) arrives base64. */
    static boolean isText(String contentType) {
        if (contentType == null) return false;
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.equals("application/json") || type.equals("application/xml")
                || type.equals("application/x-www-form-urlencoded") || type.endsWith("+json") || type.endsWith("+xml");
    }

    /** The size of the body once in the event: base64 grows binary bodies by a third. */
    static long encodedBodyLength(long rawLength, boolean text) {
        return text ? rawLength : (rawLength + 2) / 3 * 4;
    }

    static APIGatewayV2HTTPEvent build(HttpExchange exchange, TemplateRoutes.Match match, String requestId,
                                       byte[] body, boolean text) {
        String rawPath = exchange.getRequestURI().getRawPath();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        String path = decodedPath(rawPath);
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                values.forEach(v -> cookies.addAll(splitCookies(v)));
            } else {
                headers.merge(lower, String.join(",", values), (a, b) -> a + "," + b);
            }
        });
        String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();
        headers.putIfAbsent("x-forwarded-for", sourceIp);
        headers.putIfAbsent("x-forwarded-proto", "http");
        headers.putIfAbsent("x-forwarded-port", Integer.toString(exchange.getLocalAddress().getPort()));
        String host = headers.getOrDefault("host", "127.0.0.1");
        Instant now = Instant.now();

        var http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                .withMethod(exchange.getRequestMethod())
                .withPath(path)
                .withProtocol(exchange.getProtocol())
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
                .withBody(body.length == 0 ? null : text
                        ? new String(body, StandardCharsets.UTF_8)
                        : Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(body.length > 0 && !text)
                .build();
    }

    /** A bound on the serialised event's size, for Lambda's 6 MB payload limit. */
    static long estimateSize(APIGatewayV2HTTPEvent event) {
        long size = ENVELOPE_BYTES + event.getRawPath().length() * 2L + event.getRawQueryString().length() * 2L;
        if (event.getBody() != null) size += event.getBody().length();
        for (var header : event.getHeaders().entrySet()) {
            size += header.getKey().length() + header.getValue().length() + 6;
        }
        if (event.getCookies() != null) size += event.getCookies().stream().mapToLong(c -> c.length() + 3).sum();
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

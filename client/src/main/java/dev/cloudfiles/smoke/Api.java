package dev.cloudfiles.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The deployed API as a stranger sees it: one request per call, no retries, no redirects
 * followed, every answer handed back whole so that a step can check status, headers and body.
 */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http;
    private final String drive;
    private final String key;

    private Api(HttpClient http, String drive, String key) {
        this.http = http;
        this.drive = drive;
        this.key = key;
    }

    /** The API of one drive, {@code {url}/v1/{project}/{drive}}, called with {@code key}. */
    Api(URI driveUri, String key) {
        this(
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .connectTimeout(Duration.ofSeconds(10))
                        .build(),
                driveUri.toString(),
                key);
    }

    /** The same drive, called with another key. */
    Api withKey(String otherKey) {
        return new Api(http, drive, otherKey);
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A request under the drive's base, with the key; {@code headers} as name, value pairs. */
    Answer call(String method, String pathAndQuery, byte[] body, String... headers) {
        return send(request(method, drive + pathAndQuery, body).header("X-Api-Key", key), headers);
    }

    /** A request whose body is {@code json} written as JSON. */
    Answer callJson(String method, String pathAndQuery, Object json) {
        try {
            return call(method, pathAndQuery, JSON.writeValueAsBytes(json), "Content-Type", "application/json");
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A request to a URL the API handed out (presigned, share link): no key, as anyone would send it. */
    Answer fetch(String method, String url, byte[] body, String... headers) {
        return send(request(method, url, body), headers);
    }

    private static HttpRequest.Builder request(String method, String url, byte[] body) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(TIMEOUT)
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
    }

    /** A GET of a URL the API handed out, without a key; the body is hashed as it streams, never held. */
    Digested digest(String url) {
        HttpRequest request = request("GET", url, null).build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            MessageDigest sha256 = SeededContent.sha256Digest();
            long size;
            try (InputStream in = new DigestInputStream(response.body(), sha256)) {
                size = in.transferTo(OutputStream.nullOutputStream());
            }
            return new Digested(response.statusCode(), size, HexFormat.of().formatHex(sha256.digest()));
        } catch (IOException e) {
            throw new Failed("GET " + shorten(url) + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("interrupted");
        }
    }

    private Answer send(HttpRequest.Builder request, String... headers) {
        for (int i = 0; i < headers.length; i += 2) request.header(headers[i], headers[i + 1]);
        HttpRequest built = request.build();
        try {
            HttpResponse<byte[]> r = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(
                    built.method() + " " + shorten(built.uri().toString()), r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new Failed(built.method() + " " + shorten(built.uri().toString()) + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("interrupted");
        }
    }

    /** The exception and the first message along its causes (the JDK's ConnectException has none of its own). */
    private static String describe(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null) return e.getClass().getSimpleName() + ": " + cause.getMessage();
        }
        return e.getClass().getSimpleName() + ": no connection";
    }

    /** A presigned URL without its query: its signature is nobody's business in a report. */
    static String shorten(String url) {
        int query = url.indexOf('?');
        return query < 0 || !url.contains("X-Amz-Signature=") ? url : url.substring(0, query) + "?…";
    }

    /** What a streamed GET brought: its status, how many bytes and their SHA-256. */
    record Digested(int status, long size, String sha256) {}

    /** One answer, whole. */
    record Answer(String request, int status, HttpHeaders headers, byte[] body) {
        /** This answer if its status is {@code expected}, else a failure quoting the body. */
        Answer expect(int expected) {
            if (status != expected) {
                throw new Failed(request + ": expected " + expected + ", got " + status + " " + text());
            }
            return this;
        }

        /** The body as JSON; a failure if it is not. */
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new Failed(request + ": expected a JSON body, got " + text());
            }
        }

        /** The text of JSON field {@code field} of the body, or {@code null}. */
        String field(String field) {
            JsonNode value = json().get(field);
            return value == null || value.isNull() ? null : value.asText();
        }

        /** The header's first value, or {@code null}. */
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** The body as text, cut short for a report line. */
        String text() {
            String text = new String(body, StandardCharsets.UTF_8).replaceAll("\\s+", " ");
            return text.length() > 300 ? text.substring(0, 300) + "…" : text;
        }
    }
}

package dev.cloudfiles.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudfiles.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** A test's view of the HTTP API: real requests over a real socket to the local gateway. */
final class TestApi {
    /** Reads answers back (databind at test scope only: the functions have none). */
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final HttpClient HTTP =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private final URI gateway;
    private final String project;
    private final String drive;
    private final String key;

    TestApi(URI gateway, String project, String drive, String key) {
        this.gateway = gateway;
        this.project = project;
        this.drive = drive;
        this.key = key;
    }

    TestApi withKey(String otherKey) {
        return new TestApi(gateway, project, drive, otherKey);
    }

    TestApi onDrive(String otherProject, String otherDrive) {
        return new TestApi(gateway, otherProject, otherDrive, key);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    URI uri(String pathAndQuery) {
        return URI.create(gateway + "/v1/" + project + "/" + drive + pathAndQuery);
    }

    HttpResponse<byte[]> put(String name, byte[] body, String... headers) {
        return send("POST", "/files?name=" + enc(name), body, headers);
    }

    HttpResponse<byte[]> put(String name, String body, String... headers) {
        return put(name, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    HttpResponse<byte[]> get(String name, String... headers) {
        return send("GET", "/files/download?name=" + enc(name), null, headers);
    }

    HttpResponse<byte[]> list(String query) {
        return send("GET", "/files" + (query.isEmpty() ? "" : "?" + query), null);
    }

    HttpResponse<byte[]> delete(List<String> names) {
        return send("DELETE", "/files", Json.write(Map.of("names", names)));
    }

    HttpResponse<byte[]> send(String method, String pathAndQuery, byte[] body, String... headers) {
        return sendTo(uri(pathAndQuery), method, body, headers);
    }

    HttpResponse<byte[]> sendTo(URI uri, String method, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (key != null) b.header("X-Api-Key", key);
        return execute(b, headers);
    }

    /** Fetches a URL as a stranger would: no API key, no other headers. */
    static HttpResponse<byte[]> fetch(String url, String... headers) {
        return execute(HttpRequest.newBuilder(URI.create(url)).GET(), headers);
    }

    private static HttpResponse<byte[]> execute(HttpRequest.Builder b, String... headers) {
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<byte[]> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(response.body(), StandardCharsets.UTF_8), e);
        }
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}

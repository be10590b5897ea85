package dev.cloudfiles.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A download (API.md #6): the bytes stream from the answer; a file above the inline download limit
 * answers 302 with a presigned S3 URL, which is followed as a fresh request without the API key —
 * in parallel ranges when the file is large ({@link RangedBody#worthIt}), so a small file still
 * costs one request to the API and one to S3.
 * The file's SHA-256, when the service states one ({@code Repr-Digest} on the answer, or
 * {@code sha256} in the 302's JSON), is checked as the body is read, or where a download to a file
 * is finished ({@link StreamingBody}).
 */
final class Downloader {
    private final Transport transport;

    Downloader(Transport transport) {
        this.transport = transport;
    }

    /** The file's body, or {@code null} when there is no such file. */
    StreamingBody get(String name) {
        String what = "getting " + name;
        Duration timeout = transport.config.timeouts().socket();
        HttpResponse<InputStream> r = transport.send(
                () -> transport
                        .apiRequest(transport.api("/files/download?name=" + Transport.enc(name)), timeout)
                        .GET()
                        .build(),
                BodyStream.handler(timeout),
                Transport.Retry.API,
                what);
        BodyStream body = (BodyStream) r.body();
        int status = r.statusCode();
        if (status == 200) {
            HttpHeaders h = r.headers();
            FileInfo info = new FileInfo(
                    name,
                    h.firstValueAsLong("Content-Length").orElse(-1),
                    h.firstValue("Content-Type").orElse(null),
                    h.firstValue("ETag").orElse(null),
                    httpDate(h.firstValue("Last-Modified").orElse(null)),
                    Digests.sha256Hex(h.firstValue("Repr-Digest").orElse(null)));
            return new StreamingBody(info, body);
        }
        byte[] answer = readSmall(body, what);
        if (status == 302) return followRedirect(name, answer, r.headers());
        CloudFilesException failure = Transport.failure(status, answer, r.headers(), what);
        // No such file; but a route_not_found (a wrong URL) is an error, not an empty drive.
        if (status == 404 && (failure.code() == null || failure.code().equals(ErrorBody.NOT_FOUND))) return null;
        throw failure;
    }

    /**
     * The 302's Location is a presigned S3 URL and its JSON says what it points at: a large file is
     * fetched in parallel ranges of that URL ({@link RangedBody}, lazily), anything else with one
     * GET. Either way a fresh request, no API key.
     */
    private StreamingBody followRedirect(String name, byte[] answer, HttpHeaders headers) {
        String what = "downloading " + name;
        String location = headers.firstValue("Location")
                .orElseThrow(
                        () -> new ServerException(302, what + ": a redirect without Location", ErrorBody.NONE, null));
        JsonNode json;
        try {
            json = Transport.JSON.readTree(answer);
        } catch (IOException e) {
            json = Transport.JSON.createObjectNode();
        }
        DownloadLink link = DownloadLink.of(transport, name, json);
        if (link != null
                && location.equals(link.url().toString())
                && RangedBody.worthIt(link.size(), transport.config)) {
            return new StreamingBody(link.info, new RangedBody(transport, link));
        }
        JsonNode meta = json;
        URI url = URI.create(location);
        Duration timeout = transport.config.timeouts().socket();
        HttpResponse<InputStream> s3 = transport.send(
                () -> HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
                BodyStream.handler(timeout),
                Transport.Retry.API,
                what);
        BodyStream body = (BodyStream) s3.body();
        if (s3.statusCode() != 200) throw Transport.failure(s3.statusCode(), readSmall(body, what), s3.headers(), what);
        HttpHeaders h = s3.headers();
        long size = meta.has("size")
                ? meta.get("size").asLong()
                : h.firstValueAsLong("Content-Length").orElse(-1);
        String type = meta.has("content_type")
                ? meta.get("content_type").asText()
                : h.firstValue("Content-Type").orElse(null);
        String etag = meta.has("etag")
                ? meta.get("etag").asText()
                : h.firstValue("ETag").orElse(null);
        return new StreamingBody(
                new FileInfo(
                        name,
                        size,
                        type,
                        etag,
                        httpDate(h.firstValue("Last-Modified").orElse(null)),
                        Transport.text(meta, "sha256")),
                body);
    }

    private static byte[] readSmall(BodyStream body, String what) {
        try (body) {
            return body.readNBytes(1024 * 1024);
        } catch (IOException e) {
            throw StreamingBody.failure(e);
        }
    }

    private static Instant httpDate(String value) {
        if (value == null) return null;
        try {
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }
}

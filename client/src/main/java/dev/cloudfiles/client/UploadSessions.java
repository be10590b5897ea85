package dev.cloudfiles.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** The drive's open uploads (API.md [ext] #3d), one upload's status (#3c), and ending one (#5). */
final class UploadSessions {
    private final Transport transport;

    UploadSessions(Transport transport) {
        this.transport = transport;
    }

    List<OpenUpload> list() {
        JsonNode answer = transport.callForJson(
                () -> transport
                        .apiRequest(
                                transport.api("/uploads"),
                                transport.config.timeouts().socket())
                        .GET()
                        .build(),
                "listing open uploads");
        List<OpenUpload> open = new ArrayList<>();
        for (JsonNode u : answer.path("uploads")) {
            open.add(new OpenUpload(
                    Transport.text(u, "upload_id"),
                    Transport.text(u, "name"),
                    optionalLong(u.get("size")),
                    optionalLong(u.get("part_size")),
                    Instant.parse(Transport.text(u, "created")),
                    Instant.parse(Transport.text(u, "expires_at")),
                    u.path("assembled").asBoolean(false)));
        }
        return open;
    }

    /** #3c: the session at {@code path} and the parts S3 holds; the raw answer, whatever its status. */
    HttpResponse<byte[]> status(String path, String name) {
        return transport.send(
                () -> transport
                        .apiRequest(
                                transport.api(path), transport.config.timeouts().socket())
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray(),
                Transport.Retry.API,
                "asking for the status of the upload of " + name);
    }

    /** #5: ends the upload; an unknown or finished one is a {@link NotFoundException}. */
    void abort(String uploadId, String name) {
        String what = "aborting upload " + uploadId + " of " + name;
        HttpResponse<byte[]> r = transport.send(
                () -> transport
                        .apiRequest(
                                transport.api(MultipartUploader.path(uploadId, name)),
                                transport.config.timeouts().socket())
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray(),
                Transport.Retry.COMMIT,
                what);
        if (r.statusCode() != 200) throw Transport.failure(r, what);
    }

    private static OptionalLong optionalLong(JsonNode n) {
        return n == null || n.isNull() ? OptionalLong.empty() : OptionalLong.of(n.asLong());
    }
}

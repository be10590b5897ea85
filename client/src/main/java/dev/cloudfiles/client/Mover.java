package dev.cloudfiles.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** Move and copy (API.md [ext]): {@code POST /files/move} (200) and {@code POST /files/copy} (201). */
final class Mover {
    private final Transport transport;

    Mover(Transport transport) {
        this.transport = transport;
    }

    FileInfo move(String from, String to, MoveOptions options) {
        return call("/files/move", 200, "moving " + from + " to " + to, from, to, options);
    }

    FileInfo copy(String from, String to, MoveOptions options) {
        return call("/files/copy", 201, "copying " + from + " to " + to, from, to, options);
    }

    private FileInfo call(String path, int ok, String what, String from, String to, MoveOptions options) {
        Map<String, String> request = new LinkedHashMap<>();
        request.put("from", from);
        request.put("to", to);
        byte[] body;
        try {
            body = Transport.JSON.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpResponse<byte[]> r = transport.send(
                () -> {
                    var builder = transport
                            .apiRequest(
                                    transport.api(path),
                                    transport.config.timeouts().socket())
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
                    options.addConditionTo(builder);
                    return builder.build();
                },
                HttpResponse.BodyHandlers.ofByteArray(),
                Transport.Retry.API,
                what);
        if (r.statusCode() != ok) throw Transport.failure(r, what);
        return Transport.fileInfo(Transport.json(r, what), to);
    }
}

package dev.cloudfiles.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Share links (API.md [ext]): create, list, revoke. */
final class Sharer {
    private final Transport transport;

    Sharer(Transport transport) {
        this.transport = transport;
    }

    CreatedShare share(String name, Duration ttl) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("name", name);
        request.put("ttl", ttl.toSeconds());
        byte[] body;
        try {
            body = Transport.JSON.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String what = "sharing " + name;
        HttpResponse<byte[]> r = transport.send(
                () -> transport
                        .apiRequest(
                                transport.api("/shares"),
                                transport.config.timeouts().socket())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray(),
                Transport.Retry.API,
                what);
        if (r.statusCode() != 201) throw Transport.failure(r, what);
        JsonNode json = Transport.json(r, what);
        return new CreatedShare(
                json.path("share_id").asText(),
                json.path("name").asText(),
                json.path("url").asText(),
                Instant.parse(json.path("expires_at").asText()));
    }

    List<Share> shares() {
        String what = "listing shares";
        HttpResponse<byte[]> r = transport.send(
                () -> transport
                        .apiRequest(
                                transport.api("/shares"),
                                transport.config.timeouts().socket())
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray(),
                Transport.Retry.API,
                what);
        if (r.statusCode() != 200) throw Transport.failure(r, what);
        List<Share> shares = new ArrayList<>();
        for (JsonNode s : Transport.json(r, what).path("shares")) {
            shares.add(new Share(
                    s.path("share_id").asText(),
                    s.path("name").asText(),
                    Instant.parse(s.path("expires_at").asText())));
        }
        return shares;
    }

    void unshare(String shareId) {
        String what = "revoking share " + shareId;
        HttpResponse<byte[]> r = transport.send(
                () -> transport
                        .apiRequest(
                                transport.api("/shares/" + Transport.enc(shareId)),
                                transport.config.timeouts().socket())
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray(),
                Transport.Retry.API,
                what);
        if (r.statusCode() != 200) throw Transport.failure(r, what);
    }
}

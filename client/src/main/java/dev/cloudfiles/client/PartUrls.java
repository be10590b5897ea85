package dev.cloudfiles.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;

/**
 * The presigned URL of a part, signed for the part's MD5: fetched through
 * {@code POST /uploads/{id}/urls?name=N} (API.md #3b) with the body
 * {@code {"parts":[{"part":K,"content_md5":"..."}]}} right before the part is sent, and again
 * when S3 refuses it with 403 (an expired URL). So a URL never waits long enough to expire, and S3
 * refuses a part whose bytes changed on the way (400 BadDigest). One request per part: a part is at
 * least 8 MiB, whose transfer takes far longer than the call.
 */
final class PartUrls {
    private final Transport transport;
    private final String name;
    private final String urlsPath;

    /** @param path the session's path, {@code /uploads/{id}?name=N}, to which {@code /urls} is added */
    PartUrls(Transport transport, String name, String path) {
        this.transport = transport;
        this.name = name;
        int q = path.indexOf('?');
        this.urlsPath = path.substring(0, q) + "/urls" + path.substring(q);
    }

    /** A fresh URL for part {@code part}, whose bytes have this MD5 (base64). */
    URI url(int part, String contentMd5) {
        ObjectNode body = Transport.JSON.createObjectNode();
        body.putArray("parts").addObject().put("part", part).put("content_md5", contentMd5);
        byte[] json;
        try {
            json = Transport.JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode answer = transport.callForJson(
                () -> transport
                        .apiRequest(
                                transport.api(urlsPath),
                                transport.config.timeouts().socket())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                        .build(),
                "getting the URL of part " + part + " of " + name);
        JsonNode parts = answer.path("parts");
        if (!parts.isArray() || parts.size() != 1 || parts.get(0).path("part").asInt() != part) {
            throw new ServerException(
                    200,
                    "the URL of part " + part + " of " + name + " does not match the request: " + parts,
                    ErrorBody.NONE,
                    null);
        }
        return URI.create(parts.get(0).path("url").asText());
    }
}

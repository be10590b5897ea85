package dev.cloudfiles.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Delete-many (API.md #8), in batches of the API's maximum of 1,000 names. */
final class Deleter {
    private static final int BATCH = 1000;

    private final Transport transport;

    Deleter(Transport transport) {
        this.transport = transport;
    }

    DeleteResult delete(Collection<String> names) {
        return delete(names, Map.of());
    }

    /** As above; a name in {@code ifMatch} is deleted only in the version of that ETag ([ext]). */
    DeleteResult delete(Collection<String> names, Map<String, String> ifMatch) {
        List<String> all = new ArrayList<>(names);
        List<String> deleted = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();
        for (int from = 0; from < all.size(); from += BATCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + BATCH));
            byte[] body;
            try {
                Map<String, Object> request = new LinkedHashMap<>();
                request.put("names", batch);
                Map<String, String> conditions = new LinkedHashMap<>();
                for (String name : batch) {
                    if (ifMatch.containsKey(name)) conditions.put(name, ifMatch.get(name));
                }
                if (!conditions.isEmpty()) request.put("if_match", conditions);
                body = Transport.JSON.writeValueAsBytes(request);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String what = "deleting " + (batch.size() == 1 ? batch.get(0) : batch.size() + " files");
            JsonNode json = transport.callForJson(
                    () -> transport
                            .apiRequest(
                                    transport.api("/files"),
                                    transport.config.timeouts().socket())
                            .header("Content-Type", "application/json")
                            .method("DELETE", HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                    what);
            json.path("deleted").forEach(n -> deleted.add(n.asText()));
            json.path("failed")
                    .properties()
                    .forEach(e -> failed.put(e.getKey(), e.getValue().asText()));
        }
        return new DeleteResult(deleted, failed);
    }
}

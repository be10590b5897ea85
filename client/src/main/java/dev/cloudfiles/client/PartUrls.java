package dev.cloudfiles.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.TreeSet;

/**
 * The presigned part URLs of one multipart upload, renewed through
 * {@code POST /uploads/{id}/urls?name=N&from=K} (API.md #3b) when they expire or are refused.
 * <p>
 * Each URL carries a stamp, the number of the answer it came from. A worker asks for a renewal
 * with the stamp of the URL it was refused: if that part's URL has been renewed since (by
 * another worker), it gets the new one without a request. A renewal covers every part from the
 * lowest one in flight on, so that workers whose URLs expired together share one request.
 * The lock is held during the request: workers wanting a URL meanwhile wait for the fresh ones.
 */
final class PartUrls {
    /** A part's URL and the stamp to {@link #renew} it with. */
    record Lease(URI url, int stamp) {}

    private final Transport transport;
    private final String name;
    private final String path;
    private final Clock clock;
    private final Duration margin;
    private final URI[] urls;
    private final int[] stamps;
    private final TreeSet<Integer> active = new TreeSet<>();
    private int generation;
    private Instant expiresAt;

    /**
     * @param path   the session's path, {@code /uploads/{id}?name=N}, to which {@code /urls} is added
     * @param answer an answer with the URLs of parts {@code from} to {@code parts} (#2 or #3b)
     * @param margin how long before its {@code expires_at} a URL is renewed before it is used
     */
    PartUrls(
            Transport transport,
            String name,
            String path,
            JsonNode answer,
            int from,
            int parts,
            Clock clock,
            Duration margin) {
        this.transport = transport;
        this.name = name;
        this.path = path;
        this.clock = clock;
        this.margin = margin;
        this.urls = new URI[parts];
        this.stamps = new int[parts];
        take(answer, from);
    }

    /** Part {@code number} is handed to a worker; called in order, before {@link #start}. */
    synchronized void begin(int number) {
        active.add(number);
    }

    /** The URL to start part {@code number} with, renewed first if it expires within the margin. */
    synchronized Lease start(int number) {
        int i = number - 1;
        if (!clock.instant().plus(margin).isBefore(expiresAt)) return renew(number, stamps[i]);
        return new Lease(urls[i], stamps[i]);
    }

    /** Part {@code number} is done (or failed): it no longer holds a renewal back to its number. */
    synchronized void finish(int number) {
        active.remove(number);
    }

    /**
     * A fresh URL for part {@code number}, whose URL of stamp {@code stamp} expired or was refused:
     * the one another worker already fetched, else one request from the lowest part in flight on.
     */
    synchronized Lease renew(int number, int stamp) {
        int i = number - 1;
        if (stamps[i] == stamp) {
            int from = active.isEmpty() ? number : Math.min(number, active.first());
            take(fetch(transport, path, from, "renewing the part URLs of " + name), from);
        }
        return new Lease(urls[i], stamps[i]);
    }

    /** API.md #3b: fresh URLs for the parts from {@code from} on of the session at {@code path}. */
    static JsonNode fetch(Transport transport, String path, int from, String what) {
        int q = path.indexOf('?');
        String urlsPath = path.substring(0, q) + "/urls" + path.substring(q) + "&from=" + from;
        return transport.callForJson(
                () -> transport
                        .apiRequest(transport.api(urlsPath), transport.config.socketTimeout())
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                what);
    }

    /** Takes the answer's URLs for parts {@code from}..n (exactly those) and its {@code expires_at}. */
    private void take(JsonNode answer, int from) {
        JsonNode parts = answer.path("parts");
        if (!parts.isArray() || parts.size() != urls.length - from + 1) {
            throw new ServerException(
                    200,
                    "the part URLs of " + name + " do not match the upload: " + parts.size() + " URLs for parts " + from
                            + " to " + urls.length,
                    ErrorBody.NONE,
                    null);
        }
        generation++;
        int expected = from;
        for (JsonNode part : parts) {
            if (part.path("part").asInt() != expected) {
                throw new ServerException(
                        200,
                        "the part URLs of " + name + " are out of order: part "
                                + part.path("part").asText() + " where " + expected + " was due",
                        ErrorBody.NONE,
                        null);
            }
            urls[expected - 1] = URI.create(part.path("url").asText());
            stamps[expected - 1] = generation;
            expected++;
        }
        expiresAt = expiry(Transport.text(answer, "expires_at"));
    }

    /** An unknown or unreadable expiry never triggers an early renewal; a 403 still does. */
    private static Instant expiry(String text) {
        if (text == null) return Instant.MAX;
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return Instant.MAX;
        }
    }
}

package dev.cloudfiles.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The presigned S3 URL of one version of a file (API.md #6: the 302's JSON, or
 * {@code redirect=false}), shared by the ranges of a parallel download and renewed when it
 * expires or S3 refuses it. A renewal that names another version (another ETag or size) means the
 * file was overwritten or deleted during the download: it fails with
 * {@link PreconditionFailedException} or {@link NotFoundException}, so that bytes of two versions
 * are never mixed. Each URL carries a stamp, so that ranges refused together share one renewal.
 */
final class DownloadLink {
    /**
     * A URL that expires within this margin is renewed before a range starts with it (or within a
     * quarter of its lifetime, if that is shorter, so that short-lived links are not renewed for
     * every range).
     */
    static final Duration MARGIN = Duration.ofMinutes(1);

    /** A URL and the stamp to {@link #renew} it with. */
    record Lease(URI url, int stamp) {}

    private final Transport transport;
    private final Clock clock;
    final FileInfo info;
    private URI url;
    private Instant expiresAt;
    private Duration margin;
    private int stamp;

    private DownloadLink(Transport transport, Clock clock, FileInfo info, URI url, Instant expiresAt) {
        this.transport = transport;
        this.clock = clock;
        this.info = info;
        this.url = url;
        this.expiresAt = expiresAt;
        this.margin = margin(clock, expiresAt);
    }

    private static Duration margin(Clock clock, Instant expiresAt) {
        if (expiresAt.equals(Instant.MAX)) return MARGIN;
        Duration quarter = Duration.between(clock.instant(), expiresAt).dividedBy(4);
        return quarter.isNegative() ? Duration.ZERO : quarter.compareTo(MARGIN) < 0 ? quarter : MARGIN;
    }

    /** The link the API answered for {@code name}, or null when the answer lacks a URL or a size. */
    static DownloadLink of(Transport transport, String name, JsonNode link) {
        String url = Transport.text(link, "url");
        if (url == null || !link.path("size").canConvertToLong()) return null;
        return new DownloadLink(
                transport, Clock.systemUTC(), Transport.fileInfo(link, name), URI.create(url), expiry(link));
    }

    /** The URL the link was answered with (or last renewed to). */
    synchronized URI url() {
        return url;
    }

    String name() {
        return info.name();
    }

    long size() {
        return info.size();
    }

    /** The version's ETag as S3 sends it in {@code ETag} and expects in {@code If-Match}, or null. */
    String etag() {
        return info.etag();
    }

    /** The URL to start a range with, renewed first if it expires within the margin ({@link #MARGIN}). */
    synchronized Lease lease() {
        if (!clock.instant().plus(margin).isBefore(expiresAt)) return renew(stamp);
        return new Lease(url, stamp);
    }

    /**
     * A fresh URL after the one of {@code stamp} was refused (403: expired; 404: its bytes are
     * gone; 412: not that version): the one another range already fetched, else a new one from the
     * API — which must be for the same version.
     */
    synchronized Lease renew(int refused) {
        if (refused != stamp) return new Lease(url, stamp);
        String what = "renewing the download link of " + name();
        HttpResponse<byte[]> r = transport.send(
                () -> transport
                        .apiRequest(
                                transport.api("/files/download?name=" + Transport.enc(name()) + "&redirect=false"),
                                transport.config.timeouts().socket())
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray(),
                Transport.Retry.API,
                what);
        if (r.statusCode() == 404) {
            CloudFilesException gone = Transport.failure(r, what);
            if (gone.code() == null || gone.code().equals(ErrorBody.NOT_FOUND)) {
                throw new NotFoundException(
                        404, name() + " was deleted during the download; nothing was written", ErrorBody.NONE, gone);
            }
            throw gone;
        }
        if (r.statusCode() != 200) throw Transport.failure(r, what);
        JsonNode answer = Transport.json(r, what);
        FileInfo now = Transport.fileInfo(answer, name());
        if (now.size() != size() || (etag() != null && !sameEtag(now.etag(), etag()))) {
            throw new PreconditionFailedException(
                    412,
                    name() + " changed during the download (ETag " + etag() + ", " + size() + " bytes → ETag "
                            + now.etag() + ", " + now.size() + " bytes); nothing was written",
                    ErrorBody.NONE,
                    null);
        }
        String fresh = Transport.text(answer, "url");
        if (fresh == null) throw new ServerException(200, what + ": the answer has no url", ErrorBody.NONE, null);
        url = URI.create(fresh);
        expiresAt = expiry(answer);
        margin = margin(clock, expiresAt);
        stamp++;
        return new Lease(url, stamp);
    }

    /** Entity tags compare without quotes or a weak marker; an unknown one matches nothing. */
    static boolean sameEtag(String a, String b) {
        return a != null && b != null && bare(a).equals(bare(b));
    }

    /** {@code "abc"} for {@code abc}, {@code "abc"} or {@code W/"abc"}: what {@code If-Match} carries. */
    static String quoted(String etag) {
        return "\"" + bare(etag) + "\"";
    }

    private static String bare(String etag) {
        String e = etag.trim();
        if (e.startsWith("W/")) e = e.substring(2);
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) e = e.substring(1, e.length() - 1);
        return e;
    }

    /** An unknown or unreadable expiry never triggers an early renewal; a 403 still does. */
    private static Instant expiry(JsonNode link) {
        String text = Transport.text(link, "expires_at");
        if (text == null) return Instant.MAX;
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return Instant.MAX;
        }
    }
}

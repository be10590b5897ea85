package dev.cloudfiles.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudfiles.http.Json;
import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.testing.MutableClock;
import dev.cloudfiles.store.table.Items;
import dev.cloudfiles.store.table.Tables;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Share links (API.md [ext]) through the local gateway, as template.yaml routes them. */
class ShareLinksTest {
    static final MutableClock clock = new MutableClock();

    @RegisterExtension
    static final LocalStackExtension stack =
            LocalStackExtension.builder().clock(clock).build();

    private static final String PROJECT = "shares";
    private static final AtomicInteger DRIVES = new AtomicInteger();
    private String drive;
    private TestApi api;

    @BeforeEach
    void freshDrive() {
        clock.reset();
        drive = "d" + DRIVES.incrementAndGet();
        api = new TestApi(
                stack.gatewayUri(),
                PROJECT,
                drive,
                stack.createKey(PROJECT, Set.of(), false).secret());
    }

    private HttpResponse<byte[]> share(TestApi as, String name, Object ttl) {
        return as.send("POST", "/shares", Json.write(Map.of("name", name, "ttl", ttl)));
    }

    private JsonNode created(String name, long ttl) {
        var r = share(api, name, ttl);
        assertThat(r.statusCode()).as(TestApi.text(r)).isEqualTo(201);
        return TestApi.json(r);
    }

    private static void assertNotFound(HttpResponse<byte[]> r) {
        assertThat(r.statusCode()).as(TestApi.text(r)).isEqualTo(404);
        assertThat(r.headers().firstValue("Location")).isEmpty();
        assertThat(TestApi.json(r).get("code").asText()).isEqualTo("not_found");
    }

    @Test
    void aLinkRedirectsWithoutAKeyToTheFilesCurrentBytes() {
        assertThat(api.put("docs/report.txt", "first").statusCode()).isEqualTo(201);
        Instant before = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        JsonNode share = created("docs/report.txt", 86_400);
        Instant after = clock.instant();
        assertThat(share.get("name").asText()).isEqualTo("docs/report.txt");
        assertThat(share.get("share_id").asText()).matches("[0-9A-Z]{26}");
        assertThat(Instant.parse(share.get("expires_at").asText()))
                .isBetween(before.plusSeconds(86_400), after.plusSeconds(86_400));
        String url = share.get("url").asText();
        assertThat(url).startsWith(stack.gatewayUri() + "/s/");
        String token = url.substring(url.lastIndexOf('/') + 1);
        assertThat(token).matches("[A-Za-z0-9_-]{43}"); // 256 bits, base64url
        assertThat(url).doesNotContain(PROJECT + "/").doesNotContain("report");

        var redirect = TestApi.fetch(url);
        assertThat(redirect.statusCode()).as(TestApi.text(redirect)).isEqualTo(302);
        String location = redirect.headers().firstValue("Location").orElseThrow();
        assertThat(redirect.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(TestApi.text(TestApi.fetch(location))).isEqualTo("first");

        // Replaced: the same link serves the new bytes.
        assertThat(api.send("PUT", "/files?name=docs/report.txt", "second".getBytes(StandardCharsets.UTF_8))
                        .statusCode())
                .isIn(200, 201);
        String again = TestApi.fetch(url).headers().firstValue("Location").orElseThrow();
        assertThat(TestApi.text(TestApi.fetch(again))).isEqualTo("second");

        // Only the token's hash is stored, never the token.
        var item = stack.clients()
                .dynamo()
                .getItem(b -> b.tableName(stack.config().table())
                        .key(Map.of(
                                Tables.PK,
                                Items.s(Tables.SHARE_PREFIX + sha256(token)),
                                Tables.SK,
                                Items.s(Tables.SHARE_SK)))
                        .consistentRead(true))
                .item();
        assertThat(item).isNotEmpty();
        assertThat(item.toString()).doesNotContain(token);
    }

    @Test
    void createRefusesABadTtlAndAMissingFile() {
        assertThat(api.put("a.txt", "a").statusCode()).isEqualTo(201);
        // A whole number written as a fraction (3600.0) or past a long is not a whole number of seconds.
        for (Object ttl : List.of(59, 2_592_001, -1, 0, "3600", 60.5, 3600.0, new BigInteger("18446744073709555216"))) {
            var r = share(api, "a.txt", ttl);
            assertThat(r.statusCode()).as("ttl " + ttl).isEqualTo(400);
            assertThat(TestApi.json(r).get("code").asText()).isEqualTo("bad_request");
        }
        assertThat(share(api, "a.txt", 60).statusCode()).isEqualTo(201);
        assertThat(share(api, "a.txt", 2_592_000).statusCode()).isEqualTo(201);
        assertThat(api.send("POST", "/shares", "{\"name\":\"a.txt\"}".getBytes(StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(400);
        assertNotFound(share(api, "missing.txt", 3600));
    }

    @Test
    void tamperedAndUnknownLinksAre404() {
        assertThat(api.put("a.txt", "a").statusCode()).isEqualTo(201);
        String url = created("a.txt", 3600).get("url").asText();
        char last = url.charAt(url.length() - 1);
        assertNotFound(TestApi.fetch(url.substring(0, url.length() - 1) + (last == 'A' ? 'B' : 'A')));
        assertNotFound(TestApi.fetch(url + "A"));
        assertNotFound(TestApi.fetch(url.substring(0, url.length() - 1)));
        assertNotFound(TestApi.fetch(stack.gatewayUri() + "/s/" + "A".repeat(43)));
        assertNotFound(TestApi.fetch(stack.gatewayUri() + "/s/not-a-token"));
        assertThat(TestApi.fetch(url).statusCode()).isEqualTo(302); // the real one still works
    }

    @Test
    void anExpiredLinkIs404AndLeavesTheListing() {
        assertThat(api.put("a.txt", "a").statusCode()).isEqualTo(201);
        String url = created("a.txt", 120).get("url").asText();
        clock.advance(Duration.ofSeconds(119));
        assertThat(TestApi.fetch(url).statusCode()).isEqualTo(302);
        assertThat(TestApi.json(api.send("GET", "/shares", null)).get("shares")).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        assertNotFound(TestApi.fetch(url));
        assertThat(TestApi.json(api.send("GET", "/shares", null)).get("shares")).isEmpty();
    }

    @Test
    void aRevokedLinkIsRefusedAtOnce() {
        assertThat(api.put("a.txt", "a").statusCode()).isEqualTo(201);
        JsonNode share = created("a.txt", 3600);
        String url = share.get("url").asText();
        assertThat(TestApi.fetch(url).statusCode()).isEqualTo(302); // resolved once: nothing may be cached
        var revoked = api.send("DELETE", "/shares/" + share.get("share_id").asText(), null);
        assertThat(revoked.statusCode()).as(TestApi.text(revoked)).isEqualTo(200);
        assertNotFound(TestApi.fetch(url));
        assertNotFound(api.send("DELETE", "/shares/" + share.get("share_id").asText(), null));
        assertNotFound(api.send("DELETE", "/shares/01ARZ3NDEKTSV4RRFFQ69G5FAV", null));
        assertNotFound(api.send("DELETE", "/shares/nonsense", null));
    }

    @Test
    void deletingTheFileEndsItsLinks() {
        assertThat(api.put("a.txt", "a").statusCode()).isEqualTo(201);
        String url = created("a.txt", 3600).get("url").asText();
        assertThat(api.delete(List.of("a.txt")).statusCode()).isEqualTo(200);
        assertNotFound(TestApi.fetch(url));
    }

    /**
     * A copy shares its source's bytes: a link to either name serves them while that name exists,
     * whatever became of the other, and answers a clear 404 once its name is gone — never a redirect to
     * bytes the sweeper deleted (which S3, without ListBucket, would answer 403).
     */
    @Test
    void linksToACopyAndItsSourceEachEndWithTheirOwnName() {
        assertThat(api.put("orig.txt", "shared bytes").statusCode()).isEqualTo(201);
        var copied = api.send("POST", "/files/copy", Json.write(Map.of("from", "orig.txt", "to", "copy.txt")));
        assertThat(copied.statusCode()).as(TestApi.text(copied)).isEqualTo(201);
        String toOrig = created("orig.txt", 2_592_000).get("url").asText();
        String toCopy = created("copy.txt", 2_592_000).get("url").asText();
        String blob = currentBlob("copy.txt");

        assertThat(api.delete(List.of("orig.txt")).statusCode()).isEqualTo(200);
        sweepDaysLater(3);
        assertNotFound(TestApi.fetch(toOrig));
        var redirect = TestApi.fetch(toCopy);
        assertThat(redirect.statusCode()).as(TestApi.text(redirect)).isEqualTo(302);
        var bytes = TestApi.fetch(redirect.headers().firstValue("Location").orElseThrow());
        assertThat(bytes.statusCode()).isEqualTo(200);
        assertThat(TestApi.text(bytes)).isEqualTo("shared bytes");

        assertThat(api.delete(List.of("copy.txt")).statusCode()).isEqualTo(200);
        sweepDaysLater(3);
        assertThat(blobExists(blob))
                .as("the last name went, and the bytes with it")
                .isFalse();
        assertNotFound(TestApi.fetch(toCopy));
    }

    private String currentBlob(String name) {
        return stack.clients()
                .dynamo()
                .getItem(b -> b.tableName(stack.config().table())
                        .key(Map.of(Tables.PK, Items.s(PROJECT + "/" + drive), Tables.SK, Items.s(name)))
                        .consistentRead(true))
                .item()
                .get("blob")
                .s();
    }

    private boolean blobExists(String blob) {
        try {
            stack.clients()
                    .s3()
                    .headObject(b -> b.bucket(stack.config().bucket()).key(blob));
            return true;
        } catch (NoSuchKeyException gone) {
            return false;
        }
    }

    private void sweepDaysLater(int runs) {
        for (int i = 0; i < runs; i++) {
            clock.advance(Duration.ofDays(1));
            assertThat(stack.app().sweeper().sweep().failures()).isZero();
        }
    }

    @Test
    void theListingShowsThisDrivesLiveShares() {
        assertThat(api.put("a.txt", "a").statusCode()).isEqualTo(201);
        assertThat(api.put("b.txt", "b").statusCode()).isEqualTo(201);
        JsonNode a = created("a.txt", 3600);
        JsonNode b = created("b.txt", 7200);
        var r = api.send("GET", "/shares", null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode shares = TestApi.json(r).get("shares");
        assertThat(shares).hasSize(2);
        assertThat(shares.get(0).get("share_id").asText())
                .isEqualTo(a.get("share_id").asText());
        assertThat(shares.get(0).get("name").asText()).isEqualTo("a.txt");
        assertThat(shares.get(0).get("expires_at").asText())
                .isEqualTo(a.get("expires_at").asText());
        assertThat(shares.get(1).get("share_id").asText())
                .isEqualTo(b.get("share_id").asText());
        assertThat(shares.get(0).has("url")).isFalse();
        // Another drive of the project has its own (empty) listing.
        assertThat(TestApi.json(api.onDrive(PROJECT, drive + "other").send("GET", "/shares", null))
                        .get("shares"))
                .isEmpty();
    }

    @Test
    void aReadOnlyKeyMayShareWhatItMayRead() {
        assertThat(api.put("a.txt", "a").statusCode()).isEqualTo(201);
        TestApi reader =
                api.withKey(stack.createKey(PROJECT, Set.of(drive), true).secret());
        var r = share(reader, "a.txt", 3600);
        assertThat(r.statusCode()).as(TestApi.text(r)).isEqualTo(201);
        String location = TestApi.fetch(TestApi.json(r).get("url").asText())
                .headers()
                .firstValue("Location")
                .orElseThrow();
        assertThat(TestApi.text(TestApi.fetch(location))).isEqualTo("a");
        assertThat(TestApi.json(reader.send("GET", "/shares", null)).get("shares"))
                .hasSize(1);
    }

    @Test
    void anotherDrivesKeyCannotShareListOrRevoke() {
        assertThat(api.put("a.txt", "a").statusCode()).isEqualTo(201);
        JsonNode share = created("a.txt", 3600);
        TestApi stranger =
                api.withKey(stack.createKey(PROJECT, Set.of("elsewhere"), false).secret());
        assertThat(share(stranger, "a.txt", 3600).statusCode()).isEqualTo(403);
        assertThat(stranger.send("GET", "/shares", null).statusCode()).isEqualTo(403);
        String id = share.get("share_id").asText();
        assertThat(stranger.send("DELETE", "/shares/" + id, null).statusCode()).isEqualTo(403);
        // Its own drive does not know the id: a share is revoked only through its drive.
        TestApi own = new TestApi(
                stack.gatewayUri(),
                PROJECT,
                "elsewhere",
                stack.createKey(PROJECT, Set.of("elsewhere"), false).secret());
        assertNotFound(own.send("DELETE", "/shares/" + id, null));
        assertThat(TestApi.fetch(share.get("url").asText()).statusCode()).isEqualTo(302);
        assertThat(api.withKey(null).send("GET", "/shares", null).statusCode()).isEqualTo(401);
    }

    @Test
    void theLinkRouteTakesOnlyGetAndHead() {
        var r = api.sendTo(URI.create(stack.gatewayUri() + "/s/" + "A".repeat(43)), "POST", new byte[0]);
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).contains("GET, HEAD");
    }

    /** HEAD answers as GET does (a curl -I, a link checker), without the body. */
    @Test
    void headOnALinkAnswersAsGetWithoutTheBody() {
        assertThat(api.put("h.txt", "hello").statusCode()).isEqualTo(201);
        String url = created("h.txt", 3600).get("url").asText();
        var get = TestApi.fetch(url);
        var head = stranger("HEAD", url);
        assertThat(head.statusCode()).as(TestApi.text(head)).isEqualTo(302);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Cache-Control")).contains("no-store");
        String location = head.headers().firstValue("Location").orElseThrow();
        assertThat(TestApi.text(TestApi.fetch(location))).isEqualTo("hello");
        assertThat(get.headers().firstValue("Content-Type"))
                .isEqualTo(head.headers().firstValue("Content-Type"));

        var unknown = stranger("HEAD", stack.gatewayUri() + "/s/" + "A".repeat(43));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEmpty();
        assertThat(unknown.headers().firstValue("Location")).isEmpty();
    }

    /** {@code ?disposition=inline}: shown in the browser for the types that run nothing, else a download. */
    @Test
    void inlineDisplayOnlyForTypesSafeToShow() {
        Map<String, Boolean> shownInline = new LinkedHashMap<>();
        for (String safe : List.of(
                "image/png", "image/jpeg", "application/pdf", "text/plain; charset=utf-8", "audio/mpeg", "video/mp4")) {
            shownInline.put(safe, true);
        }
        for (String hostile : List.of(
                "text/html",
                "text/html; charset=utf-8",
                "image/svg+xml",
                "application/xhtml+xml",
                "application/xml",
                "text/xml",
                "application/javascript",
                "text/javascript",
                "text/css",
                "application/octet-stream",
                "image/svg+xml; charset=utf-8")) {
            shownInline.put(hostile, false);
        }
        int i = 0;
        for (var type : shownInline.entrySet()) {
            String name = "inline/" + (i++) + ".bin";
            assertThat(api.put(name, "<script>alert(1)</script>", "Content-Type", type.getKey())
                            .statusCode())
                    .isEqualTo(201);
            String url = created(name, 3600).get("url").asText();
            var inline = TestApi.fetch(url + "?disposition=inline");
            assertThat(inline.statusCode()).as(TestApi.text(inline)).isEqualTo(302);
            String expected = type.getValue() ? "inline" : "attachment";
            assertThat(TestApi.json(inline).get("disposition").asText())
                    .as(type.getKey())
                    .isEqualTo(expected);
            var served = TestApi.fetch(inline.headers().firstValue("Location").orElseThrow());
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.headers().firstValue("Content-Disposition").orElseThrow())
                    .as(type.getKey())
                    .startsWith(expected + "; filename=");
            assertThat(served.headers().firstValue("Content-Type").map(t -> t.replace(" ", "")))
                    .as("served as the stored type")
                    .contains(type.getKey().replace(" ", ""));
            // Without the parameter (or asked for explicitly) a link always downloads.
            for (String query : List.of("", "?disposition=attachment")) {
                var plain = TestApi.fetch(url + query);
                assertThat(TestApi.json(plain).get("disposition").asText()).isEqualTo("attachment");
                assertThat(TestApi.fetch(plain.headers().firstValue("Location").orElseThrow())
                                .headers()
                                .firstValue("Content-Disposition")
                                .orElseThrow())
                        .startsWith("attachment; filename=");
            }
        }
    }

    @Test
    void anUnknownDispositionIsABadRequest() {
        assertThat(api.put("p.png", "x", "Content-Type", "image/png").statusCode())
                .isEqualTo(201);
        String url = created("p.png", 3600).get("url").asText();
        for (String value : List.of("INLINE", "form-data", "inline%0d%0aX:y")) {
            var r = TestApi.fetch(url + "?disposition=" + value);
            assertThat(r.statusCode()).as(value).isEqualTo(400);
            assertThat(r.headers().firstValue("Location")).isEmpty();
            assertThat(TestApi.json(r).get("code").asText()).isEqualTo("bad_request");
        }
    }

    /**
     * On a day of the month below 10: {@code Last-Modified} is an RFC 9110 IMF-fixdate (two-digit
     * day), and every date in JSON is RFC 3339 UTC with milliseconds.
     */
    @Test
    void datesFollowTheirStandardsOnASingleDigitDay() {
        ZonedDateTime now = clock.instant().atZone(ZoneOffset.UTC);
        ZonedDateTime seventh = now.withDayOfMonth(7).withHour(12); // noon: a 60 s link ends that day
        if (!seventh.isAfter(now)) seventh = seventh.plusMonths(1);
        clock.advance(Duration.between(now, seventh));

        var put = api.put("dated.txt", "d");
        assertThat(put.statusCode()).isEqualTo(201);
        String lastModified = TestApi.json(put).get("last_modified").asText();
        var get = api.get("dated.txt");
        String header = get.headers().firstValue("Last-Modified").orElseThrow();
        assertThat(header).matches("(Mon|Tue|Wed|Thu|Fri|Sat|Sun), 07 [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
        assertThat(ZonedDateTime.parse(header, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant())
                .isEqualTo(Instant.parse(lastModified).truncatedTo(ChronoUnit.SECONDS));

        String rfc3339 = "\\d{4}-\\d{2}-07T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";
        assertThat(lastModified).matches(rfc3339);
        JsonNode share = created("dated.txt", 60);
        assertThat(share.get("expires_at").asText()).matches(rfc3339);
        assertThat(TestApi.json(api.send("GET", "/shares", null))
                        .get("shares")
                        .get(0)
                        .get("expires_at")
                        .asText())
                .matches(rfc3339);
    }

    private static HttpResponse<byte[]> stranger(String method, String url) {
        return new TestApi(URI.create(url), PROJECT, "unused", null).sendTo(URI.create(url), method, null);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

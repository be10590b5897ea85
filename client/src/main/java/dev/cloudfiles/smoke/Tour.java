package dev.cloudfiles.smoke;

import static dev.cloudfiles.smoke.Api.enc;
import static dev.cloudfiles.smoke.Failed.expect;
import static dev.cloudfiles.smoke.Failed.expectBytes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudfiles.smoke.Api.Answer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The smoke's steps, in order, through the deployed API only. Every name lies under a prefix of
 * the run's own; the last step deletes whatever the others wrote or began, whether they passed or
 * not, and checks that the drive lists, uploads and shares none of the run's names.
 */
final class Tour {
    /** Above any inline limit the template allows (4.4 MB), and two presigned parts of the smallest part size (8 MiB). */
    static final long LARGE_SIZE = (9L << 20) + 12_345;
    /** A range of the large file across the end of its first part when parts are 8 MiB. */
    private static final long RANGE_FROM = (8L << 20) - 100;

    private static final int RANGE_LENGTH = 200;

    private final Api api;
    private final Api readOnly;
    private final Report report;
    private final String prefix;
    private final String a;
    private final String b;
    private final String c;
    private final String large;
    private final String moved;
    private final String copied;
    private final Map<String, SeededContent> small;
    private final SeededContent largeContent = new SeededContent(4, LARGE_SIZE);

    /** Every name a step wrote or tried to write: what the cleanup deletes. */
    private final Set<String> written = new LinkedHashSet<>();

    private String etagOfA;
    private String openUpload;
    private String liveShare;
    private String shareUrl;

    /** {@code readOnly} is null when no read-only key was given: that step is skipped. */
    Tour(Api api, Api readOnly, String prefix, Report report) {
        this.api = api;
        this.readOnly = readOnly;
        this.report = report;
        this.prefix = prefix;
        this.a = prefix + "a.bin";
        this.b = prefix + "dir/b.bin";
        this.c = prefix + "dir/sub/ünï côdé.bin"; // a name API Gateway must pass through URL-decoded exactly
        this.large = prefix + "large.bin";
        this.moved = prefix + "moved.bin";
        this.copied = prefix + "copied.bin";
        this.small = Map.of(a, new SeededContent(1, 3000), b, new SeededContent(2, 100), c, new SeededContent(3, 10));
    }

    void run() {
        step("put", this::put);
        step("get", this::get);
        step("list", this::list);
        step("folded list", this::foldedList);
        step("ranged get", this::rangedGet);
        step("delete", this::delete);
        step("multipart upload", this::multipartUpload);
        step("presigned get", this::presignedGet);
        step("presigned range", this::presignedRange);
        step("move", this::move);
        step("copy", this::copy);
        step("share link", this::shareLink);
        step("revoke share", this::revokeShare);
        if (readOnly == null) {
            report.skip("read-only key", "no read-only key given (CLOUD_FILES_READONLY_KEY or --readonly-key)");
        } else {
            step("read-only key", this::readOnlyRefused);
        }
        step("error code", this::errorCode);
        step("cleanup", this::cleanup);
    }

    /** A step whose line names files without the run's prefix (the first line of the run shows it). */
    private void step(String name, Report.Check check) {
        report.step(name, () -> check.run().replace(prefix, ""));
    }

    private String put() {
        for (String name : List.of(a, b, c)) {
            written.add(name);
            byte[] bytes = small.get(name).all();
            Answer put = putFile(api, name, bytes).expect(201);
            expect(name + " name", name, put.field("name"));
            expect(name + " size", Long.toString(bytes.length), put.field("size"));
            expect(name + " sha256", SeededContent.sha256(bytes), put.field("sha256"));
            if (name.equals(a)) etagOfA = put.field("etag");
        }
        return String.join(", ", a, b, c) + " → 201 each, name, size and sha256 as sent (a.bin etag " + etagOfA + ")";
    }

    private String get() {
        Answer get = api.call("GET", download(a), null).expect(200);
        expectBytes(a, small.get(a).all(), get.body());
        expect(a + " ETag", etagOfA, get.header("ETag"));
        return a + " → 200, " + get.body().length + " bytes as written, ETag as the put's";
    }

    private String list() {
        expect("names under " + prefix, List.of(a, b, c), listed(prefix, true));
        return "the run's names → exactly the 3 put, in byte order";
    }

    private String foldedList() {
        expect("folded " + prefix, List.of(a, prefix + "dir/"), listed(prefix, false));
        expect("folded " + prefix + "dir/", List.of(b, prefix + "dir/sub/"), listed(prefix + "dir/", false));
        return "recursive=false → a.bin, dir/; under dir/ → dir/b.bin, dir/sub/";
    }

    private String rangedGet() {
        long to = 1000 + RANGE_LENGTH - 1;
        Answer part =
                api.call("GET", download(a), null, "Range", "bytes=1000-" + to).expect(206);
        expect("Content-Range", "bytes 1000-" + to + "/3000", part.header("Content-Range"));
        expectBytes(a + " bytes 1000-" + to, small.get(a).bytes(1000, RANGE_LENGTH), part.body());
        return a + " bytes=1000-" + to + " → 206, those " + RANGE_LENGTH + " bytes";
    }

    private String delete() {
        Answer deleted =
                api.callJson("DELETE", "/files", Map.of("names", List.of(c))).expect(200);
        expect("deleted", List.of(c), strings(deleted.json().get("deleted")));
        expect("failed", 0, deleted.json().path("failed").size());
        expect(
                "get of " + c + " after the delete",
                "not_found",
                api.call("GET", download(c), null).expect(404).field("code"));
        expect("names under " + prefix + "dir/", List.of(b), listed(prefix + "dir/", true));
        return c + " → 200 deleted; its get answers 404 not_found and the listing omits it";
    }

    private String multipartUpload() {
        written.add(large);
        Answer started = api.call("POST", "/uploads?name=" + enc(large) + "&presigned=true&size=" + LARGE_SIZE, null)
                .expect(202);
        openUpload = started.field("upload_id");
        long partSize = started.json().path("part_size").asLong();
        JsonNode parts = started.json().path("parts");
        expect("parts of " + partSize + " bytes", (LARGE_SIZE + partSize - 1) / Math.max(partSize, 1), (long)
                parts.size());
        for (JsonNode part : parts) {
            long offset = (part.path("part").asLong() - 1) * partSize;
            byte[] bytes = largeContent.bytes(offset, (int) Math.min(partSize, LARGE_SIZE - offset));
            api.fetch("PUT", part.path("url").asText(), bytes).expect(200);
        }
        Answer done = api.call("PATCH", "/uploads/" + enc(openUpload) + "?name=" + enc(large), null)
                .expect(200);
        openUpload = null;
        expect(large + " size", Long.toString(LARGE_SIZE), done.field("size"));
        return large + " (" + LARGE_SIZE + " bytes) → 202, " + parts.size() + " parts of " + partSize
                + " bytes PUT to their presigned URLs without a key → 200, commit → 200, size " + LARGE_SIZE;
    }

    private String presignedGet() {
        String location = location(api.call("GET", download(large), null).expect(302));
        Api.Digested got = api.digest(location);
        expect("GET of the presigned URL", 200, got.status());
        expect(large + " size", LARGE_SIZE, got.size());
        expect(large + " sha256", largeContent.sha256(), got.sha256());
        return large + " → 302 to a presigned URL; without a key → 200, " + got.size() + " bytes, sha256 as uploaded";
    }

    private String presignedRange() {
        String range = "bytes=" + RANGE_FROM + "-" + (RANGE_FROM + RANGE_LENGTH - 1);
        String location =
                location(api.call("GET", download(large), null, "Range", range).expect(302));
        Answer part = api.fetch("GET", location, null, "Range", range).expect(206);
        expect("Content-Range", range.replace('=', ' ') + "/" + LARGE_SIZE, part.header("Content-Range"));
        expectBytes(large + " " + range, largeContent.bytes(RANGE_FROM, RANGE_LENGTH), part.body());
        return large + " " + range + " (across the parts) → 302, presigned URL → 206, those bytes";
    }

    private String move() {
        written.add(moved);
        Answer done = api.callJson("POST", "/files/move", Map.of("from", a, "to", moved))
                .expect(200);
        expect("moved name", moved, done.field("name"));
        expect("moved etag", etagOfA, done.field("etag"));
        expectBytes(
                moved,
                small.get(a).all(),
                api.call("GET", download(moved), null).expect(200).body());
        expect(
                "get of " + a + " after the move",
                "not_found",
                api.call("GET", download(a), null).expect(404).field("code"));
        return a + " → " + moved + ": 200, same etag; the new name reads the old bytes, the old answers 404";
    }

    private String copy() {
        written.add(copied);
        expect(
                "copy's name",
                copied,
                api.callJson("POST", "/files/copy", Map.of("from", moved, "to", copied))
                        .expect(201)
                        .field("name"));
        byte[] original = small.get(a).all();
        expectBytes(
                copied,
                original,
                api.call("GET", download(copied), null).expect(200).body());
        expectBytes(
                moved + " after the copy",
                original,
                api.call("GET", download(moved), null).expect(200).body());
        return moved + " → " + copied + ": 201; both read the same bytes";
    }

    private String shareLink() {
        Answer shared =
                api.callJson("POST", "/shares", Map.of("name", b, "ttl", 300)).expect(201);
        liveShare = shared.field("share_id");
        shareUrl = shared.field("url");
        String location = location(api.fetch("GET", shareUrl, null).expect(302));
        expectBytes(
                "the shared " + b,
                small.get(b).all(),
                api.fetch("GET", location, null).expect(200).body());
        return b + " → 201; its link without a key → 302 → 200, bytes as written";
    }

    private String revokeShare() {
        if (liveShare == null) throw new Failed("no link to revoke: the share link step made none");
        api.call("DELETE", "/shares/" + enc(liveShare), null).expect(200);
        liveShare = null;
        Answer after = api.fetch("GET", shareUrl, null).expect(404);
        expect("code", "not_found", after.field("code"));
        expect("Location", null, after.header("Location"));
        return "DELETE /shares/… → 200; the link then → 404 not_found";
    }

    private String readOnlyRefused() {
        expectBytes(
                b + " read with the read-only key",
                small.get(b).all(),
                readOnly.call("GET", download(b), null).expect(200).body());
        String refused = prefix + "read-only.bin";
        written.add(refused);
        expect(
                "code",
                "forbidden",
                putFile(readOnly, refused, new byte[] {1}).expect(403).field("code"));
        expect(
                "get of the refused " + refused,
                "not_found",
                api.call("GET", download(refused), null).expect(404).field("code"));
        return "the read-only key reads " + b + " (200) but a put → 403 forbidden, nothing stored";
    }

    private String errorCode() {
        String bad = prefix + "bad//name.bin";
        Answer refused = putFile(api, bad, new byte[] {1}).expect(400);
        expect("code", "invalid_name", refused.field("code"));
        if (refused.json().path("errors").isEmpty()) throw new Failed("no message in " + refused.text());
        return "a put of " + bad + " → 400, code invalid_name with a message";
    }

    private String cleanup() {
        if (openUpload != null) abandon("/uploads/" + enc(openUpload) + "?name=" + enc(large));
        if (liveShare != null) abandon("/shares/" + enc(liveShare));
        Answer deleted =
                api.callJson("DELETE", "/files", Map.of("names", written)).expect(200);
        expect("names the delete failed", 0, deleted.json().path("failed").size());
        expect("names left under " + prefix, List.of(), listed(prefix, true));
        expect(
                "uploads left under " + prefix,
                List.of(),
                ours(api.call("GET", "/uploads", null).expect(200), "uploads"));
        expect(
                "shares left under " + prefix,
                List.of(),
                ours(api.call("GET", "/shares", null).expect(200), "shares"));
        return "deleted " + written.size() + " names; none of the run's names is listed, uploading or shared";
    }

    /** Ends what a failed step left open; gone already (404) is as good. */
    private void abandon(String path) {
        Answer ended = api.call("DELETE", path, null);
        if (ended.status() != 200 && ended.status() != 404) ended.expect(200);
    }

    private static Answer putFile(Api as, String name, byte[] bytes) {
        return as.call("POST", "/files?name=" + enc(name), bytes, "Content-Type", "application/octet-stream");
    }

    private static String download(String name) {
        return "/files/download?name=" + enc(name);
    }

    private static String location(Answer redirect) {
        String location = redirect.header("Location");
        if (location == null) throw new Failed(redirect.request() + ": a " + redirect.status() + " without Location");
        return location;
    }

    /** The names under {@code dir}, folded or not (one page: the run's names are few). */
    private List<String> listed(String dir, boolean recursive) {
        return strings(api.call("GET", "/files?prefix=" + enc(dir) + "&recursive=" + recursive, null)
                .expect(200)
                .json()
                .path("names"));
    }

    /** The names of the run's own entries in a list of uploads or shares. */
    private List<String> ours(Answer answer, String field) {
        List<String> names = new ArrayList<>();
        answer.json().path(field).forEach(entry -> {
            String name = entry.path("name").asText();
            if (name.startsWith(prefix)) names.add(name);
        });
        return names;
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach(node -> strings.add(node.asText()));
        return strings;
    }
}

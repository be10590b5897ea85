package dev.cloudfiles.local.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.local.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the internet may send, over a raw socket so that no client library tidies it up first.
 * Every case names its expected status; every answer has the API's JSON error shape, also where
 * the HTTP server refuses the request before the gateway runs (JsonErrorHandler). No case may
 * produce a 5xx, and none may change the canary drive.
 */
class HostileInputTest {
    @RegisterExtension
    static final LocalStackExtension stack = LocalStackExtension.inMemory();

    static Canary canary;
    static String key;
    static String otherProjectKey;
    /** A live upload session: part numbers and part sizes are checked against a real one. */
    static String uploadId;

    /** How the JSON error comes: with a body, or (HEAD) headers only. */
    enum By {
        API,
        API_HEAD
    }

    record Case(byte[] request, int status, By by) {}

    @BeforeAll
    static void plant() {
        canary = Canary.plant(stack);
        key = canary.ownerKey();
        otherProjectKey = stack.createKey("hostileother", Set.of(), false).secret();
        var start = RawHttp.exchange(
                stack.gatewayUri(), req("POST", B + "/uploads?name=pending.bin").end());
        assertThat(start.status()).as(start.toString()).isEqualTo(202);
        uploadId = start.json().get("upload_id").asText();
    }

    @AfterEach
    void repair() {
        canary.repairIfChanged();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectedWithoutHarm(Case c) {
        check(c);
    }

    @Test
    void trailingGarbageAfterTheJsonBodyIsRejected() {
        check(new Case(
                req("DELETE", B + "/files").body("{\"names\":[\"" + Canary.NAME + "\"]}\u0000garbage"), 400, By.API));
    }

    @Test
    void aLowerCaseMethodIsNotGet() {
        check(new Case(req("get", B + "/files").end(), 405, By.API));
    }

    static void check(Case c) {
        RawHttp.Response response = RawHttp.exchange(stack.gatewayUri(), c.request());
        assertThat(response.status())
                .as(response.toString())
                .isBetween(400, 499)
                .isEqualTo(c.status());
        ErrorShape.assertError(response, c.status(), c.by() == By.API_HEAD);
        assertThat(response.headers())
                .as("no header smuggled into the answer")
                .noneMatch(
                        h -> h.name().equalsIgnoreCase("X-Injected") || h.name().equalsIgnoreCase("Set-Cookie"));
        canary.assertUnchanged();
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        names(all);
        drivesAndPaths(all);
        query(all);
        headers(all);
        bodies(all);
        methods(all);
        auth(all);
        return all.stream();
    }

    // ------------------------------------------------------------------ helpers

    static final String B = Canary.base();

    static void add(List<Arguments> all, String name, int status, By by, byte[] request) {
        all.add(Arguments.of(Named.of(name, new Case(request, status, by))));
    }

    static void add(List<Arguments> all, String name, int status, byte[] request) {
        add(all, name, status, By.API, request);
    }

    static RawHttp.Request req(String method, String target) {
        return new RawHttp.Request(method, target).header("X-Api-Key", key);
    }

    static byte[] get(String target) {
        return req("GET", target).end();
    }

    /** A write of the canary drive: it must be refused, or the canary check fails. */
    static byte[] put(String rawName) {
        return req("POST", B + "/files?name=" + rawName).body("hostile");
    }

    static byte[] download(String rawName) {
        return get(B + "/files/download?name=" + rawName);
    }

    static String pct(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) out.append('%').append(String.format("%02X", b & 0xff));
        return out.toString();
    }

    // ------------------------------------------------------------------ cases

    /** API.md "File names": every rule, on the write path (400) and, for legal names, the read path (404). */
    static void names(List<Arguments> all) {
        add(all, "name: missing", 400, req("POST", B + "/files").body("x"));
        add(all, "name: empty", 400, put(""));
        add(all, "name: whitespace only (%20)", 400, put("%20%20%20"));
        add(all, "name: whitespace only (+ is space)", 400, put("+++"));
        add(all, "name: leading /", 400, put("%2Fetc%2Fpasswd"));
        add(all, "name: trailing /", 400, put("dir%2F"));
        add(all, "name: //", 400, put("a%2F%2Fb"));
        add(all, "name: . segment", 400, put("a%2F.%2Fb"));
        add(all, "name: just .", 400, put("."));
        add(all, "name: just ..", 400, put(".."));
        add(all, "name: traversal plain ../", 400, put("../canary.txt"));
        add(all, "name: traversal encoded %2e%2e%2f", 400, put("%2e%2e%2fcanary.txt"));
        add(all, "name: traversal in the middle", 400, put("a%2F..%2F..%2Fcanary.txt"));
        add(
                all,
                "name: double-encoded traversal is a literal name, not the canary",
                404,
                download("%252e%252e%252fcanary.txt"));
        add(all, "name: backslash traversal is a literal name", 404, download("..%5Ccanary.txt"));
        add(all, "name: invalid UTF-8 %C3%28", 400, put("a%C3%28"));
        add(all, "name: invalid UTF-8 %FF", 400, put("%FF"));
        add(all, "name: truncated sequence %E2%82", 400, put("a%E2%82"));
        add(all, "name: overlong / %C0%AF", 400, put("..%C0%AFcanary.txt"));
        add(all, "name: overlong / %E0%80%AF", 400, put("..%E0%80%AFcanary.txt"));
        add(all, "name: lone high surrogate %ED%A0%80", 400, put("a%ED%A0%80"));
        add(all, "name: lone low surrogate %ED%B0%80", 400, put("a%ED%B0%80"));
        add(all, "name: NUL %00", 400, put("canary.txt%00.jpg"));
        add(all, "name: LF %0A", 400, put("a%0Ab"));
        add(all, "name: CR LF %0D%0A", 400, put("a%0D%0AX-Injected:%201"));
        add(all, "name: TAB %09", 400, put("a%09b"));
        add(all, "name: US %1F", 400, put("a%1Fb"));
        add(all, "name: DEL %7F", 400, put("a%7Fb"));
        add(all, "name: 1,024 ASCII bytes is legal", 404, download("a".repeat(1024)));
        add(all, "name: 1,025 ASCII bytes", 400, put("a".repeat(1025)));
        add(all, "name: 512 x 2-byte = 1,024 bytes is legal", 404, download(pct("é".repeat(512))));
        add(all, "name: 1 + 512 x 2-byte = 1,025 bytes", 400, put(pct("a" + "é".repeat(512))));
        add(all, "name: 1,023 + a 2-byte char straddling the limit", 400, put(pct("a".repeat(1023) + "é")));
        add(all, "name: 341 x 3-byte + 1 = 1,024 bytes is legal", 404, download(pct("€".repeat(341) + "a")));
        add(all, "name: 1,022 + a 3-byte char straddling the limit", 400, put(pct("a".repeat(1022) + "€")));
        add(all, "name: 256 x 4-byte = 1,024 bytes is legal", 404, download(pct("😀".repeat(256))));
        add(all, "name: 1,021 + a 4-byte char straddling the limit", 400, put(pct("a".repeat(1021) + "😀")));
        add(all, "name: 1 + 256 x 4-byte = 1,025 bytes", 400, put(pct("a" + "😀".repeat(256))));
        add(all, "name: 100 KB", 400, put("n".repeat(100_000)));
        add(all, "name: raw UTF-8 bytes, unencoded, in the request line, too long", 400, put("é".repeat(513)));
    }

    /** Path parameters: drive and project rules, traversal through the path, and paths that match no route. */
    static void drivesAndPaths(List<Arguments> all) {
        add(all, "drive: a dot", 400, get("/v1/sec/ma.in/files"));
        add(all, "drive: 65 characters", 400, get("/v1/sec/" + "d".repeat(65) + "/files"));
        add(
                all,
                "drive: 64 characters is legal (file not found)",
                404,
                get("/v1/sec/" + "d".repeat(64) + "/files/download?name=x"));
        add(all, "drive: encoded .. (%2e%2e)", 400, get("/v1/sec/%2e%2e/files"));
        add(all, "drive: non-ASCII (%C3%A9)", 400, get("/v1/sec/m%C3%A9/files"));
        add(all, "drive: NUL", 400, get("/v1/sec/ma%00in/files"));
        add(all, "drive: invalid UTF-8 %FF", 400, get("/v1/sec/%FF/files"));
        add(all, "drive: encoded slash splits it: no route", 404, get("/v1/sec/ma%2Fin/files"));
        add(all, "project: underscore", 400, get("/v1/se_c/main/files"));
        add(all, "project: encoded traversal to another project: no route", 404, get("/v1/..%2Fsec/main/files"));
        add(all, "path: // between segments: no route", 404, get("/v1/sec//main/files"));
        add(all, "path: trailing /: no route", 404, get(B + "/files/"));
        add(all, "path: plain ../ segments: no route", 404, get("/v1/other/../sec/main/files"));
        add(all, "path: 10,000 characters: no route", 404, get("/v1/" + "p".repeat(10_000)));
        add(all, "path: the bare root: no route", 404, get("/"));
    }

    static void query(List<Arguments> all) {
        add(
                all,
                "query: name twice",
                400,
                req("POST", B + "/files?name=a.txt&name=canary.txt").body("x"));
        add(all, "query: name twice, one empty", 400, download("&name=" + Canary.NAME));
        add(all, "query: limit=0", 400, get(B + "/files?limit=0"));
        add(all, "query: limit=1001", 400, get(B + "/files?limit=1001"));
        add(all, "query: limit=-1", 400, get(B + "/files?limit=-1"));
        add(all, "query: limit=abc", 400, get(B + "/files?limit=abc"));
        add(all, "query: limit=1e3", 400, get(B + "/files?limit=1e3"));
        add(all, "query: limit beyond a long", 400, get(B + "/files?limit=99999999999999999999"));
        add(all, "query: limit twice", 400, get(B + "/files?limit=1&limit=2"));
        add(all, "query: recursive=maybe", 400, get(B + "/files?recursive=maybe"));
        add(all, "query: detailed=2", 400, get(B + "/files?detailed=2"));
        add(all, "query: prefix invalid UTF-8", 400, get(B + "/files?prefix=%FF"));
        add(all, "query: last invalid UTF-8", 400, get(B + "/files?last=%C0%AF"));
        add(all, "query: redirect=nah", 400, download(Canary.NAME + "&redirect=nah"));
        add(all, "query: parameter name invalid UTF-8", 400, get(B + "/files?%FF=1"));
        add(
                all,
                "query: presigned upload without size",
                400,
                req("POST", B + "/uploads?presigned=true&name=big.bin").end());
        add(
                all,
                "query: presigned upload, size=-1",
                400,
                req("POST", B + "/uploads?presigned=true&size=-1&name=big.bin").end());
        add(
                all,
                "query: presigned upload, size over 5 TiB",
                400,
                req("POST", B + "/uploads?presigned=true&size=5497558138881&name=big.bin")
                        .end());
        add(
                all,
                "query: presigned upload, size=abc",
                400,
                req("POST", B + "/uploads?presigned=true&size=abc&name=big.bin").end());
        add(
                all,
                "query: part=0",
                400,
                req("POST", B + "/uploads/" + uploadId + "/parts?name=pending.bin&part=0")
                        .body("x"));
        add(
                all,
                "query: part=10001",
                400,
                req("POST", B + "/uploads/" + uploadId + "/parts?name=pending.bin&part=10001")
                        .body("x"));
        add(
                all,
                "query: part missing",
                400,
                req("POST", B + "/uploads/" + uploadId + "/parts?name=pending.bin")
                        .body("x"));
        add(
                all,
                "query: unknown upload id",
                404,
                req("PATCH", B + "/uploads/nosuchupload?name=a.bin").end());
        add(
                all,
                "query: upload id full of junk (a path that is not UTF-8: the HTTP server refuses)",
                400,
                req("DELETE", B + "/uploads/%00%FF..%2F?name=a.bin").end());
        add(
                all,
                "query: 200 KB query string (over the request head limit: 414)",
                414,
                get(B + "/files?prefix=" + "q".repeat(200_000) + "&limit=0"));
    }

    static void headers(List<Arguments> all) {
        add(
                all,
                "header: Content-Type with CR LF obs-fold continuation",
                400,
                req("POST", B + "/files?name=typed.txt")
                        .header("Content-Type", "text/html\r\n X-Injected: 1")
                        .body("x"));
        add(
                all,
                "header: Content-Type with a vertical tab",
                400,
                req("POST", B + "/files?name=typed.txt")
                        .header("Content-Type", "text/plain\u000bX-Injected: 1")
                        .body("x"));
        add(
                all,
                "header: Content-Type with an encoded CR LF",
                400,
                req("POST", B + "/files?name=typed.txt")
                        .header("Content-Type", "text/plain%0d%0aX-Injected:%201")
                        .body("x"));
        add(
                all,
                "header: Content-Type with a NEL (U+0085)",
                400,
                req("POST", B + "/files?name=typed.txt")
                        .header("Content-Type", "text/plain\u0085X-Injected: 1")
                        .body("x"));
        add(
                all,
                "header: Content-Type 5,000 characters",
                400,
                req("POST", B + "/files?name=typed.txt")
                        .header("Content-Type", "text/" + "x".repeat(5000))
                        .body("x"));
        add(
                all,
                "header: upload's Content-Type with a CR LF obs-fold",
                400,
                req("POST", B + "/uploads?name=typed.bin")
                        .header("Content-Type", "text/html\r\n X-Injected: 1")
                        .end());
        add(
                all,
                "header: If-Match garbage on a write of the canary",
                412,
                req("POST", B + "/files?name=" + Canary.NAME)
                        .header("If-Match", "\"garbage\"")
                        .body("x"));
        add(
                all,
                "header: If-None-Match * on the existing canary",
                412,
                req("POST", B + "/files?name=" + Canary.NAME)
                        .header("If-None-Match", "*")
                        .body("x"));
        add(
                all,
                "header: Range past the end",
                416,
                req("GET", B + "/files/download?name=" + Canary.NAME)
                        .header("Range", "bytes=100-")
                        .end());
        add(
                all,
                "header: 64 KB header value on a refused write",
                401,
                new RawHttp.Request("POST", B + "/files?name=big.txt")
                        .header("X-Junk", "j".repeat(65_536))
                        .body("x"));
        add(all, "header: 150 headers on a refused write", 401, many(150));
        // API Gateway sets no limit on the number of headers: all of them reach the function.
        add(all, "header: 250 headers on a refused write", 401, many(250));
        add(
                all,
                "header: Content-Length not a number (the HTTP server refuses)",
                400,
                req("POST", B + "/files?name=cl.txt")
                        .header("Content-Length", "abc")
                        .end());
        add(
                all,
                "header: negative Content-Length (the HTTP server refuses)",
                400,
                req("POST", B + "/files?name=cl.txt")
                        .header("Content-Length", "-5")
                        .end());
    }

    private static byte[] many(int count) {
        RawHttp.Request r = new RawHttp.Request("POST", B + "/files?name=many.txt");
        for (int i = 0; i < count; i++) r.header("X-Many-" + i, "v");
        return r.body("x");
    }

    static void bodies(List<Arguments> all) {
        byte[] overInline = new byte[4 * 1024 * 1024 + 1];
        add(
                all,
                "body: 4 MiB + 1 inline put",
                413,
                req("POST", B + "/files?name=big.bin").body(overInline));
        add(
                all,
                "body: 5 MiB binary (over Lambda's 6 MB once base64)",
                413,
                req("POST", B + "/files?name=big.bin").body(new byte[5 * 1024 * 1024]));
        add(
                all,
                "body: declares 10 MB + 1 (API Gateway's limit), sends nothing",
                413,
                req("POST", B + "/files?name=big.bin")
                        .header("Content-Length", "10485761")
                        .end());
        add(
                all,
                "body: upload part 4 MiB + 1",
                413,
                req("POST", B + "/uploads/" + uploadId + "/parts?name=pending.bin&part=1")
                        .body(overInline));
        add(
                all,
                "body: upload part for another name than the session's",
                400,
                req("POST", B + "/uploads/" + uploadId + "/parts?name=" + Canary.NAME + "&part=1")
                        .body("x"));
        add(all, "body: delete with no body", 400, req("DELETE", B + "/files").end());
        add(
                all,
                "body: delete with an empty JSON object",
                400,
                req("DELETE", B + "/files").body("{}"));
        add(
                all,
                "body: delete with malformed JSON",
                400,
                req("DELETE", B + "/files").body("{\"names\":[\"canary.txt\""));
        add(all, "body: delete with 10,000 [", 400, req("DELETE", B + "/files").body("[".repeat(10_000)));
        add(
                all,
                "body: delete with 10,000 nested objects",
                400,
                req("DELETE", B + "/files").body("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)));
        add(
                all,
                "body: delete with names nested in arrays",
                400,
                req("DELETE", B + "/files")
                        .body("{\"names\":" + "[".repeat(40) + "\"canary.txt\"" + "]".repeat(40) + "}"));
        add(
                all,
                "body: delete with duplicate keys",
                400,
                req("DELETE", B + "/files").body("{\"names\":[\"nothing\"],\"names\":[\"canary.txt\"]}"));
        add(
                all,
                "body: delete with names not strings",
                400,
                req("DELETE", B + "/files").body("{\"names\":[1,{\"x\":2}]}"));
        add(
                all,
                "body: delete with names a string",
                400,
                req("DELETE", B + "/files").body("{\"names\":\"canary.txt\"}"));
        add(
                all,
                "body: delete with an empty names list",
                400,
                req("DELETE", B + "/files").body("{\"names\":[]}"));
        add(
                all,
                "body: delete with 1,001 names",
                400,
                req("DELETE", B + "/files")
                        .body("{\"names\":[" + String.join(",", Collections.nCopies(1001, "\"x\"")) + "]}"));
        add(
                all,
                "body: delete as a form post (wrong content type)",
                400,
                req("DELETE", B + "/files")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .body("names=canary.txt"));
        add(
                all,
                "body: delete with a NUL inside the JSON",
                400,
                req("DELETE", B + "/files").body("{\"names\":[\"canary.txt\"\u0000]}"));
    }

    static void methods(List<Arguments> all) {
        add(all, "method: TRACE", 405, req("TRACE", B + "/files").end());
        add(
                all,
                "method: OPTIONS (CORS is off)",
                405,
                req("OPTIONS", B + "/files").end());
        add(all, "method: unknown FROB", 405, req("FROB", B + "/files").end());
        add(
                all,
                "method: PUT on the download route",
                405,
                req("PUT", B + "/files/download?name=" + Canary.NAME).body("x"));
        add(
                all,
                "method: POST on an upload (commit is PATCH)",
                405,
                req("POST", B + "/uploads/someid?name=a").end());
        add(all, "route: unknown resource", 404, get(B + "/admin/keys"));
        add(
                all,
                "route: absolute-form target to another host (Host differs: 400)",
                400,
                get("http://evil.example/admin"));
    }

    static void auth(List<Arguments> all) {
        add(
                all,
                "auth: no key on a write",
                401,
                new RawHttp.Request("POST", B + "/files?name=" + Canary.NAME).body("x"));
        add(
                all,
                "auth: empty key",
                401,
                new RawHttp.Request("DELETE", B + "/files")
                        .header("X-Api-Key", "")
                        .body("{\"names\":[\"canary.txt\"]}"));
        add(
                all,
                "auth: the same valid key twice",
                401,
                new RawHttp.Request("DELETE", B + "/files")
                        .header("X-Api-Key", key)
                        .header("X-Api-Key", key)
                        .body("{\"names\":[\"canary.txt\"]}"));
        add(
                all,
                "auth: another project's key, then the owner's",
                401,
                new RawHttp.Request("DELETE", B + "/files")
                        .header("X-Api-Key", otherProjectKey)
                        .header("X-Api-Key", key)
                        .body("{\"names\":[\"canary.txt\"]}"));
        add(
                all,
                "auth: key with a space inside",
                401,
                new RawHttp.Request("POST", B + "/files?name=" + Canary.NAME)
                        .header("X-Api-Key", key.substring(0, 10) + " " + key.substring(10))
                        .body("x"));
        add(
                all,
                "auth: key folded over two lines (obs-fold: the HTTP server refuses)",
                400,
                new RawHttp.Request("POST", B + "/files?name=" + Canary.NAME)
                        .header("X-Api-Key", key.substring(0, 10) + "\r\n " + key.substring(10))
                        .body("x"));
        // RFC 9110 forbids NUL in a field value: refused with JSON rather than silently stripped.
        add(
                all,
                "auth: key with a NUL inside (the HTTP server refuses)",
                400,
                new RawHttp.Request("POST", B + "/files?name=" + Canary.NAME)
                        .header("X-Api-Key", key.substring(0, 10) + "\u0000" + key.substring(10))
                        .body("x"));
        add(
                all,
                "auth: key 10,000 characters",
                401,
                new RawHttp.Request("POST", B + "/files?name=" + Canary.NAME)
                        .header("X-Api-Key", "sec_" + "k".repeat(10_000))
                        .body("x"));
        add(
                all,
                "auth: key with non-ASCII bytes",
                401,
                new RawHttp.Request("POST", B + "/files?name=" + Canary.NAME)
                        .header("X-Api-Key", "sec_ключ")
                        .body("x"));
        add(
                all,
                "auth: key in the query string is ignored",
                401,
                new RawHttp.Request("POST", B + "/files?name=" + Canary.NAME + "&x-api-key=" + key).body("x"));
        add(
                all,
                "auth: key as a Bearer token is ignored",
                401,
                new RawHttp.Request("POST", B + "/files?name=" + Canary.NAME)
                        .header("Authorization", "Bearer " + key)
                        .body("x"));
        add(
                all,
                "auth: key as a cookie is ignored",
                401,
                new RawHttp.Request("POST", B + "/files?name=" + Canary.NAME)
                        .header("Cookie", "x-api-key=" + key)
                        .body("x"));
        add(
                all,
                "auth: HEAD without a key",
                401,
                By.API_HEAD,
                new RawHttp.Request("HEAD", B + "/files/download?name=" + Canary.NAME).end());
    }
}

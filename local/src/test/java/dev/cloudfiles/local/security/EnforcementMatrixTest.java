package dev.cloudfiles.local.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.auth.IssuedKey;
import dev.cloudfiles.http.Routes;
import dev.cloudfiles.local.LocalStackExtension;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every route of {@link Routes#KEYED} (all but the keyless share link) × every way a caller can lack the right: each answer is the
 * documented 401/403 JSON error, and the canary drive (a file, its listing, and a pending upload
 * that is committed at the end) is untouched.
 */
class EnforcementMatrixTest {
    @RegisterExtension
    static final LocalStackExtension stack = LocalStackExtension.inMemory();

    static final String PENDING = "pending.bin";
    static final String PENDING_PART = "pending";
    static Canary canary;
    static Map<Caller, String> keys;
    static String uploadId;
    static String shareId;

    /** How a request is made with a key (or none) that must not get through. */
    enum Caller {
        NO_KEY(401, 401),
        MALFORMED_KEY(401, 401),
        UNKNOWN_KEY(401, 401),
        WRONG_SECRET_FOR_KNOWN_PROJECT(401, 401),
        REVOKED_KEY(401, 401),
        OTHER_PROJECTS_KEY(403, 403),
        KEY_FOR_ANOTHER_DRIVE(403, 403),
        READ_ONLY_KEY(200, 403);

        final int onRead;
        final int onWrite;

        Caller(int onRead, int onWrite) {
            this.onRead = onRead;
            this.onWrite = onWrite;
        }
    }

    /** A request on one route of the canary drive; writes aim at the canary itself. */
    record Call(String method, String target, String body, boolean write, int ok) {
        Call(String method, String target, String body, boolean write) {
            this(method, target, body, write, 200);
        }

        static Call of(String route) {
            String base = Canary.base();
            String upload = base + "/uploads/" + uploadId;
            return switch (route) {
                case Routes.POST_FILE -> new Call("POST", base + "/files?name=" + Canary.NAME, "overwritten", true);
                case Routes.PUT_FILE -> new Call("PUT", base + "/files?name=" + Canary.NAME, "overwritten", true);
                case Routes.START_UPLOAD -> new Call("POST", base + "/uploads?name=" + Canary.NAME, null, true);
                // Listing open uploads reads too, but uploads are writes in progress: writers only.
                case Routes.LIST_UPLOADS -> new Call("GET", base + "/uploads", null, true);
                case Routes.UPLOAD_PART ->
                    new Call("POST", upload + "/parts?name=" + PENDING + "&part=1", "intruder", true);
                case Routes.UPLOAD_URLS -> new Call("POST", upload + "/urls?name=" + PENDING, null, true);
                // Upload status reads, but it is an upload route: writers only, as the others.
                case Routes.UPLOAD_STATUS -> new Call("GET", upload + "?name=" + PENDING, null, true);
                case Routes.COMMIT_UPLOAD -> new Call("PATCH", upload + "?name=" + PENDING, null, true);
                case Routes.ABORT_UPLOAD -> new Call("DELETE", upload + "?name=" + PENDING, null, true);
                case Routes.GET_FILE -> new Call("GET", base + "/files/download?name=" + Canary.NAME, null, false);
                case Routes.HEAD_FILE -> new Call("HEAD", base + "/files/download?name=" + Canary.NAME, null, false);
                case Routes.LIST_FILES -> new Call("GET", base + "/files", null, false);
                case Routes.DELETE_FILES ->
                    new Call("DELETE", base + "/files", "{\"names\":[\"" + Canary.NAME + "\"]}", true);
                case Routes.MOVE_FILE ->
                    new Call(
                            "POST",
                            base + "/files/move",
                            "{\"from\":\"" + Canary.NAME + "\",\"to\":\"" + Canary.NAME + ".moved\"}",
                            true);
                case Routes.COPY_FILE ->
                    new Call(
                            "POST",
                            base + "/files/copy",
                            "{\"from\":\"" + Canary.NAME + "\",\"to\":\"" + Canary.NAME + ".copy\"}",
                            true,
                            201);
                // Share links need only read access: a read-only key may share, list and revoke.
                case Routes.CREATE_SHARE ->
                    new Call("POST", base + "/shares", "{\"name\":\"" + Canary.NAME + "\",\"ttl\":3600}", false, 201);
                case Routes.LIST_SHARES -> new Call("GET", base + "/shares", null, false);
                case Routes.REVOKE_SHARE -> new Call("DELETE", base + "/shares/" + shareId, null, false);
                default -> throw new AssertionError("a route without a matrix row: " + route);
            };
        }

        byte[] request(String key) {
            RawHttp.Request request = new RawHttp.Request(method, target);
            if (key != null) request.header("X-Api-Key", key);
            return body == null ? request.end() : request.body(body);
        }
    }

    @BeforeAll
    static void setUp() {
        canary = Canary.plant(stack);
        String owner = canary.ownerKey();
        var start = RawHttp.exchange(
                stack.gatewayUri(),
                new RawHttp.Request("POST", Canary.base() + "/uploads?name=" + PENDING)
                        .header("X-Api-Key", owner)
                        .end());
        assertThat(start.status()).as(start.toString()).isEqualTo(202);
        uploadId = start.json().get("upload_id").asText();
        var part = RawHttp.exchange(
                stack.gatewayUri(),
                new RawHttp.Request(
                                "POST", Canary.base() + "/uploads/" + uploadId + "/parts?name=" + PENDING + "&part=1")
                        .header("X-Api-Key", owner)
                        .body(PENDING_PART));
        assertThat(part.status()).as(part.toString()).isEqualTo(200);

        var share = RawHttp.exchange(
                stack.gatewayUri(),
                new RawHttp.Request("POST", Canary.base() + "/shares")
                        .header("X-Api-Key", owner)
                        .body("{\"name\":\"" + Canary.NAME + "\",\"ttl\":3600}"));
        assertThat(share.status()).as(share.toString()).isEqualTo(201);
        shareId = share.json().get("share_id").asText();

        IssuedKey revoked = stack.createKey(Canary.PROJECT, Set.of(), false);
        assertThat(stack.app().keys().revoke(revoked.key().keyId())).isTrue(); // never used: not in any cache
        char last = owner.charAt(owner.length() - 1);
        keys = new EnumMap<>(Caller.class);
        keys.put(Caller.MALFORMED_KEY, "not a key at all");
        keys.put(Caller.UNKNOWN_KEY, Canary.PROJECT + "_" + "A".repeat(43));
        keys.put(
                Caller.WRONG_SECRET_FOR_KNOWN_PROJECT,
                owner.substring(0, owner.length() - 1) + (last == 'A' ? 'B' : 'A'));
        keys.put(Caller.REVOKED_KEY, revoked.secret());
        keys.put(
                Caller.OTHER_PROJECTS_KEY,
                stack.createKey("secother", Set.of(), false).secret());
        keys.put(
                Caller.KEY_FOR_ANOTHER_DRIVE,
                stack.createKey(Canary.PROJECT, Set.of("elsewhere"), false).secret());
        keys.put(
                Caller.READ_ONLY_KEY,
                stack.createKey(Canary.PROJECT, Set.of(), true).secret());
    }

    static Stream<Arguments> matrix() {
        return Routes.KEYED.stream()
                .flatMap(route -> Arrays.stream(Caller.values()).map(caller -> Arguments.of(route, caller)));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("matrix")
    void refusedAndNothingChanges(String route, Caller caller) {
        Call call = Call.of(route);
        var response = RawHttp.exchange(stack.gatewayUri(), call.request(keys.get(caller)));
        int expected = call.write() ? caller.onWrite : caller.onRead;
        if (expected == 200) {
            assertThat(response.status()).as(response.toString()).isEqualTo(call.ok()); // a read-only key reads
        } else {
            ErrorShape.assertError(response, expected, call.method().equals("HEAD"));
        }
        canary.assertUnchanged();
    }

    @Test
    void everyRouteHasARow() {
        assertThat(Routes.KEYED).hasSize(18).allSatisfy(Call::of);
        assertThat(Routes.ALL)
                .containsExactlyInAnyOrderElementsOf(
                        Stream.concat(Routes.KEYED.stream(), Stream.of(Routes.SHARE_LINK, Routes.HEAD_SHARE_LINK))
                                .toList());
    }

    /** The pending upload survived every refused part, commit and abort: it commits with its one part. */
    @AfterAll
    static void pendingUploadIsIntact() {
        var commit = RawHttp.exchange(
                stack.gatewayUri(),
                new RawHttp.Request("PATCH", Canary.base() + "/uploads/" + uploadId + "?name=" + PENDING)
                        .header("X-Api-Key", canary.ownerKey())
                        .end());
        assertThat(commit.status()).as(commit.toString()).isEqualTo(200);
        var get = RawHttp.exchange(
                stack.gatewayUri(),
                new RawHttp.Request("GET", Canary.base() + "/files/download?name=" + PENDING)
                        .header("X-Api-Key", canary.ownerKey())
                        .end());
        assertThat(get.text()).isEqualTo(PENDING_PART);
    }
}

package dev.cloudfiles.local.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.http.Json;
import dev.cloudfiles.local.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * A drive holding one known file. Every refused or rejected request is followed by
 * {@link #assertUnchanged()}: the file's bytes and the drive's detailed listing (names, sizes,
 * etags, dates) must be exactly what they were.
 */
final class Canary {
    static final String PROJECT = "sec";
    static final String DRIVE = "main";
    static final String NAME = "canary.txt";
    static final String CONTENT = "tweet";

    private final LocalStackExtension stack;
    private final String ownerKey;
    private String listing;

    private Canary(LocalStackExtension stack, String ownerKey, String listing) {
        this.stack = stack;
        this.ownerKey = ownerKey;
        this.listing = listing;
    }

    static Canary plant(LocalStackExtension stack) {
        String owner = stack.createKey(PROJECT, Set.of(), false).secret();
        var put = RawHttp.exchange(
                stack.gatewayUri(),
                new RawHttp.Request("POST", base() + "/files?name=" + NAME)
                        .header("X-Api-Key", owner)
                        .header("Content-Type", "text/plain")
                        .body(CONTENT));
        assertThat(put.status()).as(put.toString()).isEqualTo(201);
        return new Canary(stack, owner, listing(stack, owner));
    }

    static String base() {
        return "/v1/" + PROJECT + "/" + DRIVE;
    }

    String ownerKey() {
        return ownerKey;
    }

    void assertUnchanged() {
        var get = RawHttp.exchange(
                stack.gatewayUri(),
                new RawHttp.Request("GET", base() + "/files/download?name=" + NAME)
                        .header("X-Api-Key", ownerKey)
                        .end());
        assertThat(get.status()).as("canary download").isEqualTo(200);
        assertThat(get.text()).as("canary bytes").isEqualTo(CONTENT);
        assertThat(listing(stack, ownerKey)).as("drive listing").isEqualTo(listing);
    }

    /**
     * After a case that broke the drive (a bug), puts it back as planted, so that one failure
     * does not fail every case after it.
     */
    void repairIfChanged() {
        String now = listing(stack, ownerKey);
        var get = RawHttp.exchange(
                stack.gatewayUri(),
                new RawHttp.Request("GET", base() + "/files/download?name=" + NAME)
                        .header("X-Api-Key", ownerKey)
                        .end());
        if (now.equals(listing) && get.status() == 200 && get.text().equals(CONTENT)) return;
        Map<?, ?> listed = (Map<?, ?>) Json.readBody(now.getBytes(StandardCharsets.UTF_8));
        byte[] names = Json.write(Map.of("names", listed.get("names")));
        RawHttp.exchange(
                stack.gatewayUri(),
                new RawHttp.Request("DELETE", base() + "/files")
                        .header("X-Api-Key", ownerKey)
                        .body(names));
        RawHttp.exchange(
                stack.gatewayUri(),
                new RawHttp.Request("POST", base() + "/files?name=" + NAME)
                        .header("X-Api-Key", ownerKey)
                        .header("Content-Type", "text/plain")
                        .body(CONTENT));
        listing = listing(stack, ownerKey);
    }

    private static String listing(LocalStackExtension stack, String key) {
        var list = RawHttp.exchange(
                stack.gatewayUri(),
                new RawHttp.Request("GET", base() + "/files?detailed=true")
                        .header("X-Api-Key", key)
                        .end());
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        return list.text();
    }
}

package dev.cloudfiles.auth;

import dev.cloudfiles.log.Metrics;
import dev.cloudfiles.log.Telemetry;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.ProjectId;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks an {@code X-Api-Key} against a drive and an access level. Verified keys are cached per
 * container for {@code cacheTtl}, so a revocation takes effect within that time.
 */
public final class Authenticator {
    private static final int MAX_KEY_LENGTH = 256;
    private static final int MAX_CACHED = 1024;
    /** Only spaces and tabs may surround a header value (RFC 9110 §5.5); nothing else is trimmed. */
    private static final java.util.regex.Pattern OPTIONAL_WHITESPACE =
            java.util.regex.Pattern.compile("^[ \t]+|[ \t]+$");

    private final KeyStore keys;
    private final Duration cacheTtl;
    private final Clock clock;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(ApiKey key, long expiresAtMillis) {}

    public Authenticator(KeyStore keys, Duration cacheTtl, Clock clock) {
        this.keys = keys;
        this.cacheTtl = cacheTtl;
        this.clock = clock;
    }

    /** The key that the header names, verified; 401 when it is missing, malformed, unknown or revoked. */
    public ApiKey identify(String header) {
        String presented =
                header == null ? "" : OPTIONAL_WHITESPACE.matcher(header).replaceAll("");
        if (presented.isEmpty()) throw AuthException.unauthorized("missing API key: send it in the X-Api-Key header");
        int underscore = presented.indexOf('_');
        if (presented.length() > MAX_KEY_LENGTH
                || underscore < 1
                || !isPrintableAscii(presented)
                || !ProjectId.isValid(presented.substring(0, underscore))) {
            throw AuthException.unauthorized("invalid API key");
        }
        byte[] hash = KeyStore.sha256(presented);
        String hex = HexFormat.of().formatHex(hash);
        long now = clock.millis();
        Cached cached = cache.get(hex);
        ApiKey key;
        if (cached != null && cached.expiresAtMillis > now) {
            key = cached.key;
            Telemetry.count(Metrics.KEY_CACHE_HITS, 1);
        } else {
            Telemetry.count(Metrics.KEY_CACHE_MISSES, 1);
            Optional<ApiKey> found = keys.findByHash(hash);
            if (found.isEmpty()) {
                cache.remove(hex);
                throw AuthException.unauthorized("invalid API key");
            }
            key = found.get();
            if (cache.size() >= MAX_CACHED) cache.clear();
            if (!cacheTtl.isZero()) cache.put(hex, new Cached(key, now + cacheTtl.toMillis()));
        }
        // The lookup already matched the hash; compare it again in constant time so that no code
        // path ever accepts a key on a variable-time comparison.
        if (!MessageDigest.isEqual(hash, key.secretHash())
                || !presented.startsWith(key.project() + "_")
                || key.revoked()) {
            throw AuthException.unauthorized("invalid API key");
        }
        return key;
    }

    /**
     * Empties the verified-key cache: after a SnapStart restore, entries cached before the
     * snapshot must not outlive a revocation made since.
     */
    public void forgetCachedKeys() {
        cache.clear();
    }

    /** Keys are printable ASCII; anything else (a NUL, a newline) makes a key unknown, not trimmed away. */
    private static boolean isPrintableAscii(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7e) return false;
        }
        return true;
    }

    public static void check(ApiKey key, Drive drive, Access access) {
        if (!key.project().equals(drive.project().value())) {
            throw AuthException.forbidden("this API key is not valid for project " + drive.project());
        }
        if (!key.grants(drive.name().value())) {
            throw AuthException.forbidden("this API key does not grant access to drive " + drive.name());
        }
        if (access == Access.WRITE && key.readOnly()) {
            throw AuthException.forbidden("this API key is read-only");
        }
    }
}

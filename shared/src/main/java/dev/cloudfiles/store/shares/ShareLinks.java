package dev.cloudfiles.store.shares;

import dev.cloudfiles.config.UniqueIds;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.FileName;
import dev.cloudfiles.store.blobs.Sha256;
import dev.cloudfiles.store.table.Attributes;
import dev.cloudfiles.store.table.Items;
import dev.cloudfiles.store.table.Tables;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Share links: a random token (256 bits from {@link SecureRandom}, base64url) that reads one file
 * name of one drive without a key until it expires or is revoked. Like an API key, the token itself
 * is never stored, only its SHA-256; the item it leads to names the drive and the file, so nothing
 * in the token can be changed to reach another file. Two items per link ({@link Tables}):
 * <ul>
 *   <li>{@code #share#{sha256 hex}} / {@code #share}: what the link resolves to (read by the link's function);
 *   <li>{@code #shares#{project}/{drive}} / share id: the drive's listing, which also leads back to the
 *       token's hash, so a revocation can delete the link's item.
 * </ul>
 * Both carry {@code expires_ttl} (epoch seconds) for DynamoDB's TTL; expiry itself is checked here,
 * on every read, because TTL deletes late.
 */
public final class ShareLinks {
    public static final Duration MIN_TTL = Duration.ofSeconds(60);
    public static final Duration MAX_TTL = Duration.ofDays(30);
    private static final String SK = Tables.SHARE_SK;
    /** 32 random bytes in base64url without padding. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    /** A live link of a drive, as its listing shows it. */
    public record Share(String shareId, String name, Instant expiresAt) {}

    /** A new link: {@code token} is shown once and never stored. */
    public record Created(Share share, String token) {}

    /** What a link leads to: a name in a drive (resolved through the index by the caller). */
    public record Target(Drive drive, FileName name) {}

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public ShareLinks(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /** Makes a link to {@code name} that lives {@code ttl} (between {@link #MIN_TTL} and {@link #MAX_TTL}). */
    public Created create(Drive drive, FileName name, Duration ttl) {
        if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("ttl out of range: " + ttl);
        }
        byte[] random = new byte[32];
        // A fresh generator per link, never one held across a SnapStart snapshot: restored copies of a
        // container must not share a random state (the default generator reads the OS's entropy).
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String hash = hash(token);
        long now = clock.millis();
        Instant expires = Instant.ofEpochMilli(now).plus(ttl);
        String shareId = UniqueIds.shared().ulid(now).toString();
        AttributeValue expiresTtl = Items.n(expires.getEpochSecond() + 1);
        // The listing item first: a crash between the writes leaves a listed link that leads nowhere
        // (revoking it is harmless), never a working link that no listing shows and nobody can revoke.
        Map<String, AttributeValue> listed = new HashMap<>(Items.key(Tables.sharesPk(drive.partitionKey()), shareId));
        listed.put("name", Items.s(name.value()));
        listed.put("expires", Items.n(expires.toEpochMilli()));
        listed.put("expires_ttl", expiresTtl);
        listed.put("token_hash", Items.s(hash));
        dynamo.putItem(b -> b.tableName(table).item(listed).conditionExpression("attribute_not_exists(pk)"));
        Map<String, AttributeValue> link = new HashMap<>(Items.key(Tables.SHARE_PREFIX + hash, SK));
        link.put("project", Items.s(drive.project().value()));
        link.put("drive", Items.s(drive.name().value()));
        link.put("name", Items.s(name.value()));
        link.put("share_id", Items.s(shareId));
        link.put("expires", Items.n(expires.toEpochMilli()));
        link.put("expires_ttl", expiresTtl);
        dynamo.putItem(b -> b.tableName(table).item(link).conditionExpression("attribute_not_exists(pk)"));
        return new Created(new Share(shareId, name.value(), expires), token);
    }

    /**
     * What a token leads to, read strongly consistent (a revocation counts at once); empty for a
     * token that is malformed, unknown, revoked or expired.
     */
    public Optional<Target> resolve(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) return Optional.empty();
        var item = dynamo.getItem(b -> b.tableName(table)
                        .key(Items.key(Tables.SHARE_PREFIX + hash(token), SK))
                        .consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) return Optional.empty();
        if (Items.number(item, "expires") <= clock.millis()) return Optional.empty();
        try {
            return Optional.of(new Target(
                    Drive.of(Items.string(item, "project"), Items.string(item, "drive")),
                    FileName.of(Items.string(item, "name"))));
        } catch (RuntimeException corrupt) {
            return Optional.empty();
        }
    }

    /** The drive's live links, oldest first. */
    public List<Share> list(Drive drive) {
        long now = clock.millis();
        List<Share> shares = new ArrayList<>();
        for (var page : dynamo.queryPaginator(b -> b.tableName(table)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", Items.s(Tables.sharesPk(drive.partitionKey()))))
                .consistentRead(true))) {
            for (var item : page.items()) {
                long expires = Items.number(item, "expires");
                if (expires <= now) continue;
                shares.add(new Share(
                        Items.string(item, Attributes.SK), Items.string(item, "name"), Instant.ofEpochMilli(expires)));
            }
        }
        return shares;
    }

    /**
     * Ends a link of this drive at once: its token item goes first, then its listing item. False
     * when the drive has no link of this id (an expired one still counts as there, until it is gone).
     */
    public boolean revoke(Drive drive, String shareId) {
        var key = Items.key(Tables.sharesPk(drive.partitionKey()), shareId);
        var listed = dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true))
                .item();
        if (listed == null || listed.isEmpty()) return false;
        String hash = Items.string(listed, "token_hash");
        if (hash != null) {
            dynamo.deleteItem(b -> b.tableName(table).key(Items.key(Tables.SHARE_PREFIX + hash, SK)));
        }
        dynamo.deleteItem(b -> b.tableName(table).key(key));
        return true;
    }

    private static String hash(String token) {
        return Sha256.hex(Sha256.of(token.getBytes(StandardCharsets.US_ASCII)));
    }
}

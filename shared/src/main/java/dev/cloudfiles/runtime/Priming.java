package dev.cloudfiles.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.cloudfiles.auth.AuthException;
import dev.cloudfiles.auth.Authenticator;
import dev.cloudfiles.config.Config;
import dev.cloudfiles.config.UniqueIds;
import dev.cloudfiles.log.JsonLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * SnapStart's hooks (CRaC {@link Resource}). Before the snapshot, {@link #beforeCheckpoint} runs
 * the code paths every request takes, against keys that cannot exist, so that the classes are
 * loaded, the SDK's marshallers, signer, endpoint rules and HTTP client are initialised and
 * nothing of it is left for the first request after a restore. It reads nothing and writes
 * nothing of any user: a consistent {@code GetItem} of a partition key no item has ({@code
 * #priming}), an API key lookup of a well-formed key that is not issued (401), a JSON round trip;
 * for a function whose requests query ({@link Clients#queries()}: its handler said {@link
 * Clients#willQuery}) a {@code Query} of that partition key; and for a function that uses S3
 * ({@link Clients#built()}: its handler built them at init with {@link Clients#willUse}) a {@code
 * HeadObject} of a key no blob has (404) and a presigned URL (no request). Priming makes only calls
 * its function's requests make, so its role allows them (local's IAM check records priming too);
 * a function that never calls S3 never builds its client, not even here.
 *
 * <p>After the restore, {@link #afterRestore} renews what every clone of the snapshot would
 * otherwise share: the ULID generator's random state ({@link UniqueIds#renew()}), the cached
 * credentials ({@link RenewableCredentials#renew()}) and the API key cache. Connections need no
 * renewing: the url-connection client's keep-alive cache drops a connection idle longer than
 * its keep-alive time (5 s unless the server says otherwise) when it is next taken, and a snapshot
 * is restored minutes to days after it was taken.
 */
public final class Priming implements Resource {
    /** A partition key no item of the table has: every real one starts with a project id or {@code #word#}. */
    static final String NO_SUCH_PK = "#priming";

    static final String NO_SUCH_BLOB = "#priming/no-such-blob";
    /** Well-formed (project "priming", 43 characters), never issued: KeyStore finds no item for its hash. */
    static final String NO_SUCH_KEY = "priming_" + "0".repeat(43);

    private static final JsonFactory JSON = new JsonFactory();

    private final Config config;
    private final Clients clients;
    private final Authenticator authenticator;
    private final UniqueIds ids;

    public Priming(Config config, Clients clients, Authenticator authenticator, UniqueIds ids) {
        this.config = config;
        this.clients = clients;
        this.authenticator = authenticator;
        this.ids = ids;
    }

    /**
     * Registers the hooks with the global CRaC context (Lambda's runtime calls them around a
     * SnapStart snapshot; elsewhere nothing ever does). The context holds resources weakly: keep
     * the returned instance referenced.
     */
    public static Priming register(Config config, Clients clients, Authenticator authenticator) {
        Priming priming = new Priming(config, clients, authenticator, UniqueIds.shared());
        Core.getGlobalContext().register(priming);
        return priming;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        renew();
    }

    /**
     * The work of {@link #beforeCheckpoint}: each call's outcome is known (nothing found). Every step
     * is best effort — priming only saves time, so a step that fails (an outage while the snapshot
     * is taken, say) is logged and skipped, never
     * allowed to fail the snapshot and with it the deployment.
     */
    public void prime() {
        Map<String, AttributeValue> key =
                Map.of("pk", AttributeValue.fromS(NO_SUCH_PK), "sk", AttributeValue.fromS(NO_SUCH_PK));
        step(
                "GetItem",
                () -> clients.dynamo()
                        .getItem(b -> b.tableName(config.table()).key(key).consistentRead(true)));
        if (clients.queries()) {
            step(
                    "Query",
                    () -> clients.dynamo()
                            .query(b -> b.tableName(config.table())
                                    .keyConditionExpression("pk = :pk")
                                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(NO_SUCH_PK)))
                                    .limit(1)));
        }
        Set<Clients.OnDemand> used = clients.built();
        if (used.contains(Clients.OnDemand.S3)) {
            step("HeadObject", () -> {
                try {
                    clients.s3().headObject(b -> b.bucket(config.bucket()).key(NO_SUCH_BLOB));
                } catch (S3Exception expected) {
                    // 404 (403 without ListBucket): the S3 path (signer, endpoint rules, error unmarshalling) is primed
                }
            });
        }
        if (used.contains(Clients.OnDemand.PRESIGNER)) {
            step(
                    "presign",
                    () -> clients.presigner()
                            .presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(1))
                                    .getObjectRequest(
                                            g -> g.bucket(config.bucket()).key(NO_SUCH_BLOB))));
        }
        step("key lookup", () -> {
            try {
                authenticator.identify(NO_SUCH_KEY);
            } catch (AuthException expected) {
                // 401: key hashing, the key store's lookup and the error path are primed
            }
        });
        step("JSON", Priming::jsonRoundTrip);
        ids.ulid(System.currentTimeMillis());
    }

    private static void step(String what, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            JsonLog.warn("priming step failed; the first request does it instead: " + what, null, e);
        }
    }

    /** The work of {@link #afterRestore}. */
    public void renew() {
        ids.renew();
        clients.credentials().renew();
        authenticator.forgetCachedKeys();
    }

    private static void jsonRoundTrip() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (JsonGenerator g = JSON.createGenerator(out)) {
                g.writeStartObject();
                g.writeStringField("name", "priming/ü.txt");
                g.writeNumberField("size", 1L);
                g.writeEndObject();
            }
            try (JsonParser p = JSON.createParser(out.toByteArray())) {
                while (p.nextToken() != null) {
                    p.getValueAsString();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.cloudfiles.local.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudfiles.auth.AuthException;
import dev.cloudfiles.auth.IssuedKey;
import dev.cloudfiles.config.UniqueIds;
import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.faults.FaultInjector;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.FileName;
import dev.cloudfiles.runtime.Clients;
import dev.cloudfiles.runtime.Priming;
import dev.cloudfiles.store.index.Precondition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * SnapStart's hooks, driven directly (no real checkpoint): priming leaves the table and the
 * bucket as they were, and after a restore ids are unique across clones of one snapshot and not
 * the continuation of the sequence made before it, credentials are re-resolved and no verified key
 * survives from before.
 */
class SnapStartHooksTest {
    static final FaultInjector faults = new FaultInjector();

    @RegisterExtension
    static final LocalStackExtension stack =
            LocalStackExtension.builder().interceptors(List.of(faults)).build();

    static final long T = 1_800_000_000_000L;

    /** Two clones of one snapshot: generators whose random state is the same. */
    private static UniqueIds cloneOfSnapshot() {
        return new UniqueIds(() -> new Random(42));
    }

    private Priming priming(UniqueIds ids) {
        return new Priming(
                stack.app().config(), stack.app().clients(), stack.app().authenticator(), ids);
    }

    @Test
    void primingReadsNothingOfAnyUserAndWritesNothing() {
        Drive drive = Drive.of("prime", "docs");
        stack.app().files().put(drive, FileName.of("a.txt"), new byte[] {1, 2, 3}, "text/plain", Precondition.NONE);
        var dynamo = stack.app().clients().dynamo();
        var s3 = stack.app().clients().s3();
        String table = stack.app().config().table();
        String bucket = stack.app().config().bucket();
        int items = dynamo.scan(b -> b.tableName(table)).count();
        int blobs = s3.listObjectsV2(b -> b.bucket(bucket)).keyCount();

        priming(cloneOfSnapshot()).beforeCheckpoint(null);

        assertThat(dynamo.scan(b -> b.tableName(table)).count()).isEqualTo(items);
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).keyCount()).isEqualTo(blobs);
    }

    /**
     * Priming builds and primes S3's client and presigner for a function whose handler declared them
     * ({@code Clients.willUse}), and never for one that did not: that function never loads them.
     */
    @Test
    void primingBuildsS3OnlyForAFunctionThatUsesIt() {
        try (Clients listing = Clients.create(stack.config());
                Clients reading = Clients.create(stack.config())) {
            reading.willUse(Clients.OnDemand.S3, Clients.OnDemand.PRESIGNER);

            new Priming(stack.app().config(), listing, stack.app().authenticator(), cloneOfSnapshot()).prime();
            new Priming(stack.app().config(), reading, stack.app().authenticator(), cloneOfSnapshot()).prime();

            assertThat(listing.built()).isEmpty();
            assertThat(reading.built()).containsExactlyInAnyOrder(Clients.OnDemand.S3, Clients.OnDemand.PRESIGNER);
        }
    }

    /**
     * Priming queries only for a function whose requests query ({@code Clients.willQuery}): GetFile's,
     * DeleteFiles' and the share link's roles may not Query, and each snapshot would log an AccessDenied
     * WARN (local's IAM check, TemplatePoliciesIT, holds priming's calls to each function's policy).
     */
    @Test
    void primingQueriesOnlyForAFunctionWhoseRequestsQuery() {
        List<String> queried = new CopyOnWriteArrayList<>();
        try (Clients reading = Clients.create(stack.config(), List.of(queries("reading", queried)));
                Clients listing = Clients.create(stack.config(), List.of(queries("listing", queried)))) {
            listing.willQuery();

            new Priming(stack.app().config(), reading, stack.app().authenticator(), cloneOfSnapshot()).prime();
            new Priming(stack.app().config(), listing, stack.app().authenticator(), cloneOfSnapshot()).prime();

            assertThat(queried).containsExactly("listing");
        }
    }

    private static ExecutionInterceptor queries(String who, List<String> log) {
        return new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof QueryRequest) log.add(who);
            }
        };
    }

    /** An outage while the snapshot is taken: priming skips the step, it never fails the snapshot and the deployment. */
    @Test
    void aFailingPrimingStepNeverFailsTheSnapshot() {
        faults.fail(r -> r instanceof QueryRequest, FaultInjector.When.BEFORE_SENDING);
        try {
            priming(cloneOfSnapshot()).beforeCheckpoint(null);
            assertThat(faults.injected()).as("the Query step failed").isPositive();
        } finally {
            faults.clear();
        }
    }

    @Test
    void idsAfterRestoreAreUniqueAcrossClonesAndNotPredictableFromBefore() {
        UniqueIds first = cloneOfSnapshot();
        UniqueIds second = cloneOfSnapshot();
        UniqueIds predictor = cloneOfSnapshot();
        // Before the restore the clones are one generator: the same id in the same millisecond.
        String before = first.ulid(T).toString();
        assertThat(second.ulid(T).toString()).isEqualTo(before);
        assertThat(predictor.ulid(T).toString()).isEqualTo(before);

        priming(first).afterRestore(null);
        priming(second).afterRestore(null);

        Set<String> seen = new HashSet<>();
        List<String> predicted = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            seen.add(first.ulid(T + 1).toString());
            seen.add(second.ulid(T + 1).toString());
            predicted.add(predictor.ulid(T + 1).toString());
        }
        assertThat(seen).as("2 clones x 1000 ids in one millisecond").hasSize(2000);
        assertThat(seen)
                .as("what the generator from before the snapshot would have made next")
                .doesNotContainAnyElementsOf(predicted);
    }

    @Test
    void restoreRenewsCredentialsAndForgetsVerifiedKeys() {
        IssuedKey issued = stack.createKey("prime", Set.of(), false);
        var authenticator = stack.app().authenticator();
        assertThat(authenticator.identify(issued.secret()).keyId())
                .isEqualTo(issued.key().keyId());
        assertThat(stack.app().keys().revoke(issued.key().keyId())).isTrue();
        // Cached: the revocation is not seen yet (the cache's TTL is what bounds that).
        assertThat(authenticator.identify(issued.secret()).keyId())
                .isEqualTo(issued.key().keyId());
        AwsCredentialsProvider provider = stack.app().clients().credentials().current();

        priming(UniqueIds.shared()).afterRestore(null);

        assertThatThrownBy(() -> authenticator.identify(issued.secret())).isInstanceOf(AuthException.class);
        assertThat(stack.app().clients().credentials().current()).isNotSameAs(provider);
        assertThat(stack.app().clients().credentials().resolveCredentials().accessKeyId())
                .isNotBlank();
    }
}

package dev.cloudfiles.local.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.faults.FaultInjector.When;
import dev.cloudfiles.local.testing.MutableClock;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.FileName;
import dev.cloudfiles.store.UploadException;
import dev.cloudfiles.store.index.Precondition;
import dev.cloudfiles.store.table.InFlight;
import dev.cloudfiles.store.uploads.UploadSession;
import dev.cloudfiles.store.uploads.Uploads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ListPartsRequest;

/**
 * A crash at every step of committing (an overwrite) and of aborting an upload, then the same
 * request again, as a client retries. Afterwards the old or the new version is whole, never
 * neither; a retried commit always lands the new version; no entry dangles; and once the sweeper
 * has settled, no blob, no session and no multipart upload is left over.
 */
class UploadFaultsTest {
    static final FaultInjector faults = new FaultInjector();
    static final MutableClock clock = new MutableClock();

    @RegisterExtension
    static final LocalStackExtension stack = LocalStackExtension.builder()
            .clock(clock)
            .interceptors(List.of(faults))
            .build();

    private static final AtomicInteger DRIVES = new AtomicInteger();
    private final Blobs blobs = new Blobs(stack);
    private Drive drive;

    enum Operation {
        COMMIT,
        ABORT
    }

    /** DynamoDB calls on upload session items, and on anything else. */
    static Predicate<SdkRequest> onSession(Class<? extends SdkRequest> type, boolean session) {
        return r -> type.isInstance(r) && (r.toString().contains("#upload#") == session);
    }

    static Stream<Arguments> steps() {
        Predicate<SdkRequest> claim = onSession(UpdateItemRequest.class, true);
        Predicate<SdkRequest> indexWrite = onSession(UpdateItemRequest.class, false);
        Predicate<SdkRequest> sessionDelete = onSession(DeleteItemRequest.class, true);
        return Stream.of(
                Arguments.of(Operation.COMMIT, "claim", claim, When.BEFORE_SENDING),
                Arguments.of(Operation.COMMIT, "claim", claim, When.AFTER_SUCCESS),
                Arguments.of(
                        Operation.COMMIT,
                        "ListParts",
                        (Predicate<SdkRequest>) ListPartsRequest.class::isInstance,
                        When.BEFORE_SENDING),
                Arguments.of(
                        Operation.COMMIT,
                        "CompleteMultipartUpload",
                        (Predicate<SdkRequest>) CompleteMultipartUploadRequest.class::isInstance,
                        When.BEFORE_SENDING),
                Arguments.of(
                        Operation.COMMIT,
                        "CompleteMultipartUpload",
                        (Predicate<SdkRequest>) CompleteMultipartUploadRequest.class::isInstance,
                        When.AFTER_SUCCESS),
                Arguments.of(
                        Operation.COMMIT,
                        "CompleteMultipartUpload",
                        (Predicate<SdkRequest>) CompleteMultipartUploadRequest.class::isInstance,
                        When.ERROR_IN_200),
                Arguments.of(Operation.COMMIT, "index write", indexWrite, When.BEFORE_SENDING),
                Arguments.of(Operation.COMMIT, "index write", indexWrite, When.AFTER_SUCCESS),
                Arguments.of(
                        Operation.COMMIT,
                        "garbage record",
                        (Predicate<SdkRequest>) BatchWriteItemRequest.class::isInstance,
                        When.BEFORE_SENDING),
                Arguments.of(Operation.COMMIT, "session delete", sessionDelete, When.BEFORE_SENDING),
                Arguments.of(Operation.ABORT, "session delete", sessionDelete, When.BEFORE_SENDING),
                Arguments.of(Operation.ABORT, "session delete", sessionDelete, When.AFTER_SUCCESS),
                Arguments.of(
                        Operation.ABORT,
                        "garbage record",
                        (Predicate<SdkRequest>) BatchWriteItemRequest.class::isInstance,
                        When.BEFORE_SENDING),
                Arguments.of(
                        Operation.ABORT,
                        "AbortMultipartUpload",
                        (Predicate<SdkRequest>) AbortMultipartUploadRequest.class::isInstance,
                        When.BEFORE_SENDING),
                Arguments.of(
                        Operation.ABORT,
                        "AbortMultipartUpload",
                        (Predicate<SdkRequest>) AbortMultipartUploadRequest.class::isInstance,
                        When.AFTER_SUCCESS));
    }

    @BeforeEach
    void setUp() {
        clock.reset();
        drive = Drive.of("crash", "u" + DRIVES.incrementAndGet());
    }

    @AfterEach
    void tearDown() {
        faults.clear();
    }

    private String read(String name) throws IOException {
        byte[] bytes = blobs.read(drive, name);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private void run(Operation operation, UploadSession session) {
        if (operation == Operation.COMMIT)
            stack.app().uploads().commit(drive, session, Precondition.NONE, "text/plain");
        else stack.app().uploads().abort(drive, session);
    }

    @ParameterizedTest(name = "{0}: crash at {1} {3}")
    @MethodSource("steps")
    void aCrashAtAnyStepThenARetryLeavesOneWholeVersionAndNothingAfterTheSweeper(
            Operation operation, String step, Predicate<SdkRequest> call, When when) throws IOException {
        var files = stack.app().files();
        var uploads = stack.app().uploads();
        FileName name = FileName.of("doc.txt");
        files.put(drive, name, "old".getBytes(StandardCharsets.UTF_8), "text/plain", Precondition.NONE);
        UploadSession session =
                uploads.start(drive, name, Optional.empty(), new Uploads.Declared(Optional.of(3L), false));
        uploads.uploadPart(session, 1, "new".getBytes(StandardCharsets.UTF_8), Optional.empty());

        faults.fail(call, when);
        try {
            run(operation, session);
        } catch (RuntimeException crashed) {
            // the request died here; what matters is what it left behind
        }
        assertThat(faults.injected()).as("the fault fired").isPositive();
        faults.clear();

        String afterCrash = read("doc.txt");
        assertThat(afterCrash).isIn("old", "new");
        if (operation == Operation.ABORT) assertThat(afterCrash).isEqualTo("old");
        blobs.assertNoDanglingEntries(drive.partitionKey());

        // The client tries again, once any claim the crash left behind has died.
        clock.advance(InFlight.LIMIT);
        try {
            run(operation, session);
        } catch (UploadException gone) {
            assertThat(gone.kind()).as(gone.getMessage()).isEqualTo(UploadException.Kind.NOT_FOUND);
            assertThat(operation == Operation.ABORT || "new".equals(read("doc.txt")))
                    .as("a commit is only gone once it landed")
                    .isTrue();
        }
        String settled = read("doc.txt");
        assertThat(settled).isEqualTo(operation == Operation.COMMIT ? "new" : "old");

        blobs.settle(clock);
        assertThat(read("doc.txt"))
                .as("the sweeper took nothing that was visible")
                .isEqualTo(settled);
        blobs.assertNoDanglingEntries(drive.partitionKey());
        blobs.assertNoOrphans();
        assertThat(blobs.openMultipartUploads()).isZero();
        assertThat(blobs.sessionItems(drive.partitionKey())).isZero();
    }
}

package dev.cloudfiles.local.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.faults.FaultInjector.When;
import dev.cloudfiles.local.testing.MutableClock;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.FileName;
import dev.cloudfiles.store.FileRecord;
import dev.cloudfiles.store.Precondition;
import dev.cloudfiles.store.UploadSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ListPartsRequest;

/**
 * A crash at every step of committing (an overwrite) and of aborting an upload. Afterwards the old
 * or the new version is whole, never neither, no entry dangles, and after a sweep no blob, no
 * session and no multipart upload is left over.
 */
class UploadFaultsTest {
    static final FaultInjector faults = new FaultInjector();
    static final MutableClock clock = new MutableClock();

    @RegisterExtension
    static final LocalStackExtension stack = LocalStackExtension.builder().clock(clock).interceptors(List.of(faults)).build();

    private static final AtomicInteger DRIVES = new AtomicInteger();
    private final Blobs blobs = new Blobs(stack);
    private Drive drive;

    enum Operation { COMMIT, ABORT }

    static Stream<Arguments> steps() {
        return Stream.of(
                Arguments.of(Operation.COMMIT, ListPartsRequest.class, When.BEFORE_SENDING),
                Arguments.of(Operation.COMMIT, CompleteMultipartUploadRequest.class, When.BEFORE_SENDING),
                Arguments.of(Operation.COMMIT, CompleteMultipartUploadRequest.class, When.AFTER_SUCCESS),
                Arguments.of(Operation.COMMIT, UpdateItemRequest.class, When.BEFORE_SENDING),
                Arguments.of(Operation.COMMIT, UpdateItemRequest.class, When.AFTER_SUCCESS),
                Arguments.of(Operation.COMMIT, PutItemRequest.class, When.BEFORE_SENDING),
                Arguments.of(Operation.COMMIT, DeleteItemRequest.class, When.BEFORE_SENDING),
                Arguments.of(Operation.ABORT, AbortMultipartUploadRequest.class, When.BEFORE_SENDING),
                Arguments.of(Operation.ABORT, AbortMultipartUploadRequest.class, When.AFTER_SUCCESS),
                Arguments.of(Operation.ABORT, PutItemRequest.class, When.BEFORE_SENDING),
                Arguments.of(Operation.ABORT, DeleteItemRequest.class, When.BEFORE_SENDING));
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
        Optional<FileRecord> file = stack.app().files().head(drive, FileName.of(name));
        if (file.isEmpty()) return null;
        try (var in = stack.app().files().open(file.get(), Optional.empty()).orElseThrow()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest(name = "{0}: crash at {1} {2}")
    @MethodSource("steps")
    void aCrashAtAnyStepLeavesOneWholeVersionAndNothingAfterASweep(Operation operation, Class<? extends SdkRequest> step,
                                                                   When when) throws IOException {
        var files = stack.app().files();
        var uploads = stack.app().uploads();
        FileName name = FileName.of("doc.txt");
        files.put(drive, name, "old".getBytes(StandardCharsets.UTF_8), "text/plain", Precondition.NONE);
        UploadSession session = uploads.start(drive, name, Optional.empty(), 0, 0);
        uploads.uploadPart(session, 1, "new".getBytes(StandardCharsets.UTF_8), Optional.empty());

        faults.fail(step, when);
        try {
            if (operation == Operation.COMMIT) uploads.commit(drive, session, Precondition.NONE, "text/plain");
            else uploads.abort(drive, session);
        } catch (RuntimeException crashed) {
            // the request died here; what matters is what it left behind
        }
        assertThat(faults.injected()).as("the fault fired").isPositive();
        faults.clear();

        String afterCrash = read("doc.txt");
        assertThat(afterCrash).isIn("old", "new");
        if (operation == Operation.ABORT) assertThat(afterCrash).isEqualTo("old");
        blobs.assertNoDanglingEntries(drive.partitionKey());

        clock.advance(stack.config().uploadTtl().plus(Duration.ofHours(2)));
        while (stack.app().sweeper().sweep().more()) { /* drain */ }

        assertThat(read("doc.txt")).as("the sweep took nothing that was visible").isEqualTo(afterCrash);
        blobs.assertNoDanglingEntries(drive.partitionKey());
        blobs.assertNoOrphans();
        assertThat(blobs.openMultipartUploads()).isZero();
    }
}

package dev.cloudfiles.local.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudfiles.http.ApiFunction;
import dev.cloudfiles.http.ApiResponse;
import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.faults.FaultInjector.When;
import dev.cloudfiles.local.testing.MutableClock;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.FileName;
import dev.cloudfiles.store.PreconditionFailedException;
import dev.cloudfiles.store.UploadException;
import dev.cloudfiles.store.garbage.SweepQueue;
import dev.cloudfiles.store.index.FileRecord;
import dev.cloudfiles.store.index.Precondition;
import dev.cloudfiles.store.table.InFlight;
import dev.cloudfiles.store.uploads.UploadSession;
import dev.cloudfiles.store.uploads.Uploads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;

/**
 * Writes that DynamoDB applied while the caller never learned it (a 500 the SDK retries, a lost
 * answer the client retries), parts sent again mid-commit, and garbage of an upload whose session
 * still lives: "no index entry points at missing bytes", "losers change nothing" and "no client
 * sequence reaches a 500" hold for each. Found by an adversarial review; each test states the
 * sequence it drives.
 */
class LostAnswersAndRetriesTest {
    static final Pause pause = new Pause();
    static final FaultInjector faults = new FaultInjector();
    static final MutableClock clock = new MutableClock();

    @RegisterExtension
    static final LocalStackExtension stack = LocalStackExtension.builder()
            .clock(clock)
            .interceptors(List.of(pause, faults))
            .build();

    private static final AtomicInteger DRIVES = new AtomicInteger();
    private static final byte[] OLD = "the old version".getBytes(StandardCharsets.UTF_8);
    private final Blobs blobs = new Blobs(stack);
    private Drive drive;

    @BeforeEach
    void setUp() {
        clock.reset();
        drive = Drive.of("review", "a" + DRIVES.incrementAndGet());
    }

    @AfterEach
    void tearDown() {
        faults.clear();
    }

    private Uploads uploads() {
        return stack.app().uploads();
    }

    private byte[] read(String name) throws IOException {
        return blobs.read(drive, name);
    }

    private UploadSession uploaded(String name, byte[] content, Optional<Long> declared) {
        UploadSession session =
                uploads().start(drive, FileName.of(name), Optional.empty(), new Uploads.Declared(declared, false));
        uploads().uploadPart(session, 1, content, Optional.empty());
        return session;
    }

    private static Predicate<SdkRequest> indexWrite() {
        return r -> r instanceof UpdateItemRequest && !r.toString().contains("#upload#");
    }

    private static Predicate<SdkRequest> sessionDelete() {
        return r -> r instanceof DeleteItemRequest && r.toString().contains("#upload#");
    }

    private static int statusOf(Throwable e) {
        RuntimeException r = e instanceof RuntimeException re ? re : new IllegalStateException(e);
        ApiResponse response = ApiFunction.failure(r, "review");
        return response.status();
    }

    // ---------------------------------------------------------------------------------------------
    // 1. A conditional write that DynamoDB applied, answered 500, and the SDK retried.

    /**
     * put(If-None-Match: *) → the index UpdateItem is applied, DynamoDB answers 500, the SDK retries →
     * the retry fails its condition (the item now exists: our own write) → FileStore.put takes the
     * ConditionalCheckFailed as "certainly not written" and deletes the blob the index now points at.
     */
    @Test
    void aConditionalPutWhoseAppliedIndexWriteTheSdkRetriedKeepsItsBytes() throws Exception {
        FileName name = FileName.of("created.txt");
        faults.failOnce(indexWrite(), When.APPLIED_THEN_500);
        Throwable outcome = null;
        try {
            stack.app()
                    .files()
                    .put(
                            drive,
                            name,
                            "mine".getBytes(StandardCharsets.UTF_8),
                            "text/plain",
                            new Precondition.IfAbsent());
        } catch (RuntimeException e) {
            outcome = e;
        }
        assertThat(faults.injected()).as("the 500 was injected").isEqualTo(1);
        blobs.assertNoDanglingEntries(drive.partitionKey());
        assertThat(read("created.txt")).as("answered %s", outcome).isEqualTo("mine".getBytes(StandardCharsets.UTF_8));
    }

    /** The same with If-Match: the retry sees the new ETag, not the expected one. */
    @Test
    void anIfMatchPutWhoseAppliedIndexWriteTheSdkRetriedKeepsItsBytes() throws Exception {
        FileName name = FileName.of("replaced.txt");
        FileRecord old = stack.app().files().put(drive, name, OLD, "text/plain", Precondition.NONE);
        faults.failOnce(indexWrite(), When.APPLIED_THEN_500);
        try {
            stack.app()
                    .files()
                    .put(
                            drive,
                            name,
                            "new".getBytes(StandardCharsets.UTF_8),
                            "text/plain",
                            new Precondition.IfMatch(old.etag()));
        } catch (RuntimeException e) {
            // whatever it answers, the index must not dangle
        }
        assertThat(faults.injected()).isEqualTo(1);
        blobs.assertNoDanglingEntries(drive.partitionKey());
        blobs.settle(clock);
        blobs.assertNoDanglingEntries(drive.partitionKey());
        blobs.assertNoOrphans();
    }

    /**
     * commit(If-None-Match: *) → the same applied-then-500-then-retry → the commit answers 412 (a
     * loser), yet the file now IS the upload: a 412 that changed the file.
     */
    @Test
    void aCommitAnswered412ChangedNothing() throws Exception {
        byte[] fresh = "uploaded".getBytes(StandardCharsets.UTF_8);
        UploadSession session = uploaded("c412.txt", fresh, Optional.of((long) fresh.length));
        faults.failOnce(indexWrite(), When.APPLIED_THEN_500);
        Throwable outcome = null;
        try {
            uploads().commit(drive, session, new Precondition.IfAbsent(), "text/plain");
        } catch (RuntimeException e) {
            outcome = e;
        }
        assertThat(faults.injected()).isEqualTo(1);
        if (outcome instanceof PreconditionFailedException) {
            assertThat(read("c412.txt"))
                    .as("a commit answered 412 changed nothing")
                    .isNull();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // 2. The garbage queue deletes the blob of an upload whose session is still alive.

    /**
     * 1. commit U1 of f: the index write lands, its answer is lost (503; release marks "assembled");
     * 2. a put replaces f: U1's blob b1 becomes garbage, due 15 minutes later;
     * 3. 16 minutes on, the client retries U1's commit, as docs/uploads.md invites; the retry HEADs b1
     *    (it exists) and is held there;
     * 4. the sweeper runs: b1's garbage entry is due and the index points elsewhere → b1 deleted
     *    (checkBlobs never asks whether b1's session still lives);
     * 5. the retry goes on: fresh claim, deadline fine → the index points f at the deleted b1.
     */
    @Test
    void aRetriedCommitRacingTheGarbageSweepNeverPointsTheIndexAtDeletedBytes() throws Exception {
        FileName f = FileName.of("f.bin");
        stack.app().files().put(drive, f, OLD, "application/octet-stream", Precondition.NONE);
        byte[] fresh = "upload one".getBytes(StandardCharsets.UTF_8);
        UploadSession session = uploaded("f.bin", fresh, Optional.of((long) fresh.length));

        faults.fail(indexWrite(), When.AFTER_SUCCESS);
        assertThatThrownBy(() -> uploads().commit(drive, session, Precondition.NONE, "application/octet-stream"))
                .isNotNull();
        assertThat(faults.injected()).isPositive();
        faults.clear();
        assertThat(blobs.current(drive.partitionKey(), "f.bin"))
                .as("the commit did land")
                .isEqualTo(session.blob());

        byte[] later = "a later put".getBytes(StandardCharsets.UTF_8);
        stack.app().files().put(drive, f, later, "application/octet-stream", Precondition.NONE);
        clock.advance(stack.config().presignTtl().plusMinutes(1));

        pause.at(r -> r instanceof HeadObjectRequest h && h.key().equals(session.blob()), Pause.At.AFTER_SUCCESS);
        CompletableFuture<FileRecord> retry = CompletableFuture.supplyAsync(
                () -> uploads().commit(drive, session, Precondition.NONE, "application/octet-stream"));
        pause.awaitReached();
        stack.app().sweeper().sweep();
        boolean deletedMeanwhile = !blobs.exists(session.blob());
        pause.release();
        try {
            retry.get();
        } catch (ExecutionException e) {
            assertThat(statusOf(e.getCause())).as("the retry fails cleanly").isNotEqualTo(500);
        }
        assertThat(deletedMeanwhile)
                .as("the sweeper left b1 alone: its session was alive")
                .isFalse();
        blobs.assertNoDanglingEntries(drive.partitionKey());
        blobs.settle(clock);
        blobs.assertNoDanglingEntries(drive.partitionKey());
        blobs.assertNoOrphans();
    }

    /**
     * The same hole without any race, through S3Proxy's quirk (ListParts of a completed upload is an
     * empty list): an undeclared upload's commit lands but its session delete fails (200 answered);
     * a put replaces the file; the sweeper deletes the old upload blob; the client re-sends the commit
     * (its answer never arrived). The session is not marked assembled, ListParts says "no parts", the
     * blob is gone → Deta's "no parts = empty file" → putEmpty overwrites the later put with an empty file.
     */
    @Test
    void aResentCommitDoesNotTurnTheFileIntoAnEmptyOne() throws Exception {
        FileName f = FileName.of("g.bin");
        byte[] fresh = "upload one".getBytes(StandardCharsets.UTF_8);
        UploadSession session = uploaded("g.bin", fresh, Optional.empty());

        faults.fail(sessionDelete(), When.BEFORE_SENDING);
        uploads().commit(drive, session, Precondition.NONE, "application/octet-stream");
        assertThat(faults.injected()).isPositive();
        faults.clear();

        byte[] later = "a later put".getBytes(StandardCharsets.UTF_8);
        stack.app().files().put(drive, f, later, "application/octet-stream", Precondition.NONE);
        clock.advance(stack.config().presignTtl().plusMinutes(1));
        stack.app().sweeper().sweep();
        assertThat(blobs.exists(session.blob()))
                .as("the old upload blob is kept while its session lives")
                .isTrue();

        try {
            uploads().commit(drive, session, Precondition.NONE, "application/octet-stream");
        } catch (UploadException e) {
            assertThat(e.kind()).isIn(UploadException.Kind.NOT_FOUND, UploadException.Kind.INCOMPLETE);
        }
        byte[] now = read("g.bin");
        assertThat(now)
                .as("either the later put or the upload's bytes, never an empty file")
                .isIn(later, fresh);
    }

    // ---------------------------------------------------------------------------------------------
    // 3. A part sent again while a commit is between ListParts and CompleteMultipartUpload.

    /**
     * Undeclared upload, part 1 "abc"; commit lists the parts and is held before completing; the
     * client re-sends part 1 with other bytes (a retrying uploader); the commit completes with the
     * ETag it listed. Whatever S3 says, the answer is not a 500, and what is committed is what S3 holds.
     */
    @Test
    void aPartResentDuringACommitIsNeverA500NorAMismatchedFile() throws Exception {
        UploadSession session = uploaded("h.bin", "abc".getBytes(StandardCharsets.UTF_8), Optional.empty());
        pause.at(CompleteMultipartUploadRequest.class::isInstance, Pause.At.BEFORE_SENDING);
        CompletableFuture<FileRecord> committing = CompletableFuture.supplyAsync(
                () -> uploads().commit(drive, session, Precondition.NONE, "application/octet-stream"));
        pause.awaitReached();
        uploads().uploadPart(session, 1, "abcdefgh".getBytes(StandardCharsets.UTF_8), Optional.empty());
        pause.release();
        try {
            FileRecord file = committing.get();
            byte[] bytes = read("h.bin");
            assertThat((long) bytes.length)
                    .as("the recorded size is the size of the bytes")
                    .isEqualTo(file.size());
        } catch (ExecutionException e) {
            assertThat(statusOf(e.getCause())).as("%s", e.getCause()).isNotEqualTo(500);
        }
    }

    /**
     * Commit A is held before CompleteMultipartUpload (a slow instance) past its claim; commit B takes
     * the dead claim and lands; A resumes and completes an upload that is no longer there. A's answer
     * must be a 404/409/503, not a 500.
     */
    @Test
    void aStaleCommitThatFindsTheUploadCompletedIsNotA500() throws Exception {
        byte[] fresh = "the upload".getBytes(StandardCharsets.UTF_8);
        UploadSession session = uploaded("i.bin", fresh, Optional.of((long) fresh.length));
        pause.at(CompleteMultipartUploadRequest.class::isInstance, Pause.At.BEFORE_SENDING);
        CompletableFuture<FileRecord> slow = CompletableFuture.supplyAsync(
                () -> uploads().commit(drive, session, Precondition.NONE, "application/octet-stream"));
        pause.awaitReached();
        clock.advance(InFlight.LIMIT);
        // B cannot pass A's held CompleteMultipartUpload while the pause holds only one call: it
        // completes the upload itself (the pause is one-shot and already taken by A).
        FileRecord landed = uploads().commit(drive, session, Precondition.NONE, "application/octet-stream");
        assertThat(landed.size()).isEqualTo(fresh.length);
        pause.release();
        try {
            slow.get();
        } catch (ExecutionException e) {
            assertThat(statusOf(e.getCause())).as("%s", e.getCause()).isNotEqualTo(500);
        }
        assertThat(read("i.bin")).isEqualTo(fresh);
        blobs.settle(clock);
        assertThat(read("i.bin")).isEqualTo(fresh);
        blobs.assertNoDanglingEntries(drive.partitionKey());
        blobs.assertNoOrphans();
    }

    // ---------------------------------------------------------------------------------------------
    // 4. Commit and abort exclude each other — also when the commit's answer was lost.

    /**
     * A commit's index write lands but its answer is lost (the client sees a 503). The client gives
     * up and aborts: the abort answers 200 ("aborted"), yet the file is the upload's. Both "won".
     */
    @Test
    void anAbortAfterACommitThatLandedDoesNotAlsoWin() throws Exception {
        stack.app().files().put(drive, FileName.of("j.bin"), OLD, "application/octet-stream", Precondition.NONE);
        byte[] fresh = "landed".getBytes(StandardCharsets.UTF_8);
        UploadSession session = uploaded("j.bin", fresh, Optional.of((long) fresh.length));
        faults.fail(indexWrite(), When.AFTER_SUCCESS);
        assertThatThrownBy(() -> uploads().commit(drive, session, Precondition.NONE, "application/octet-stream"))
                .isNotNull();
        faults.clear();
        assertThat(read("j.bin")).isEqualTo(fresh);
        Throwable abort = null;
        try {
            uploads().abort(drive, session);
        } catch (RuntimeException e) {
            abort = e;
        }
        assertThat(abort)
                .as("the abort of an upload whose commit landed must not answer 200")
                .isNotNull();
    }

    /**
     * Minor: the abort's conditional session delete is applied, answered 500, retried by the SDK: the
     * retry fails its condition, end() reads the session, finds it gone and says GONE → the abort that
     * did happen answers 404 and skips its clean-up (the S3 upload stays open until the expiry entry).
     */
    @Test
    void anAbortWhoseDeleteTheSdkRetriedAnswersAsAnAbort() {
        UploadSession session = uploaded("n.bin", new byte[] {1}, Optional.of(1L));
        faults.failOnce(sessionDelete(), When.APPLIED_THEN_500);
        Throwable outcome = null;
        try {
            uploads().abort(drive, session);
        } catch (RuntimeException e) {
            outcome = e;
        }
        assertThat(faults.injected()).isEqualTo(1);
        assertThat(blobs.sessionItems(drive.partitionKey()))
                .as("the delete was applied")
                .isZero();
        assertThat(outcome).as("the abort happened; it should not answer 404").isNull();
    }

    // ---------------------------------------------------------------------------------------------
    // Attacks that held (coverage).

    /** Two garbage records of one blob, a recheck marker for it and a full orphan pass: kept while referenced. */
    @Test
    void duplicateGarbageRecordsAndMarkersOfAReferencedBlobKeepIt() throws Exception {
        FileRecord file = stack.app().files().put(drive, FileName.of("k.txt"), OLD, "text/plain", Precondition.NONE);
        var queue = new SweepQueue(stack.clients().dynamo(), stack.config().table());
        var check = new SweepQueue.BlobCheck(file.blob(), drive.partitionKey(), "k.txt");
        queue.add(check, clock.instant());
        queue.add(check, clock.instant().plusMillis(1));
        stack.clients()
                .s3()
                .putObject(b -> b.bucket(stack.config().bucket()).key("#recheck/" + file.blob()), RequestBody.empty());
        blobs.settle(clock);
        assertThat(read("k.txt")).isEqualTo(OLD);
        blobs.assertNoOrphans();
    }

    /** A claim exactly LIMIT old may be taken over, and the stale holder can no longer write then. */
    @Test
    void aClaimExactlyAtTheLimitIsTakenOverAndTheOldHolderCannotWrite() {
        Instant c = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(InFlight.mayStillWrite(c, c.plus(InFlight.LIMIT).minus(InFlight.SAFETY)))
                .isFalse();
        assertThat(InFlight.mayStillWrite(
                        c, c.plus(InFlight.LIMIT).minus(InFlight.SAFETY).minusMillis(1)))
                .isTrue();
        assertThat(InFlight.isOver(c, c.plus(InFlight.LIMIT))).isTrue();
        assertThat(InFlight.isOver(c, c.plus(InFlight.LIMIT).minusMillis(1))).isFalse();
    }

    /** An expired session whose expiry the sweeper has not yet processed: commit and abort are 404, sweeper ends it. */
    @Test
    void anExpiredButUnsweptSessionCannotBeCommittedOrAborted() throws Exception {
        stack.app().files().put(drive, FileName.of("l.bin"), OLD, "application/octet-stream", Precondition.NONE);
        UploadSession session = uploaded("l.bin", new byte[] {1, 2}, Optional.of(2L));
        clock.advance(stack.config().uploadTtl());
        assertThatThrownBy(() -> uploads().commit(drive, session, Precondition.NONE, "x"))
                .isInstanceOfSatisfying(
                        UploadException.class, e -> assertThat(e.kind()).isEqualTo(UploadException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> uploads().find(drive, session.id(), FileName.of("l.bin")))
                .isInstanceOfSatisfying(
                        UploadException.class, e -> assertThat(e.kind()).isEqualTo(UploadException.Kind.NOT_FOUND));
        blobs.settle(clock);
        assertThat(read("l.bin")).isEqualTo(OLD);
        assertThat(blobs.sessionItems(drive.partitionKey())).isZero();
        assertThat(blobs.openMultipartUploads()).isZero();
    }

    /** A declared-empty upload committed after a 412, then retried: an empty file, no leftovers. */
    @Test
    void anEmptyUploadRetriedAfterA412CommitsTheEmptyBlob() throws Exception {
        stack.app().files().put(drive, FileName.of("m.bin"), OLD, "application/octet-stream", Precondition.NONE);
        UploadSession session = uploads()
                .start(drive, FileName.of("m.bin"), Optional.empty(), new Uploads.Declared(Optional.of(0L), false));
        assertThatThrownBy(() -> uploads().commit(drive, session, new Precondition.IfAbsent(), "x"))
                .isInstanceOf(PreconditionFailedException.class);
        UploadSession again = uploads().find(drive, session.id(), FileName.of("m.bin"));
        assertThat(again.assembled()).isTrue();
        FileRecord file = uploads().commit(drive, again, Precondition.NONE, "x");
        assertThat(file.size()).isZero();
        assertThat(read("m.bin")).isEmpty();
        blobs.settle(clock);
        blobs.assertNoDanglingEntries(drive.partitionKey());
        blobs.assertNoOrphans();
        assertThat(blobs.openMultipartUploads()).isZero();
    }
}

package dev.cloudfiles.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.testing.GeneratedContent;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CloudDrive#resume} in process: a put interrupted by failures that may pass keeps its
 * upload and state; a resume sends only the parts S3 lacks; every reason not to resume is told
 * apart; a failure that will not pass, and an abort, forget the state. Part PUTs are counted at a
 * real loopback proxy in front of S3Proxy.
 */
class ResumablePutTest {
    private static final long MIB = 1024 * 1024;
    /** Five parts of 8 MiB, the last one short. */
    private static final long SIZE = 36 * MIB + 12345;

    private static final long SEED = 77;
    private static final Pattern PART = Pattern.compile("[?&]partNumber=(\\d+)");

    @RegisterExtension
    static LocalStackExtension stack = LocalStackExtension.inMemory();

    @TempDir
    Path tmp;

    private String key;
    private FaultProxy proxy;
    private CloudDrive drive;
    private Path file;
    private final Map<Integer, AtomicInteger> reachedS3 = new ConcurrentHashMap<>();

    @BeforeEach
    void open() throws Exception {
        key = stack.newKeySecret();
        proxy = new FaultProxy();
        proxy.onForwarded((request, status) -> {
            int part = partNumber(request);
            if (part > 0)
                reachedS3.computeIfAbsent(part, p -> new AtomicInteger()).incrementAndGet();
        });
        drive = CloudDrive.create(CloudDriveTest.config(stack, key, "resumable").toBuilder()
                .proxy(proxy.selector())
                .parallelism(2)
                .maxAttempts(1)
                .uploadStateDir(tmp.resolve("state"))
                .build());
        file = tmp.resolve("data.bin");
        try (InputStream in = new GeneratedContent(SEED, SIZE)) {
            Files.copy(in, file);
        }
    }

    @AfterEach
    void close() {
        drive.close();
        proxy.close();
    }

    private static int partNumber(FaultProxy.Seen request) {
        if (!request.method().equals("PUT") || request.uri().getRawQuery() == null) return 0;
        Matcher m = PART.matcher("?" + request.uri().getRawQuery());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private List<Path> stateFiles() throws Exception {
        if (!Files.isDirectory(tmp.resolve("state"))) return List.of();
        try (var files = Files.list(tmp.resolve("state"))) {
            return files.filter(f -> f.toString().endsWith(".json")).toList();
        }
    }

    /** A put that fails at part 3 (503, no retries): the upload stays open, its state kept. */
    private void interruptedPut() throws Exception {
        proxy.rule(request -> partNumber(request) == 3 ? FaultProxy.Fault.of(503) : null);
        assertThatThrownBy(() -> drive.put("data.bin", file)).isInstanceOf(ThrottledException.class);
        proxy.rule(request -> null);
        assertThat(stateFiles()).hasSize(1);
        assertThat(drive.uploads()).singleElement().satisfies(u -> {
            assertThat(u.name()).isEqualTo("data.bin");
            assertThat(u.size()).hasValue(SIZE);
            assertThat(u.partSize()).hasValue(8 * MIB);
        });
    }

    private String storedSha256(String name) throws Exception {
        try (StreamingBody body = drive.get(name);
                InputStream in = body.asInputStream()) {
            return GeneratedContent.sha256(in);
        }
    }

    @Test
    void anInterruptedPutResumesWithOnlyTheMissingParts() throws Exception {
        interruptedPut();
        Map<Integer, Integer> before = new TreeMap<>();
        reachedS3.forEach((k, v) -> before.put(k, v.get()));
        assertThat(before).doesNotContainKey(3).containsKey(1);
        reachedS3.clear();

        AtomicInteger reported = new AtomicInteger();
        FileInfo stored =
                drive.resume("data.bin", file, PutOptions.defaults().withListener(n -> reported.addAndGet((int) n)));

        assertThat(stored.size()).isEqualTo(SIZE);
        assertThat(reachedS3.keySet())
                .as("only the parts S3 lacked")
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 5)
                        .boxed()
                        .filter(p -> !before.containsKey(p))
                        .toList());
        assertThat(reachedS3.values()).allMatch(n -> n.get() == 1);
        assertThat(reported.get())
                .as("progress counts the parts that had arrived")
                .isEqualTo((int) SIZE);
        assertThat(storedSha256("data.bin")).isEqualTo(GeneratedContent.sha256(SEED, SIZE));
        assertThat(stateFiles()).isEmpty();
        assertThat(drive.uploads()).isEmpty();
    }

    @Test
    void aChangedFileIsNotResumedAndItsUploadIsAborted() throws Exception {
        interruptedPut();
        Files.setLastModifiedTime(
                file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5_000));
        assertThatThrownBy(() -> drive.resume("data.bin", file, null))
                .isInstanceOfSatisfying(
                        CannotResumeException.class,
                        e -> assertThat(e.reason()).isEqualTo(CannotResumeException.Reason.FILE_CHANGED))
                .hasMessageContaining("changed");
        assertThat(drive.uploads()).isEmpty();
        assertThat(stateFiles()).isEmpty();
    }

    @Test
    void nothingToResumeIsToldApart() throws Exception {
        assertThatThrownBy(() -> drive.resume("data.bin", file, null))
                .isInstanceOfSatisfying(
                        CannotResumeException.class,
                        e -> assertThat(e.reason()).isEqualTo(CannotResumeException.Reason.NOTHING_TO_RESUME));
        try (CloudDrive stateless = CloudDrive.create(CloudDriveTest.config(stack, key, "resumable"))) {
            assertThatThrownBy(() -> stateless.resume("data.bin", file, null))
                    .isInstanceOfSatisfying(
                            CannotResumeException.class,
                            e -> assertThat(e.reason()).isEqualTo(CannotResumeException.Reason.NO_STATE_DIR));
        }
        assertThat(reachedS3).isEmpty();
    }

    @Test
    void aResumeWhoseUploadWasAbortedElsewhereSaysItIsGone() throws Exception {
        interruptedPut();
        try (CloudDrive other = CloudDrive.create(CloudDriveTest.config(stack, key, "resumable"))) {
            other.abortUpload(other.uploads().get(0).uploadId(), "data.bin");
        }
        assertThatThrownBy(() -> drive.resume("data.bin", file, null))
                .isInstanceOfSatisfying(
                        CannotResumeException.class,
                        e -> assertThat(e.reason()).isEqualTo(CannotResumeException.Reason.UPLOAD_GONE));
        assertThat(stateFiles()).isEmpty();
    }

    /**
     * The upload is aborted elsewhere and another writer stores other bytes
     * of the same size under the name. The resume must not report that file as its own: the local
     * file was never stored, yet the state is forgotten and the caller is told it was.
     */
    @Test
    void aResumeDoesNotClaimAnotherWritersFileOfTheSameSize() throws Exception {
        interruptedPut();
        Path other = tmp.resolve("other.bin");
        try (InputStream in = new GeneratedContent(SEED + 1, SIZE)) {
            Files.copy(in, other);
        }
        try (CloudDrive elsewhere = CloudDrive.create(CloudDriveTest.config(stack, key, "resumable"))) {
            elsewhere.abortUpload(elsewhere.uploads().get(0).uploadId(), "data.bin");
            elsewhere.put("data.bin", other);
        }
        assertThat(storedSha256("data.bin")).isEqualTo(GeneratedContent.sha256(SEED + 1, SIZE));

        assertThatThrownBy(() -> drive.resume("data.bin", file, null))
                .as("the stored bytes are another writer's, not this file's")
                .isInstanceOfSatisfying(
                        CannotResumeException.class,
                        e -> assertThat(e.reason()).isEqualTo(CannotResumeException.Reason.UPLOAD_GONE));
    }

    @Test
    void aCommitWhoseAnswerWasLostIsTheResult() throws Exception {
        interruptedPut();
        String id = drive.uploads().get(0).uploadId();
        // The resume sends the missing parts; its commit never reaches the server.
        proxy.rule(request -> request.method().equals("PATCH") ? FaultProxy.Fault.of(503) : null);
        assertThatThrownBy(() -> drive.resume("data.bin", file, null)).isInstanceOf(ThrottledException.class);
        assertThat(stateFiles()).as("a failure that may pass keeps the state").hasSize(1);
        // Then a commit lands whose answer the client never sees.
        var commit = TestHttp.API.send(
                HttpRequest.newBuilder(URI.create(drive.config().driveUri() + "/uploads/" + id + "?name=data.bin"))
                        .header("X-Api-Key", key)
                        .method("PATCH", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(commit.statusCode()).as(commit.body()).isEqualTo(200);
        proxy.rule(request -> null);
        reachedS3.clear();

        FileInfo stored = drive.resume("data.bin", file, null);
        assertThat(stored.size()).isEqualTo(SIZE);
        assertThat(reachedS3).as("nothing sent again").isEmpty();
        assertThat(stateFiles()).isEmpty();
    }

    @Test
    void aFailureThatWillNotPassAbortsAndForgets() throws Exception {
        drive.put("data.bin", "already here");
        assertThatThrownBy(() -> drive.put("data.bin", file, PutOptions.ifAbsent()))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(drive.uploads()).isEmpty();
        assertThat(stateFiles()).isEmpty();
    }

    @Test
    void abortingAnUploadForgetsItsState() throws Exception {
        interruptedPut();
        OpenUpload open = drive.uploads().get(0);
        drive.abortUpload(open.uploadId(), open.name());
        assertThat(drive.uploads()).isEmpty();
        assertThat(stateFiles()).isEmpty();
        assertThatThrownBy(() -> drive.abortUpload(open.uploadId(), open.name()))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void theStateHoldsNoKey() throws Exception {
        interruptedPut();
        String state = Files.readString(stateFiles().get(0));
        assertThat(state).doesNotContain(key).doesNotContain(key.substring(key.indexOf('_') + 1));
        assertThat(state).contains("\"upload_id\"").contains("\"part_size\":" + 8 * MIB);
    }

    @Test
    void aNewPutOfTheSameFileReplacesTheInterruptedUpload() throws Exception {
        interruptedPut();
        String old = drive.uploads().get(0).uploadId();
        drive.put("data.bin", file);
        assertThat(drive.uploads())
                .as("the old upload was aborted, the new one committed")
                .isEmpty();
        assertThat(stateFiles()).isEmpty();
        assertThat(old).isNotBlank();
        assertThat(storedSha256("data.bin")).isEqualTo(GeneratedContent.sha256(SEED, SIZE));
    }

    @Test
    void aResumeWhileAnotherHoldsTheUploadIsRefusedAndSendsNothing() throws Exception {
        interruptedPut();
        reachedS3.clear();
        UploadStates states = new UploadStates(tmp.resolve("state"));
        UploadStates.Slot slot = states.slot(drive.config().driveUri().toString(), "data.bin", file.toRealPath());
        try (UploadStates.Lock held = states.tryLock(slot).orElseThrow()) {
            assertThatThrownBy(() -> drive.resume("data.bin", file, null))
                    .isInstanceOfSatisfying(
                            CannotResumeException.class,
                            e -> assertThat(e.reason()).isEqualTo(CannotResumeException.Reason.IN_PROGRESS));
            assertThat(held).isNotNull();
        }
        assertThat(reachedS3).isEmpty();
        assertThat(drive.resume("data.bin", file, null).size())
                .as("once released, it resumes")
                .isEqualTo(SIZE);
    }

    @Test
    void anUploadWithEveryPartButNoCommitIsCommittedWithoutSendingAgain() throws Exception {
        interruptedPut();
        proxy.rule(request -> request.method().equals("PATCH") ? FaultProxy.Fault.of(503) : null);
        assertThatThrownBy(() -> drive.resume("data.bin", file, null)).isInstanceOf(ThrottledException.class);
        proxy.rule(request -> null);
        reachedS3.clear();

        assertThat(drive.resume("data.bin", file, null).size()).isEqualTo(SIZE);
        assertThat(reachedS3)
                .as("every part had arrived: only the commit was sent")
                .isEmpty();
        assertThat(storedSha256("data.bin")).isEqualTo(GeneratedContent.sha256(SEED, SIZE));
        assertThat(drive.uploads()).isEmpty();
    }
}

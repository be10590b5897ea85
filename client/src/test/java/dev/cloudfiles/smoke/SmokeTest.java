package dev.cloudfiles.smoke;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.client.CloudDrive;
import dev.cloudfiles.local.LocalStackExtension;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/** {@code make smoke} against the local stack over real HTTP: it passes a healthy stack and catches a broken one. */
class SmokeTest {
    /** The tour's steps, in order: what issue 19 asks the smoke to check. */
    static final List<String> STEPS = List.of(
            "put",
            "get",
            "list",
            "folded list",
            "ranged get",
            "delete",
            "multipart upload",
            "presigned get",
            "presigned range",
            "move",
            "copy",
            "share link",
            "revoke share",
            "read-only key",
            "error code",
            "cleanup");

    static final CorruptObjects corrupt = new CorruptObjects();

    @RegisterExtension
    static LocalStackExtension stack =
            LocalStackExtension.builder().interceptors(List.of(corrupt)).build();

    @AfterEach
    void heal() {
        corrupt.on = false;
    }

    @Test
    void aHealthyStackPassesEveryStepAndKeepsNothing() {
        Keys keys = keys();

        Run run = smoke(keys.readWrite(), "--readonly-key", keys.readOnly());

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.lines().get(0)).startsWith("checking " + stack.gatewayUri() + "/v1/");
        List<String> steps = run.lines().subList(1, run.lines().size() - 1);
        assertThat(steps).as(run.output()).allMatch(line -> line.startsWith("ok   "));
        assertThat(steps.stream().map(SmokeTest::stepName)).containsExactlyElementsOf(STEPS);
        assertThat(run.summary()).isEqualTo("smoke: " + STEPS.size() + " passed, 0 failed");
        assertThat(namesLeft(keys)).isEmpty();
    }

    @Test
    void withoutAReadOnlyKeyThatStepIsSkippedAndSaysWhy() {
        Keys keys = keys();

        Run run = smoke(keys.readWrite());

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.lines())
                .contains(
                        "skip read-only key: no read-only key given (CLOUD_FILES_READONLY_KEY or" + " --readonly-key)");
        assertThat(run.summary()).isEqualTo("smoke: " + (STEPS.size() - 1) + " passed, 0 failed, 1 skipped");
    }

    /** Every status is right, only the bytes are not: the smoke reads back what it wrote, so it fails. */
    @Test
    void aStackThatAnswersWrongBytesFailsAndIsStillCleanedUp() {
        Keys keys = keys();
        corrupt.on = true;

        Run run = smoke(keys.readWrite(), "--readonly-key", keys.readOnly());

        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.lines())
                .as(run.output())
                .anyMatch(line -> line.startsWith("FAIL get: ") && line.contains("bytes differ from offset 0"))
                .anyMatch(line -> line.startsWith("FAIL ranged get: ") && line.contains("bytes differ"))
                .anyMatch(line -> line.startsWith("ok   presigned get: ")) // S3 itself answers it, untouched
                .anyMatch(line -> line.startsWith("ok   cleanup: "));
        long failed =
                run.lines().stream().filter(line -> line.startsWith("FAIL ")).count();
        assertThat(run.summary()).isEqualTo("smoke: " + (STEPS.size() - failed) + " passed, " + failed + " failed");
        assertThat(namesLeft(keys)).isEmpty();
    }

    /** A "read-only" key that may write: the smoke says so, and deletes the file it let through. */
    @Test
    void aReadOnlyKeyThatMayWriteFails() {
        Keys keys = keys();

        Run run = smoke(keys.readWrite(), "--readonly-key", keys.readWrite());

        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.lines())
                .as(run.output())
                .anyMatch(
                        line -> line.startsWith("FAIL read-only key: POST ") && line.contains("expected 403, got 201"));
        assertThat(run.summary()).isEqualTo("smoke: " + (STEPS.size() - 1) + " passed, 1 failed");
        assertThat(namesLeft(keys)).isEmpty();
    }

    @Test
    void withoutAUrlItIsAUsageError() {
        Run run = smoke(null);

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errors()).contains("no API URL");
        assertThat(run.output()).isEmpty();
    }

    @Test
    void helpExplainsTheOutput() {
        Run run = smoke(null, "--help");

        assertThat(run.exit()).isZero();
        assertThat(run.output()).contains("ok   STEP", "FAIL STEP", "smoke: N passed, N failed", "--readonly-key");
    }

    private record Keys(String project, String readWrite, String readOnly) {}

    private static Keys keys() {
        var readWrite = stack.newKey();
        String project = readWrite.key().project();
        return new Keys(
                project,
                readWrite.secret(),
                stack.createKey(project, Set.of(), true).secret());
    }

    /** Every name in the smoke's drive, as the client library lists it. */
    private static List<String> namesLeft(Keys keys) {
        try (CloudDrive drive = CloudDrive.create(stack.gatewayUri().toString(), keys.readWrite(), "smoke")) {
            return drive.list();
        }
    }

    private record Run(int exit, String output, String errors) {
        List<String> lines() {
            return output.lines().toList();
        }

        String summary() {
            List<String> lines = lines();
            assertThat(lines.stream().filter(line -> line.startsWith("smoke: ")))
                    .as("one summary line")
                    .hasSize(1);
            return lines.get(lines.size() - 1);
        }
    }

    /** Runs the smoke against the stack with {@code key} (none if null) and the further arguments. */
    private static Run smoke(String key, String... more) {
        List<String> args = new ArrayList<>();
        if (key != null) args.addAll(List.of("--url", stack.gatewayUri().toString(), "--key", key));
        args.addAll(List.of(more));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Smoke.run(
                args.toArray(String[]::new), new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
        System.out.print(out.toString(UTF_8)); // what an operator would see, in the test's report
        return new Run(exit, out.toString(UTF_8), err.toString(UTF_8));
    }

    private static String stepName(String line) {
        return line.substring(5, line.indexOf(": "));
    }

    /**
     * While {@link #on}, every object the functions read from S3 arrives with its first byte flipped,
     * under an unchanged 200 (its checksum headers dropped, so the SDK has nothing to check it
     * against): the fault a status-only smoke could not see.
     */
    static final class CorruptObjects implements ExecutionInterceptor {
        volatile boolean on;

        @Override
        public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
            if (!applies(context)) return context.httpResponse();
            SdkHttpResponse.Builder response = context.httpResponse().toBuilder();
            Stream.of(
                            "x-amz-checksum-crc32",
                            "x-amz-checksum-crc32c",
                            "x-amz-checksum-crc64nvme",
                            "x-amz-checksum-sha1",
                            "x-amz-checksum-sha256",
                            "x-amz-checksum-type")
                    .forEach(response::removeHeader);
            return response.build();
        }

        @Override
        public Optional<InputStream> modifyHttpResponseContent(
                Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
            if (!applies(context) || context.responseBody().isEmpty()) return context.responseBody();
            return Optional.of(new FilterInputStream(context.responseBody().get()) {
                private boolean first = true;

                @Override
                public int read() throws IOException {
                    int b = super.read();
                    return b < 0 ? b : flip(b);
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    if (n > 0) buffer[offset] = (byte) flip(buffer[offset]);
                    return n;
                }

                private int flip(int b) {
                    if (!first) return b & 0xff;
                    first = false;
                    return (b ^ 0xff) & 0xff;
                }
            });
        }

        private boolean applies(Context.ModifyHttpResponse context) {
            return on && context.request() instanceof GetObjectRequest;
        }
    }
}

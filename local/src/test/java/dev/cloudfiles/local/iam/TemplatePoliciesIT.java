package dev.cloudfiles.local.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudfiles.local.LocalPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 19's "IAM proven, not only reviewed": every AWS call each function made during the whole
 * test suite ({@link CallRecorder}, target/iam-calls/) against that function's policy in the
 * template as the SAM translator deploys it. A call its policy would deny fails the build, and so
 * does a permission no test exercised unless the function's {@code Metadata: IamJustifications}
 * says why it is granted. Run by failsafe after surefire's tests (local/pom.xml); the report is
 * also written to target/iam-report.txt.
 */
class TemplatePoliciesIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyRecordedCallIsAllowedAndEveryPermissionIsExercisedOrJustified() throws IOException {
        Set<SdkCall> calls = recorded(CallRecorder.DIRECTORY);
        boolean wholeSuite = wholeSuite(System.getProperty("cloudfiles.iam.selection"));
        IamPolicies policies = IamPolicies.translate();
        IamCheck.Findings findings = IamCheck.check(policies, calls);
        String report = findings.report(calls.size(), wholeSuite);
        Files.writeString(Path.of("target", "iam-report.txt"), report);
        if (wholeSuite) assertThat(calls).as("calls recorded by the tests").isNotEmpty();
        assertThat(findings.clean(wholeSuite)).as(report).isTrue();
    }

    /** No -Dtest (Maven leaves the expression as it is when the property is not set). */
    static boolean wholeSuite(String selection) {
        return selection == null || selection.isBlank() || selection.equals("${test}");
    }

    static Set<SdkCall> recorded(Path directory) {
        Set<SdkCall> calls = new TreeSet<>(Comparator.comparing(SdkCall::toString));
        if (!Files.isDirectory(directory)) return calls;
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    // A JVM killed mid-write leaves at most a partial last line: its call was recorded whole elsewhere
                    // or is lost with it.
                    if (line.endsWith("}")) calls.add(JSON.readValue(line, SdkCall.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return calls;
    }

    private static Path repoRoot() {
        return LocalPaths.repoRoot();
    }
}

package dev.cloudfiles.local.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudfiles.local.Gateway;
import dev.cloudfiles.local.LocalPaths;
import dev.cloudfiles.local.LocalStackExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deta's official JS SDK ({@code deta@2.0.0} from npm, pinned in {@code src/test/node}) against
 * the local stack over HTTPS, as a Deta user would point it at Cloud Files: one dynamic test per
 * check that {@code src/test/node/deta-compat.mjs} prints. Once against AWS's limits (SDK puts
 * above 4 MiB must get the documented 413) and once with the payload and inline upload limits
 * raised (the SDK's 10 MiB parts must then work). See docs/DETA-COMPAT.md.
 */
class DetaSdkCompatibilityTest {
    private static final long MIB = 1024 * 1024;
    private static final long SCRIPT_TIMEOUT_SECONDS = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final LocalStackExtension aws =
            LocalStackExtension.builder().tls(true).build();

    @RegisterExtension
    static final LocalStackExtension raised = LocalStackExtension.builder()
            .tls(true)
            .inlineLimits(16 * MIB, MIB)
            .gatewayLimits(new Gateway.Limits(Gateway.Limits.API_GATEWAY_MAX_REQUEST, 64 * MIB))
            .build();

    private static Path nodeDir;

    @BeforeAll
    static void nodeAndSdk() {
        Assumptions.assumeTrue(
                nodeVersion() != null,
                "node is not on the PATH: Deta's JS SDK cannot run, so the compatibility checks are skipped");
        nodeDir = LocalPaths.localDir().resolve("src/test/node");
        assertTrue(
                Files.isRegularFile(nodeDir.resolve("node_modules/deta/package.json")),
                "deta is not installed in " + nodeDir + ": the build installs it with npm ci (local/pom.xml)");
    }

    @TestFactory
    Stream<DynamicTest> detaSdkAgainstAwsLimits() throws Exception {
        return run(aws, "detacompat", "aws");
    }

    @TestFactory
    Stream<DynamicTest> detaSdkWithRaisedLimits() throws Exception {
        return run(raised, "detaraised", "raised");
    }

    private static Stream<DynamicTest> run(LocalStackExtension stack, String project, String limits) throws Exception {
        assertEquals("https", stack.gatewayUri().getScheme());
        String key = stack.createKey(project, Set.of(), false).secret();
        ScriptRun run = runScript(stack, key, limits);
        System.out.print("deta-compat (" + limits + " limits):\n" + run.stdout());
        List<JsonNode> lines = run.checks();
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("the script ran to its end", () -> {
            assertFalse(
                    run.timedOut(), "node did not finish within " + SCRIPT_TIMEOUT_SECONDS + " s\n" + run.transcript());
            assertFalse(lines.isEmpty(), "the script printed no check\n" + run.transcript());
            assertTrue(
                    run.exitCode() == 0 || run.exitCode() == 1,
                    "exit code " + run.exitCode() + "\n" + run.transcript());
        }));
        for (JsonNode line : lines) {
            String name = line.path("check").asText();
            tests.add(DynamicTest.dynamicTest(name, () -> {
                if (line.path("ok").asBoolean()) return;
                fail(name + ": " + line.path("detail").asText() + "\nstderr:\n" + run.stderr());
            }));
        }
        return tests.stream();
    }

    private record ScriptRun(List<JsonNode> checks, String stdout, String stderr, int exitCode, boolean timedOut) {
        String transcript() {
            return "stdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    private static ScriptRun runScript(LocalStackExtension stack, String key, String limits) throws Exception {
        Path out = Files.createTempFile("deta-compat-", ".out");
        Path err = Files.createTempFile("deta-compat-", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder("node", "deta-compat.mjs")
                    .directory(nodeDir.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            Map<String, String> env = builder.environment();
            env.put("DETA_PROJECT_KEY", key);
            env.put("DETA_DRIVE_HOST", "127.0.0.1:" + stack.gatewayUri().getPort());
            env.put("NODE_EXTRA_CA_CERTS", stack.tlsCertificatePem().toString());
            env.put("COMPAT_LIMITS", limits);
            env.remove("DETA_BASE_HOST");
            Process process = builder.start();
            boolean finished = process.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            List<JsonNode> checks = new ArrayList<>();
            for (String line : stdout.split("\n")) {
                if (line.isBlank()) continue;
                try {
                    checks.add(JSON.readTree(line));
                } catch (IOException notJson) {
                    checks.add(JSON.createObjectNode()
                            .put("check", "output line: " + line)
                            .put("ok", false)
                            .put("detail", "the script printed a line that is not JSON"));
                }
            }
            return new ScriptRun(checks, stdout, stderr, finished ? process.exitValue() : -1, !finished);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String nodeVersion() {
        try {
            Process process = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return null;
            }
            String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.exitValue() == 0 ? version : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}

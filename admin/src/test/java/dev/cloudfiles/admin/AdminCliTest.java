package dev.cloudfiles.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudfiles.auth.AuthException;
import dev.cloudfiles.auth.Authenticator;
import dev.cloudfiles.local.LocalStackExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The admin CLI run in-process, as {@code bin/cloudfiles admin} runs it, against the local stack's dynalite. */
class AdminCliTest {
    @RegisterExtension
    static final LocalStackExtension stack = LocalStackExtension.inMemory();

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern SECRET = Pattern.compile("([A-Za-z0-9]+)_[A-Za-z0-9_-]{43}");
    private static final Pattern CREATED_ID = Pattern.compile("Created key ([0-9a-f]{16}) ");

    record Run(int exit, String out, String err) {}

    /** One CLI invocation against the stack's dynalite (the local table, as with `make run`). */
    static Run admin(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint", stack.dynamoUri().toString()));
        return adminWithEnv(Map.of(), all.toArray(String[]::new));
    }

    static Run adminWithEnv(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = AdminCli.commandLine(env, new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    record Created(String keyId, String secret) {}

    static Created create(String... args) {
        List<String> all = new ArrayList<>(List.of("keys", "create"));
        all.addAll(List.of(args));
        Run run = admin(all.toArray(String[]::new));
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().lines()).hasSize(1);
        String secret = run.out().strip();
        assertThat(secret).matches(SECRET);
        Matcher id = CREATED_ID.matcher(run.err());
        assertThat(id.find()).as(run.err()).isTrue();
        assertThat(run.err()).doesNotContain(secret.substring(secret.indexOf('_') + 1));
        return new Created(id.group(1), secret);
    }

    static int status(String method, String project, String drive, String pathAndQuery, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create(stack.gatewayUri() + "/v1/" + project + "/" + drive + pathAndQuery))
                .method(
                        method,
                        method.equals("GET")
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString("x"));
        if (key != null) b.header("X-Api-Key", key);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void createdKeyWorksAtTheGatewayOnlyWhereItIsGranted() throws Exception {
        Created key = create("--project", "admone", "--drives", "docs,photos", "--label", "ci bot");
        assertThat(status("POST", "admone", "docs", "/files?name=a.txt", key.secret()))
                .isEqualTo(201);
        assertThat(status("POST", "admone", "photos", "/files?name=a.txt", key.secret()))
                .isEqualTo(201);
        assertThat(status("POST", "admone", "other", "/files?name=a.txt", key.secret()))
                .isEqualTo(403);
        assertThat(status("GET", "admtwo", "docs", "/files", key.secret())).isEqualTo(403);
    }

    @Test
    void readOnlyKeyReadsButCannotWrite() throws Exception {
        Created key = create("--project", "admro", "--read-only");
        assertThat(status("GET", "admro", "any", "/files", key.secret())).isEqualTo(200);
        assertThat(status("POST", "admro", "any", "/files?name=a.txt", key.secret()))
                .isEqualTo(403);
    }

    @Test
    void listShowsEveryFieldButNeverTheSecret() {
        Created key = create("--project", "admlist", "--drives", "docs", "--read-only", "--label", "backup job");
        Run run = admin("keys", "list", "--project", "admlist");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().lines().findFirst().orElseThrow())
                .contains("KEY ID", "PROJECT", "DRIVES", "ACCESS", "CREATED", "REVOKED", "LABEL");
        String row = run.out()
                .lines()
                .filter(l -> l.startsWith(key.keyId()))
                .findFirst()
                .orElseThrow();
        assertThat(row).contains("admlist", "docs", "read-only", "backup job").matches(".*\\d{4}-\\d\\d-\\d\\dT.*");
        assertThat(run.out()).doesNotContain(key.secret().substring(key.secret().indexOf('_') + 1));
        assertThat(run.out().lines()).hasSize(2); // header + this project's one key
    }

    @Test
    void theTableHoldsOnlyTheHashOfTheSecret() {
        Created key = create("--project", "admhash");
        String secretPart = key.secret().substring(key.secret().indexOf('_') + 1);
        var items = stack.clients()
                .dynamo()
                .scan(b -> b.tableName(stack.config().table()))
                .items();
        assertThat(items.toString()).contains(key.keyId()).doesNotContain(secretPart);
    }

    @Test
    void revokedKeyIsRefused() throws Exception {
        Created key = create("--project", "admrev");
        // Unused before the revocation, so no function instance has it cached.
        Run run = admin("keys", "revoke", key.keyId());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("Revoked key " + key.keyId());
        assertThat(status("GET", "admrev", "docs", "/files", key.secret())).isEqualTo(401);
        String row = admin("keys", "list", "--project", "admrev")
                .out()
                .lines()
                .filter(l -> l.startsWith(key.keyId()))
                .findFirst()
                .orElseThrow();
        assertThat(row.split("\\s+")[5]).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    /** The documented bound: an instance that verified the key keeps it for at most the cache TTL. */
    @Test
    void revocationReachesAnInstanceThatCachedTheKeyWithinTheCacheTtl() {
        Created key = create("--project", "admcache");
        MovableClock clock = new MovableClock();
        Authenticator instance = new Authenticator(stack.app().keys(), Duration.ofSeconds(60), clock);
        instance.identify(key.secret());
        assertThat(admin("keys", "revoke", key.keyId()).exit()).isZero();
        clock.advance(Duration.ofSeconds(59));
        instance.identify(key.secret()); // still cached: the delay the docs state
        clock.advance(Duration.ofSeconds(2));
        assertThatThrownBy(() -> instance.identify(key.secret())).isInstanceOf(AuthException.class);
        Authenticator fresh = new Authenticator(stack.app().keys(), Duration.ZERO, clock);
        assertThatThrownBy(() -> fresh.identify(key.secret())).isInstanceOf(AuthException.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "keys create --project bad_project",
                "keys create --project ",
                "keys create --project aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                "keys create --project okproj --drives bad.drive",
                "keys create --project okproj --drives docs,,x",
                "keys create --project okproj --drives ,",
                "keys create --project okproj --drives ,,",
                "keys create --project okproj --drives ",
                "keys create --project okproj --drives ../etc",
                "keys list --project no-dash",
                "keys revoke not-a-key-id",
                "keys revoke ABCDEF0123456789",
                "keys frobnicate",
                "keys create"
            })
    void invalidInputExitsWithTwoAndOneLineAndWritesNothing(String command) {
        int before = admin("keys", "list").out().lines().toList().size();
        Run run = admin(command.split(" ", -1));
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
        assertThat(run.err()).startsWith("error: ");
        assertThat(run.out()).isEmpty();
        assertThat(admin("keys", "list").out().lines().toList()).hasSize(before);
    }

    @Test
    void controlCharactersInALabelAreRefused() {
        Run run = admin("keys", "create", "--project", "admlbl", "--label", "evil\u001b[2Jlabel");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip().lines()).hasSize(1);
    }

    @Test
    void revokingAnUnknownKeyFails() {
        Run run = admin("keys", "revoke", "0123456789abcdef");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("no key with id 0123456789abcdef");
    }

    @Test
    void withoutATableNameItSaysHowToGiveOne() {
        Run run = adminWithEnv(Map.of(), "keys", "list");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().strip()).startsWith("error: name the table").doesNotContain("\n");
    }

    @Test
    void theTableCanBeNamedByTheEnvironment() {
        create("--project", "admenv");
        Run run = adminWithEnv(
                Map.of("CLOUD_FILES_TABLE", stack.config().table()),
                "keys",
                "list",
                "--project",
                "admenv",
                "--endpoint",
                stack.dynamoUri().toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().lines()).hasSize(2);
        Run missing = adminWithEnv(
                Map.of("CLOUD_FILES_TABLE", "no-such-table"),
                "keys",
                "list",
                "--endpoint",
                stack.dynamoUri().toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).startsWith("error: ").contains("ResourceNotFound");
    }

    @Test
    void aDynamoDbThatIsNotThereIsNamedWithWhatToDo() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Run run = adminWithEnv(
                Map.of("CLOUD_FILES_DYNAMODB_ENDPOINT", "http://127.0.0.1:" + closed),
                "keys",
                "list",
                "--project",
                "x");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
        assertThat(run.err())
                .startsWith("error: cannot connect to http://127.0.0.1:" + closed + " (connection refused)")
                .contains("make run")
                .contains("CLOUD_FILES_DYNAMODB_ENDPOINT")
                .doesNotContain("Unable to execute HTTP request")
                .doesNotContain("Attempt Count");
        assertThat(run.out()).isEmpty();
    }

    /** A server that takes the connection and hangs up: tried 3 times (the SDK's DynamoDB default is 9), then named. */
    @Test
    void aServerThatHangsUpIsTriedOnlyAFewTimes() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread hangUp = new Thread(() -> {
                while (true) {
                    try {
                        Socket taken = server.accept();
                        connections.incrementAndGet();
                        taken.close(); // hang up without an answer
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            hangUp.setDaemon(true);
            hangUp.start();
            String endpoint = "http://127.0.0.1:" + server.getLocalPort();
            Run run = adminWithEnv(Map.of("CLOUD_FILES_DYNAMODB_ENDPOINT", endpoint), "keys", "list");
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
            assertThat(run.err())
                    .startsWith("error: no answer from " + endpoint)
                    .contains("make run");
            assertThat(connections.get()).isEqualTo(TableOptions.MAX_ATTEMPTS).isEqualTo(3);
        }
    }

    @Test
    void theEndpointAndRegionComeFromTheEnvironmentAndFlagsWin() throws Exception {
        create("--project", "admvar");
        Map<String, String> env = Map.of(
                "CLOUD_FILES_DYNAMODB_ENDPOINT", stack.dynamoUri().toString(), "CLOUD_FILES_REGION", "eu-west-1");
        Run listed = adminWithEnv(env, "keys", "list", "--project", "admvar");
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out().lines()).hasSize(2);

        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Run flagged = adminWithEnv(
                Map.of("CLOUD_FILES_DYNAMODB_ENDPOINT", "http://127.0.0.1:" + closed),
                "keys",
                "list",
                "--project",
                "admvar",
                "--endpoint",
                stack.dynamoUri().toString());
        assertThat(flagged.exit()).as(flagged.err()).isZero();
        assertThat(flagged.out()).isEqualTo(listed.out());

        Run bad = adminWithEnv(Map.of("CLOUD_FILES_DYNAMODB_ENDPOINT", "127.0.0.1:8000"), "keys", "list");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).startsWith("error: $CLOUD_FILES_DYNAMODB_ENDPOINT must be an absolute URL");
    }

    @Test
    void helpNamesTheVariablesAndTheExitCodes() {
        Run help = adminWithEnv(Map.of(), "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out())
                .contains("CLOUD_FILES_DYNAMODB_ENDPOINT")
                .contains("CLOUD_FILES_REGION")
                .contains("Exit codes: 0 done, 1 failed");
    }

    /** A clock the test moves: no sleeping for cache expiry. */
    static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

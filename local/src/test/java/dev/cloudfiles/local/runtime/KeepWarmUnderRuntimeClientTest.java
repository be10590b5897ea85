package dev.cloudfiles.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudfiles.config.Config;
import dev.cloudfiles.functions.KeepWarm;
import dev.cloudfiles.local.LocalStackExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The keep-warm event that template.yaml's schedules send to every function's alias, through every
 * function under the real Lambda runtime interface client, with S3 and DynamoDB out of reach: each
 * answers it without touching the store, while an API request on the same runtime finds the store
 * gone (so the answer cannot have come from a store call that happened to work).
 */
@Timeout(180)
class KeepWarmUnderRuntimeClientTest {

    @RegisterExtension
    static final LocalStackExtension stack = LocalStackExtension.inMemory();

    private static final Map<String, LocalLambda> RUNNING = new LinkedHashMap<>();
    private static String apiKey;

    @BeforeAll
    static void startEveryFunctionWithTheStoreOutOfReach() throws IOException {
        apiKey = stack.createKey("dev", Set.of(), false).secret();
        Map<String, String> env = new HashMap<>(stack.config().environment());
        String nowhere = "http://127.0.0.1:" + closedPort();
        env.put(Config.S3_ENDPOINT, nowhere);
        env.put(Config.DYNAMODB_ENDPOINT, nowhere);
        TemplateFunctions.handlers().forEach((id, handler) -> RUNNING.put(id, LocalLambda.start(id, handler, env)));
        assertThat(RUNNING).hasSize(8).containsKey("SweeperFunction");
    }

    @AfterAll
    static void stopRuntimes() {
        RUNNING.values().forEach(LocalLambda::close);
        RUNNING.clear();
    }

    /** A port nothing listens on: bound, then released. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void everyFunctionAnswersTheKeepWarmEventWithoutTheStore() {
        RUNNING.forEach((id, lambda) -> {
            RuntimeApiEmulator.Result result = lambda.invoke(KeepWarm.EVENT);
            assertThat(result.isError())
                    .as(id + " → " + result + "\n--- runtime log ---\n" + lambda.log())
                    .isFalse();
            assertThat(result.body()).as(id).isEqualTo(KeepWarm.ANSWER);
        });
    }

    @Test
    void anApiRequestOnTheSameRuntimeFindsTheStoreGone() throws Exception {
        String event = RepoFiles.read("events/list.json").replace("dev_REPLACE_WITH_YOUR_KEY", apiKey);
        RuntimeApiEmulator.Result result = RUNNING.get("ListFilesFunction").invoke(event);
        assertThat(result.isError()).as(result.toString()).isFalse();
        assertThat(new ObjectMapper().readTree(result.body()).path("statusCode").asInt())
                .as(result.body())
                .isEqualTo(503);
    }
}

package dev.cloudfiles.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The harness itself: the real runtime interface client against the emulated Runtime API. */
@Timeout(60)
class RuntimeHarnessTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void runsAPayload2HandlerWarmAcrossInvocationsAndReportsHandlerErrors() throws Exception {
        String event = RepoFiles.read("events/route-not-found.json");
        try (LocalLambda fn = LocalLambda.start(
                "EchoFunction",
                "dev.cloudfiles.local.runtime.EchoHttpHandler::handleRequest",
                Map.of("ECHO_SETTING", "on"))) {

            RuntimeApiEmulator.Result first = fn.invoke(event);
            assertThat(first.isError()).as(first.toString()).isFalse();
            JsonNode response = JSON.readTree(first.body());
            assertThat(response.path("statusCode").asInt()).isEqualTo(200);
            String[] echoed = response.path("body").asText().split("\\|", -1);
            assertThat(echoed)
                    .containsExactly(
                            "$default",
                            "/v1/dev/docs/nope",
                            "null",
                            "dev_REPLACE_WITH_YOUR_KEY",
                            "GET",
                            "null",
                            "false",
                            "EchoFunction",
                            first.requestId(),
                            "arn:aws:lambda:us-east-1:123456789012:function:EchoFunction",
                            "768",
                            "true",
                            "on",
                            Long.toString(768L << 20));

            // A handler exception goes to /invocation/{id}/error and the environment stays warm.
            String boom = event.replace("\"rawPath\": \"/v1/dev/docs/nope\"", "\"rawPath\": \"/boom\"");
            RuntimeApiEmulator.Result failed = fn.invoke(boom);
            assertThat(failed.isError()).as(failed.toString()).isTrue();
            assertThat(failed.errorType()).isEqualTo("Runtime.UserException");
            JsonNode error = JSON.readTree(failed.body());
            assertThat(error.path("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
            assertThat(error.path("errorMessage").asText()).isEqualTo("boom on purpose");

            RuntimeApiEmulator.Result again = fn.invoke(event);
            assertThat(again.isError()).isFalse();
            assertThat(again.requestId()).isNotEqualTo(first.requestId());
            assertThat(fn.isAlive()).isTrue();
        }
    }

    @Test
    void aFunctionRunsInTheMemorySizeItIsGiven() throws Exception {
        try (LocalLambda fn = LocalLambda.start(
                "EchoFunction",
                "dev.cloudfiles.local.runtime.EchoHttpHandler::handleRequest",
                Map.of("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1769"))) {
            RuntimeApiEmulator.Result result = fn.invoke(RepoFiles.read("events/route-not-found.json"));
            String[] echoed = JSON.readTree(result.body()).path("body").asText().split("\\|", -1);
            assertThat(echoed[10]).as("the memory size the function is told").isEqualTo("1769");
            assertThat(echoed[13]).as("the memory the JVM sizes its heap for").isEqualTo(Long.toString(1769L << 20));
        }
    }

    @Test
    void theDefaultMemorySizeIsTheTemplates() {
        assertThat(TemplateFunctions.parameterDefault("FunctionMemorySize"))
                .isEqualTo(Integer.toString(LambdaRuntimeProcess.DEFAULT_MEMORY_MB));
    }

    @Test
    void reportsAFailingInitializationToInitError() {
        try (LocalLambda fn = LocalLambda.start(
                "BrokenFunction", "dev.cloudfiles.local.runtime.BrokenInitHandler::handleRequest", Map.of())) {
            // The RIC constructs the handler at the first invoke's start, as in Lambda's init phase.
            var pending = fn.invoke("{}", Duration.ofSeconds(20));
            var initError = fn.awaitInitError(Duration.ofSeconds(1));
            assertThat(initError).as(fn.log()).isPresent();
            assertThat(initError.get().body()).contains("REQUIRED_SETTING is not set");
            assertThat(pending.isError()).isTrue();
            assertThat(fn.awaitExit(Duration.ofSeconds(10)))
                    .as("the runtime exits after an init error")
                    .isTrue();
        }
    }
}

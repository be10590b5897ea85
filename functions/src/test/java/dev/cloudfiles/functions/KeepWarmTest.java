package dev.cloudfiles.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class KeepWarmTest {

    /** What reached the handler (null: it was not called) and what was answered. */
    private record Outcome(String handed, String answered) {}

    private static Outcome run(String event) throws IOException {
        AtomicReference<String> handed = new AtomicReference<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        KeepWarm.handle(
                new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null, (in, o, context) -> {
                    handed.set(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    o.write("handled".getBytes(StandardCharsets.UTF_8));
                });
        return new Outcome(handed.get(), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theKeepWarmEventIsAnsweredWithoutTheHandler() throws IOException {
        assertThat(run(KeepWarm.EVENT)).isEqualTo(new Outcome(null, KeepWarm.ANSWER));
    }

    @Test
    void everyOtherEventReachesTheHandlerWhole() throws IOException {
        String api = "{\"version\":\"2.0\",\"routeKey\":\"GET /v1/{project_id}/{drive_name}/files\",\"body\":\""
                + "x".repeat(100_000) + "\"}";
        for (String event :
                new String[] {api, "{}", "", KeepWarm.EVENT + " ", KeepWarm.EVENT + "{}", " " + KeepWarm.EVENT}) {
            assertThat(run(event))
                    .as(event.length() > 80 ? "an API event" : event)
                    .isEqualTo(new Outcome(event, "handled"));
        }
    }
}

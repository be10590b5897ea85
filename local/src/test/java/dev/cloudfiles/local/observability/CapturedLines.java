package dev.cloudfiles.local.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudfiles.log.JsonLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps every line the handlers write (and still prints it, as {@code make run} would) for the
 * duration of a test class: the real writer with another sink, no mock of anything.
 */
final class CapturedLines implements BeforeAllCallback, AfterAllCallback {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    private JsonLog.Sink previous;

    @Override
    public void beforeAll(ExtensionContext context) {
        previous = JsonLog.sink(line -> {
            lines.add(line);
            JsonLog.STDOUT.line(line);
        });
    }

    @Override
    public void afterAll(ExtensionContext context) {
        JsonLog.sink(previous);
    }

    List<String> raw() {
        return List.copyOf(lines);
    }

    /** The raw lines that mention {@code text} (a request id, say). */
    List<String> containing(String text) {
        return lines.stream().filter(l -> l.contains(text)).toList();
    }

    static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

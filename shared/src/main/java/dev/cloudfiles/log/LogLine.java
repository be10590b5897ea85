package dev.cloudfiles.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One structured log line: a JSON object with {@code level}, {@code timestamp}, {@code message} and
 * fields, and — when it carries metrics — a CloudWatch Embedded Metric Format document: the
 * {@code _aws} envelope names each metric (namespace {@value #NAMESPACE}, its unit, the dimension
 * sets) and the metric's value is a top-level member, so one line is both the log and the metrics.
 * Lines without metrics carry no {@code _aws} at all (CloudWatch then treats them as plain logs).
 * Written by {@link JsonLog}; nothing here knows the API or the Lambda types.
 */
public final class LogLine {
    public static final String NAMESPACE = "CloudFiles";
    private static final JsonFactory JSON = new JsonFactory();

    /** The units this service uses (all from CloudWatch's list). */
    public enum Unit {
        COUNT("Count"),
        MILLISECONDS("Milliseconds"),
        BYTES("Bytes");

        private final String cloudWatchName;

        Unit(String cloudWatchName) {
            this.cloudWatchName = cloudWatchName;
        }

        public String cloudWatchName() {
            return cloudWatchName;
        }
    }

    private static final class Metric {
        final Unit unit;
        double value;

        Metric(Unit unit, double value) {
            this.unit = unit;
            this.value = value;
        }
    }

    private String level;
    private final String message;
    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final Map<String, Metric> metrics = new LinkedHashMap<>();
    private final List<List<String>> dimensionSets = new ArrayList<>();

    private LogLine(String level, String message) {
        this.level = level;
        this.message = message;
    }

    public static LogLine info(String message) {
        return new LogLine("INFO", message);
    }

    public static LogLine warn(String message) {
        return new LogLine("WARN", message);
    }

    public static LogLine error(String message) {
        return new LogLine("ERROR", message);
    }

    public String level() {
        return level;
    }

    /** Raises or lowers the line's level ({@code INFO}, {@code WARN}, {@code ERROR}). */
    public LogLine level(String level) {
        this.level = level;
        return this;
    }

    /** A field; {@code null} values are left out. Values are strings, numbers or booleans. */
    public LogLine with(String key, Object value) {
        if (value != null) fields.put(key, value);
        return this;
    }

    /** Sets a metric's value (a later call replaces it). */
    public synchronized LogLine metric(String name, Unit unit, double value) {
        metrics.put(name, new Metric(unit, value));
        return this;
    }

    /** Adds to a count (declaring it at 0 first is what {@code add(name, 0)} does). */
    public synchronized LogLine add(String name, long delta) {
        metrics.computeIfAbsent(name, n -> new Metric(Unit.COUNT, 0)).value += delta;
        return this;
    }

    /** Keeps the largest value seen for a count-type gauge. */
    public synchronized LogLine max(String name, double value) {
        Metric m = metrics.get(name);
        if (m == null || m.value < value) metrics.put(name, new Metric(Unit.COUNT, value));
        return this;
    }

    /** One more dimension set: each key must be a string field of this line ({@code []} is allowed). */
    public LogLine dimensions(String... keys) {
        dimensionSets.add(List.of(keys));
        return this;
    }

    public synchronized double metricValue(String name) {
        Metric m = metrics.get(name);
        return m == null ? Double.NaN : m.value;
    }

    /** The line as written: one JSON object, no newline. */
    public synchronized String toJson(Instant now) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            if (!metrics.isEmpty()) {
                g.writeObjectFieldStart("_aws");
                g.writeNumberField("Timestamp", now.toEpochMilli());
                g.writeArrayFieldStart("CloudWatchMetrics");
                g.writeStartObject();
                g.writeStringField("Namespace", NAMESPACE);
                g.writeArrayFieldStart("Dimensions");
                for (List<String> set : dimensionSets.isEmpty() ? List.of(List.<String>of()) : dimensionSets) {
                    g.writeStartArray();
                    for (String key : set) g.writeString(key);
                    g.writeEndArray();
                }
                g.writeEndArray();
                g.writeArrayFieldStart("Metrics");
                for (var m : metrics.entrySet()) {
                    g.writeStartObject();
                    g.writeStringField("Name", m.getKey());
                    g.writeStringField("Unit", m.getValue().unit.cloudWatchName());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeStringField("level", level);
            g.writeStringField("timestamp", now.toString());
            g.writeStringField("message", message);
            for (var f : fields.entrySet()) {
                if (metrics.containsKey(f.getKey())) continue; // a metric's member is its value
                g.writeFieldName(f.getKey());
                Object v = f.getValue();
                if (v instanceof Boolean b) g.writeBoolean(b);
                else if (v instanceof Integer || v instanceof Long) g.writeNumber(((Number) v).longValue());
                else if (v instanceof Number n) g.writeNumber(n.doubleValue());
                else g.writeString(String.valueOf(v));
            }
            for (var m : metrics.entrySet()) {
                double v = m.getValue().value;
                if (v == Math.rint(v) && Math.abs(v) < 1e15) g.writeNumberField(m.getKey(), (long) v);
                else g.writeNumberField(m.getKey(), v);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes this line to {@link JsonLog}'s sink. */
    public void write() {
        JsonLog.write(this);
    }
}

package dev.cloudfiles.local.observability;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Checks a log line against the CloudWatch Embedded Metric Format specification
 * (docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html):
 * the {@code _aws} metadata object with a millisecond {@code Timestamp} and {@code CloudWatchMetrics}
 * directives; each directive's namespace, dimension sets (at most 30 keys, each a top-level string
 * member) and metric definitions (at most 100, each a top-level numeric member, units from the
 * allowed list); no members the specification does not define inside its own objects.
 */
final class EmfValidator {
    static final Set<String> UNITS = Set.of(
            "Seconds",
            "Microseconds",
            "Milliseconds",
            "Bytes",
            "Kilobytes",
            "Megabytes",
            "Gigabytes",
            "Terabytes",
            "Bits",
            "Kilobits",
            "Megabits",
            "Gigabits",
            "Terabits",
            "Percent",
            "Count",
            "Bytes/Second",
            "Kilobytes/Second",
            "Megabytes/Second",
            "Gigabytes/Second",
            "Terabytes/Second",
            "Bits/Second",
            "Kilobits/Second",
            "Megabits/Second",
            "Gigabits/Second",
            "Terabits/Second",
            "Count/Second",
            "None");
    /** 2001-09-09 in ms: a Timestamp below it is in seconds, not milliseconds. */
    private static final long MIN_MILLIS = 1_000_000_000_000L;

    private EmfValidator() {}

    /** Every violation found; empty when the document is valid EMF. */
    static List<String> violations(JsonNode root) {
        List<String> problems = new ArrayList<>();
        if (root == null || !root.isObject()) return List.of("the root is not a JSON object");
        JsonNode aws = root.get("_aws");
        if (aws == null || !aws.isObject()) return List.of("no _aws object");
        onlyMembers(aws, Set.of("Timestamp", "CloudWatchMetrics", "LogGroupName"), "_aws", problems);
        JsonNode timestamp = aws.get("Timestamp");
        if (timestamp == null || !timestamp.isIntegralNumber() || timestamp.asLong() < MIN_MILLIS) {
            problems.add("_aws.Timestamp must be a number of milliseconds since the epoch: " + timestamp);
        }
        JsonNode directives = aws.get("CloudWatchMetrics");
        if (directives == null || !directives.isArray() || directives.isEmpty()) {
            problems.add("_aws.CloudWatchMetrics must be a non-empty array");
            return problems;
        }
        for (JsonNode directive : directives) directive(root, directive, problems);
        return problems;
    }

    private static void directive(JsonNode root, JsonNode d, List<String> problems) {
        if (!d.isObject()) {
            problems.add("a MetricDirective is not an object");
            return;
        }
        onlyMembers(d, Set.of("Namespace", "Dimensions", "Metrics"), "MetricDirective", problems);
        JsonNode namespace = d.get("Namespace");
        if (namespace == null
                || !namespace.isTextual()
                || namespace.asText().isBlank()
                || namespace.asText().length() > 1024) {
            problems.add("Namespace must be a non-blank string of at most 1024 characters");
        }
        JsonNode dimensions = d.get("Dimensions");
        if (dimensions == null || !dimensions.isArray()) problems.add("Dimensions must be an array of dimension sets");
        else {
            for (JsonNode set : dimensions) {
                if (!set.isArray()) {
                    problems.add("a DimensionSet is not an array");
                    continue;
                }
                if (set.size() > 30) problems.add("a DimensionSet has more than 30 keys");
                for (JsonNode key : set) {
                    JsonNode value = key.isTextual() ? root.get(key.asText()) : null;
                    if (!key.isTextual()) problems.add("a dimension key is not a string");
                    else if (value == null || !value.isTextual())
                        problems.add("dimension " + key + " is not a top-level string member");
                    else if (value.asText().isBlank()
                            || value.asText().length() > 1024
                            || !value.asText().chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                        problems.add("dimension " + key + "'s value must be 1-1024 printable ASCII characters");
                    }
                }
            }
        }
        JsonNode metrics = d.get("Metrics");
        if (metrics == null || !metrics.isArray()) {
            problems.add("Metrics must be an array");
            return;
        }
        if (metrics.size() > 100) problems.add("more than 100 metrics in one directive");
        for (JsonNode m : metrics) {
            onlyMembers(m, Set.of("Name", "Unit", "StorageResolution"), "MetricDefinition", problems);
            JsonNode name = m.get("Name");
            if (name == null
                    || !name.isTextual()
                    || name.asText().isEmpty()
                    || name.asText().length() > 1024) {
                problems.add("a metric Name must be a string of 1-1024 characters");
                continue;
            }
            JsonNode unit = m.get("Unit");
            if (unit != null && (!unit.isTextual() || !UNITS.contains(unit.asText()))) {
                problems.add("metric " + name + " has a unit not in CloudWatch's list: " + unit);
            }
            JsonNode resolution = m.get("StorageResolution");
            if (resolution != null && !(resolution.isInt() && (resolution.asInt() == 1 || resolution.asInt() == 60))) {
                problems.add("metric " + name + ": StorageResolution must be 1 or 60");
            }
            JsonNode value = root.get(name.asText());
            boolean numeric = value != null
                    && (value.isNumber()
                            || value.isArray() && value.size() <= 100 && value.size() > 0 && allNumbers(value));
            if (!numeric) problems.add("metric " + name + " has no top-level numeric member");
        }
    }

    private static boolean allNumbers(JsonNode array) {
        for (JsonNode v : array) if (!v.isNumber()) return false;
        return true;
    }

    private static void onlyMembers(JsonNode object, Set<String> allowed, String what, List<String> problems) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name))
                problems.add(what + " has a member the specification does not define: " + name);
        }
    }
}

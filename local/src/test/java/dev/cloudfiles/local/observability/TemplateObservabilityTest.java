package dev.cloudfiles.local.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cloudfiles.local.LocalPaths;
import dev.cloudfiles.log.Metrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * template.yaml's alarms, logs and tracing, read as YAML (CloudFormation tags are dropped: !Ref X
 * reads as "X", !If [c, a, b] as [c, a, b]). The alarms watch what the code emits: every metric of
 * namespace CloudFiles that an alarm reads is one the code writes or a metric filter makes.
 */
class TemplateObservabilityTest {
    private static final JsonNode TEMPLATE = load();
    private static final JsonNode RESOURCES = TEMPLATE.get("Resources");

    private static JsonNode load() {
        try {
            return new ObjectMapper(new YAMLFactory())
                    .readTree(LocalPaths.repoRoot().resolve("template.yaml").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Map.Entry<String, JsonNode>> resources(String type) {
        List<Map.Entry<String, JsonNode>> found = new ArrayList<>();
        RESOURCES.properties().forEach(r -> {
            if (type.equals(r.getValue().path("Type").asText())) found.add(r);
        });
        return found;
    }

    /** (namespace, metric name, statistic) of every metric an alarm reads, plain or in metric math. */
    private record Watched(String alarm, String namespace, String metric, String statistic, String dimension) {}

    private static List<Watched> watched() {
        List<Watched> all = new ArrayList<>();
        for (var alarm : resources("AWS::CloudWatch::Alarm")) {
            JsonNode p = alarm.getValue().get("Properties");
            if (p.has("MetricName")) {
                String stat = p.has("ExtendedStatistic")
                        ? p.get("ExtendedStatistic").asText()
                        : p.path("Statistic").asText();
                all.add(new Watched(
                        alarm.getKey(),
                        p.get("Namespace").asText(),
                        p.get("MetricName").asText(),
                        stat,
                        p.path("Dimensions").path(0).path("Value").asText("")));
            }
            for (JsonNode m : p.path("Metrics")) {
                JsonNode metric = m.path("MetricStat").path("Metric");
                if (metric.isMissingNode()) continue;
                all.add(new Watched(
                        alarm.getKey(),
                        metric.get("Namespace").asText(),
                        metric.get("MetricName").asText(),
                        m.path("MetricStat").path("Stat").asText(),
                        metric.path("Dimensions").path(0).path("Value").asText("")));
            }
        }
        return all;
    }

    private static boolean watches(String namespace, String metric, String statistic, String dimension) {
        return watched().stream()
                .anyMatch(w -> w.namespace().equals(namespace)
                        && w.metric().equals(metric)
                        && (statistic == null || w.statistic().equals(statistic))
                        && (dimension == null || w.dimension().equals(dimension)));
    }

    @Test
    void theAlarmsTheIssueAsksForExist() {
        assertThat(watches("AWS/ApiGateway", "5xx", "Sum", "HttpApi"))
                .as("5xx rate")
                .isTrue();
        assertThat(watches("AWS/ApiGateway", "Count", "Sum", "HttpApi"))
                .as("5xx rate's denominator")
                .isTrue();
        assertThat(watches("CloudFiles", "ApiThrottled", "Sum", null))
                .as("the API's 429s")
                .isTrue();
        assertThat(watches("CloudFiles", Metrics.FAILURES, "Sum", null))
                .as("sweeper failures")
                .isTrue();
        assertThat(watches("CloudFiles", Metrics.BACKLOG, "Minimum", null))
                .as("a backlog that does not shrink")
                .isTrue();
        assertThat(watches("CloudFiles", Metrics.OPEN_UPLOADS_IN_DRIVE, "Maximum", null))
                .as("sessions near their bound")
                .isTrue();
        for (String function : List.of(
                "PutFileFunction",
                "GetFileFunction",
                "ListFilesFunction",
                "DeleteFilesFunction",
                "RouteNotFoundFunction",
                "SweeperFunction")) {
            assertThat(watches("AWS/Lambda", "Throttles", "Sum", function))
                    .as("throttles of " + function)
                    .isTrue();
            assertThat(watches("AWS/Lambda", "Errors", "Sum", function))
                    .as("errors of " + function)
                    .isTrue();
        }
        for (String function :
                List.of("PutFileFunction", "GetFileFunction", "ListFilesFunction", "DeleteFilesFunction")) {
            assertThat(watches("AWS/Lambda", "Duration", "p99", function))
                    .as("p99 duration of " + function)
                    .isTrue();
        }
    }

    @Test
    void durationAlarmsFireBeforeTheTimeout() {
        double timeoutMs =
                TEMPLATE.get("Globals").get("Function").get("Timeout").asDouble() * 1000;
        for (var alarm : resources("AWS::CloudWatch::Alarm")) {
            JsonNode p = alarm.getValue().get("Properties");
            if (!"Duration".equals(p.path("MetricName").asText())) continue;
            assertThat(p.get("Threshold").asDouble())
                    .as(alarm.getKey())
                    .isLessThan(timeoutMs)
                    .isGreaterThanOrEqualTo(timeoutMs * 0.7);
        }
    }

    @Test
    void everyCloudFilesMetricAnAlarmReadsIsWrittenBySomething() {
        Set<String> made = new HashSet<>(Metrics.ALL);
        for (var filter : resources("AWS::Logs::MetricFilter")) {
            for (JsonNode t : filter.getValue().get("Properties").get("MetricTransformations")) {
                assertThat(t.get("MetricNamespace").asText()).isEqualTo("CloudFiles");
                made.add(t.get("MetricName").asText());
            }
        }
        List<Watched> ours = watched().stream()
                .filter(w -> w.namespace().equals("CloudFiles"))
                .toList();
        assertThat(ours).isNotEmpty();
        assertThat(ours).allSatisfy(w -> assertThat(made).as(w.alarm()).contains(w.metric()));
        // The per-request metrics carry dimension sets [Route] and []: an alarm reads the [] one (no dimensions).
        assertThat(ours).allSatisfy(w -> assertThat(w.dimension()).as(w.alarm()).isEmpty());
    }

    @Test
    void everyAlarmNotifiesTheTopicWhenAnEmailIsGiven() {
        JsonNode topic = RESOURCES.get("AlarmTopic");
        assertThat(topic.get("Type").asText()).isEqualTo("AWS::SNS::Topic");
        assertThat(topic.get("Condition").asText()).isEqualTo("HasAlarmEmail");
        JsonNode subscription = topic.get("Properties").get("Subscription").get(0);
        assertThat(subscription.get("Protocol").asText()).isEqualTo("email");
        assertThat(subscription.get("Endpoint").asText()).isEqualTo("AlarmEmail");
        assertThat(TEMPLATE.get("Parameters").get("AlarmEmail").get("Default").asText())
                .isEmpty();
        assertThat(TEMPLATE.get("Conditions").has("HasAlarmEmail")).isTrue();
        List<Map.Entry<String, JsonNode>> alarms = resources("AWS::CloudWatch::Alarm");
        assertThat(alarms).hasSizeGreaterThanOrEqualTo(8);
        for (var alarm : alarms) {
            JsonNode p = alarm.getValue().get("Properties");
            for (String actions : List.of("AlarmActions", "OKActions")) {
                // !If [HasAlarmEmail, [!Ref AlarmTopic], !Ref AWS::NoValue]
                assertThat(p.get(actions).toString())
                        .as(alarm.getKey() + " " + actions)
                        .isEqualTo("[\"HasAlarmEmail\",[\"AlarmTopic\"],\"AWS::NoValue\"]");
            }
            assertThat(p.get("AlarmDescription").asText()).as(alarm.getKey()).isNotBlank();
            assertThat(p.has("TreatMissingData")).as(alarm.getKey()).isTrue();
        }
    }

    /** A fresh stack has no data for any metric yet (no sweep has run): no alarm may take that for trouble. */
    /**
     * A lone 5xx on a quiet API (a SnapStartNotReadyException on a function idle for weeks, issue 19
     * #4) alarms: the period it falls in breaches (1 request, 1 error), and the periods after it have
     * no data, which notBreaching counts as good. So the alarm must need one breaching period only.
     */
    @Test
    void aLone5xxOnAQuietApiAlarms() {
        JsonNode p = RESOURCES.get("Api5xxRateAlarm").get("Properties");
        int evaluationPeriods = p.get("EvaluationPeriods").asInt();
        int datapointsToAlarm = p.path("DatapointsToAlarm").asInt(evaluationPeriods);
        assertThat(p.get("TreatMissingData").asText()).isEqualTo("notBreaching");
        assertThat(datapointsToAlarm).as("breaching periods needed").isEqualTo(1);
        String expression = p.get("Metrics").get(0).get("Expression").asText();
        var quiet = java.util.regex.Pattern.compile("IF\\(requests >= (\\d+), [^,]+, (\\d+) \\* errors\\)")
                .matcher(expression);
        assertThat(quiet.matches()).as(expression).isTrue();
        double loneError = Double.parseDouble(quiet.group(2)) * 1;
        assertThat(loneError).isGreaterThan(p.get("Threshold").asDouble());
    }

    @Test
    void noAlarmFiresOnAFreshStack() {
        for (var alarm : resources("AWS::CloudWatch::Alarm"))
            assertThat(alarm.getValue()
                            .get("Properties")
                            .path("TreatMissingData")
                            .asText())
                    .as(alarm.getKey())
                    .isNotEqualTo("breaching");
    }

    @Test
    void theDashboardShowsEveryAlarm() {
        String body = RESOURCES
                .get("Dashboard")
                .get("Properties")
                .get("DashboardBody")
                .asText();
        for (var alarm : resources("AWS::CloudWatch::Alarm"))
            assertThat(body).contains("${" + alarm.getKey() + ".Arn}");
    }

    @Test
    void functionsLogJsonAtTheChosenLevelAndAreTraced() {
        JsonNode function = TEMPLATE.get("Globals").get("Function");
        assertThat(function.get("Tracing").asText()).isEqualTo("Active");
        JsonNode logging = function.get("LoggingConfig");
        assertThat(logging.get("LogFormat").asText()).isEqualTo("JSON");
        assertThat(logging.get("ApplicationLogLevel").asText()).isEqualTo("LogLevel");
        assertThat(TEMPLATE.get("Parameters").get("LogLevel").get("AllowedValues"))
                .extracting(JsonNode::asText)
                .contains("INFO");
        for (var f : resources("AWS::Serverless::Function")) {
            JsonNode props = f.getValue().get("Properties");
            assertThat(props.has("Tracing"))
                    .as(f.getKey() + " must not override the Globals")
                    .isFalse();
            // A function names only its own log group (SAM merges it into the Globals' LoggingConfig).
            assertThat(props.path("LoggingConfig").fieldNames())
                    .toIterable()
                    .as(f.getKey() + " must not override the Globals")
                    .containsExactly("LogGroup");
        }
    }

    @Test
    void theApiWritesJsonAccessLogsKeptForLogRetentionInDays() throws Exception {
        JsonNode settings = RESOURCES.get("HttpApi").get("Properties").get("AccessLogSettings");
        assertThat(settings.get("DestinationArn").asText()).isEqualTo("ApiAccessLogGroup.Arn");
        JsonNode group = RESOURCES.get("ApiAccessLogGroup");
        assertThat(group.get("Properties").get("RetentionInDays").asText()).isEqualTo("LogRetentionInDays");
        // What API Gateway writes once it has put its values in, each at its worst: "-", what it
        // writes for a value it lacks (an unquoted one then breaks the line).
        String format = settings.get("Format").asText().replaceAll("\\$context\\.[A-Za-z.]+", "-");
        JsonNode line = new ObjectMapper().readTree(format);
        assertThat(line.fieldNames())
                .toIterable()
                .contains(
                        "requestId",
                        "routeKey",
                        "status",
                        "responseLatency",
                        "integrationLatency",
                        "integrationErrorMessage",
                        "sourceIp");
        assertThat(settings.get("Format").asText())
                .contains("$context.requestId")
                .doesNotContain("header")
                .doesNotContain("querystring")
                // what the caller writes, which could hold a quote and break the line
                .doesNotContain("userAgent");
        assertThat(RESOURCES
                        .get("ApiThrottledMetricFilter")
                        .get("Properties")
                        .get("FilterPattern")
                        .asText())
                .contains("$.status = \"429\"");
    }
}

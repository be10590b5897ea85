package dev.cloudfiles.local.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudfiles.log.LogLine;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The validator itself: it accepts what the specification allows and names each thing it forbids. */
class EmfValidatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VALID = """
            {"_aws":{"Timestamp":1795945810059,"CloudWatchMetrics":[{"Namespace":"CloudFiles","Dimensions":[["Route"],[]],
             "Metrics":[{"Name":"Requests","Unit":"Count"},{"Name":"Latency","Unit":"Milliseconds"}]}]},
             "Route":"GET /v1/{project_id}/{drive_name}/files","Requests":1,"Latency":[1.5,2]}""";

    private static JsonNode parse(String json) throws Exception {
        return JSON.readTree(json);
    }

    private static JsonNode broken(String from, String to) throws Exception {
        assertThat(VALID).contains(from);
        return parse(VALID.replace(from, to));
    }

    @Test
    void aValidDocumentPasses() throws Exception {
        assertThat(EmfValidator.violations(parse(VALID))).isEmpty();
    }

    @Test
    void eachBreachOfTheSpecificationIsFound() throws Exception {
        assertThat(EmfValidator.violations(parse("{\"Requests\":1}"))).containsExactly("no _aws object");
        assertThat(EmfValidator.violations(broken("1795945810059", "1795945810")))
                .anyMatch(p -> p.contains("Timestamp"));
        assertThat(EmfValidator.violations(broken("\"Unit\":\"Count\"", "\"Unit\":\"Counts\"")))
                .anyMatch(p -> p.contains("unit"));
        assertThat(EmfValidator.violations(broken("\"Requests\":1", "\"Requests\":\"1\"")))
                .anyMatch(p -> p.contains("Requests"));
        assertThat(EmfValidator.violations(broken("\"Route\":\"GET", "\"Other\":\"GET")))
                .anyMatch(p -> p.contains("dimension"));
        assertThat(EmfValidator.violations(broken("[\"Route\"]", "[\"Route\",\"Requests\"]")))
                .anyMatch(p -> p.contains("\"Requests\" is not a top-level string"));
        assertThat(EmfValidator.violations(broken("\"Namespace\":\"CloudFiles\"", "\"Namespace\":\"\"")))
                .anyMatch(p -> p.contains("Namespace"));
        assertThat(EmfValidator.violations(broken("\"Timestamp\"", "\"Extra\":1,\"Timestamp\"")))
                .anyMatch(p -> p.contains("Extra"));
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 31; i++) many.append(i == 0 ? "" : ",").append("\"Route\"");
        assertThat(EmfValidator.violations(broken("[\"Route\"]", "[" + many + "]")))
                .anyMatch(p -> p.contains("30"));
    }

    @Test
    void aLineWithManyMetricsIsCheckedForTheHundredLimit() throws Exception {
        LogLine line = LogLine.info("x").dimensions();
        for (int i = 0; i < 101; i++) line.add("M" + i, 1);
        assertThat(EmfValidator.violations(parse(line.toJson(Instant.now())))).anyMatch(p -> p.contains("100"));
    }
}

package dev.cloudfiles.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudfiles.store.sweep.Sweeper;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SweeperHandlerTest {

    /** Written by hand with jackson-core: every component of the record, by its name, with its value. */
    @Test
    void theReportIsWrittenWithEveryFieldOfTheRecord() throws Exception {
        Sweeper.Report report = new Sweeper.Report(1, 2, 3, 4, 5, 6, 7, 8, true, 9_000_000_000L);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SweeperHandler.write(report, out);
        JsonNode json = new ObjectMapper().readTree(out.toByteArray());
        // What databind (and the runtime's POJO serializer before) writes for the record.
        JsonNode expected = new ObjectMapper().valueToTree(report);
        assertThat(json).isEqualTo(expected);
        assertThat(json.fieldNames())
                .toIterable()
                .containsExactlyElementsOf(Arrays.stream(Sweeper.Report.class.getRecordComponents())
                        .map(RecordComponent::getName)
                        .toList());
    }
}

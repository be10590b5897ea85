package dev.cloudfiles.openapi.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.yaml is a valid OpenAPI 3.1 document by the specification's own JSON Schema
 * (schema-base 2022-10-07: the document's structure and every Schema Object in it), checked by
 * {@code @hyperjump/json-schema}, a full JSON Schema 2020-12 implementation that ships the official
 * OAS 3.1 schemas (src/test/node). The build's openapi-generator run checks it a second way, with
 * the parser users' generators use. No emulator: this reads one file.
 */
class OpenApiSchemaTest {
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path DOCUMENT = MODULE.resolveSibling("docs").resolve("openapi.yaml");
    private static final Path VALIDATOR = MODULE.resolve("src/test/node/validate-openapi.mjs");

    private record Verdict(int exitCode, String output) {}

    /** The document as JSON on the validator's stdin; its exit code and what it printed. */
    private static Verdict validate(JsonNode document) throws IOException, InterruptedException {
        Process node = new ProcessBuilder("node", VALIDATOR.toString())
                .directory(VALIDATOR.getParent().toFile())
                .redirectErrorStream(true)
                .start();
        try (OutputStream stdin = node.getOutputStream()) {
            new ObjectMapper().writeValue(stdin, document);
        }
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Verdict(node.waitFor(), output.strip());
    }

    private static JsonNode document() throws IOException {
        return new YAMLMapper().readTree(Files.readString(DOCUMENT));
    }

    @Test
    void theDocumentIsValidOpenApi31() throws Exception {
        Verdict verdict = validate(document());
        assertThat(verdict.output()).isEqualTo("valid");
        assertThat(verdict.exitCode()).isZero();
    }

    @Test
    void theValidatorRejectsWhatTheSpecificationForbids() throws Exception {
        // An API key may travel in a header, the query or a cookie, never in the body; and an
        // operation has no field "respones". Both are errors a reader could make in the document.
        ObjectNode broken = (ObjectNode) document();
        ((ObjectNode) broken.at("/components/securitySchemes/X-Api-Key")).put("in", "body");
        ((ObjectNode) broken.at("/paths/~1v1~1{project_id}~1{drive_name}~1files/post")).put("respones", "{}");

        Verdict verdict = validate(broken);
        assertThat(verdict.exitCode()).isEqualTo(1);
        assertThat(verdict.output())
                .contains("#/components/securitySchemes/X-Api-Key/in: failed")
                .contains("#/paths/~1v1~1%7Bproject_id%7D~1%7Bdrive_name%7D~1files/post/respones: failed");
    }
}

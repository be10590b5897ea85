package dev.cloudfiles.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;

/** template.yaml as plain YAML (CloudFormation tags dropped): what needs no translation. */
final class TemplateYaml {
    private TemplateYaml() {}

    static JsonNode parameters() {
        try {
            return new ObjectMapper(new YAMLFactory())
                    .readTree(SamTranslator.template().toFile())
                    .path("Parameters");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

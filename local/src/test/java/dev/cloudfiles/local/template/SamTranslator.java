package dev.cloudfiles.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudfiles.local.LocalPaths;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * template.yaml through the real SAM translator (python3 with the aws-sam-translator that cfn-lint
 * brings), offline, as CloudFormation's AWS::Serverless transform sees it for a stack name and
 * parameter values: {@code template/sam_translate.py} in the test resources does the rendering.
 */
public final class SamTranslator {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One stack's render: the translated template, and the same with parameters and pseudo parameters resolved. */
    public record Render(String stack, Map<String, String> parameters, JsonNode template, JsonNode resolved) {
        public JsonNode resources() {
            return resolved.path("Resources");
        }
    }

    /** A stack to render: its name and the parameter values that differ from the defaults. */
    public record Stack(String name, Map<String, String> parameters) {}

    private SamTranslator() {}

    static Path template() {
        return LocalPaths.repoRoot().resolve("template.yaml");
    }

    /** Renders every stack in one python process (importing the translator is the slow part). */
    public static List<Render> render(List<Stack> stacks) {
        List<ObjectNode> input = new ArrayList<>();
        for (Stack s : stacks) {
            ObjectNode render = JSON.createObjectNode().put("stack", s.name());
            ObjectNode parameters = render.putObject("parameters");
            s.parameters().forEach(parameters::put);
            input.add(render);
        }
        try {
            Path errors = Files.createTempFile("sam-translate", ".err");
            Process python = new ProcessBuilder(
                            "python3", script().toString(), template().toString())
                    .redirectError(errors.toFile())
                    .start();
            try (OutputStream stdin = python.getOutputStream()) {
                stdin.write(JSON.writeValueAsBytes(input));
            }
            byte[] out = python.getInputStream().readAllBytes();
            int exit = python.waitFor();
            if (exit != 0) {
                throw new AssertionError("the SAM translator failed (exit " + exit + "; needs python3 with cfn-lint):\n"
                        + Files.readString(errors));
            }
            Files.delete(errors);
            JsonNode renders = JSON.readTree(out).get("renders");
            List<Render> result = new ArrayList<>();
            for (int i = 0; i < stacks.size(); i++) {
                JsonNode r = renders.get(i);
                result.add(new Render(
                        stacks.get(i).name(), stacks.get(i).parameters(), r.get("template"), r.get("resolved")));
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static Render render(String stack, Map<String, String> parameters) {
        return render(List.of(new Stack(stack, parameters))).get(0);
    }

    private static Path script() {
        try {
            return Path.of(SamTranslator.class
                    .getResource("/template/sam_translate.py")
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

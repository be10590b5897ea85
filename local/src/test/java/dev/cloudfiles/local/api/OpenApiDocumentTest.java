package dev.cloudfiles.local.api;

import static dev.cloudfiles.local.api.TestApi.enc;
import static dev.cloudfiles.local.api.TestApi.json;
import static dev.cloudfiles.local.api.TestApi.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cloudfiles.http.ApiError;
import dev.cloudfiles.local.LocalPaths;
import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.TemplateRoutes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docs/openapi.yaml tells the truth: its operations are exactly template.yaml's routes, its error
 * codes exactly {@link ApiError}'s, every operation documents how it fails, the key is the
 * {@code X-Api-Key} header (the share link needs none), and the examples named {@code example}
 * of the main operations, sent to the local stack, get the status and the fields documented beside them.
 */
class OpenApiDocumentTest {
    @RegisterExtension
    static final LocalStackExtension stack = LocalStackExtension.shared();

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final Pattern PARAM = Pattern.compile("\\{([^}/]+)}");
    private static final String EXAMPLE = "example";

    private final JsonNode doc = load();

    private static JsonNode load() {
        try {
            return new YAMLMapper()
                    .readTree(LocalPaths.repoRoot().resolve("docs/openapi.yaml").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code METHOD /path/{}/...}: parameter names do not matter to routing. */
    private static String normalised(String method, String path) {
        return method.toUpperCase(Locale.ROOT) + " " + PARAM.matcher(path).replaceAll("{}");
    }

    /** method → path → operation, for every operation of the document. */
    private Map<String, JsonNode> operations() {
        Map<String, JsonNode> operations = new TreeMap<>();
        doc.path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(entry -> {
                    if (METHODS.contains(entry.getKey())) {
                        operations.put(entry.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), entry.getValue());
                    }
                }));
        return operations;
    }

    private JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            assertThat(ref).as("only local references").startsWith("#/");
            JsonNode target = doc.at(ref.substring(1));
            assertThat(target.isMissingNode()).as("%s resolves", ref).isFalse();
            node = target;
        }
        return node;
    }

    @Test
    void isOpenApi31() {
        assertThat(doc.path("openapi").asText()).startsWith("3.1.");
        assertThat(doc.path("info").path("title").asText()).isNotEmpty();
    }

    @Test
    void everyRouteOfTheTemplateIsDocumentedAndNothingElse() {
        Set<String> routed = TemplateRoutes.load(LocalPaths.repoRoot().resolve("template.yaml")).routes().stream()
                .filter(r -> !r.routeKey().equals(TemplateRoutes.DEFAULT_ROUTE))
                .map(r -> normalised(r.method(), r.path()))
                .collect(Collectors.toSet());
        List<String> documented = operations().keySet().stream()
                .map(key -> normalised(key.split(" ", 2)[0], key.split(" ", 2)[1]))
                .toList();
        assertThat(documented).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(routed);
    }

    @Test
    void everyPathParameterIsDeclaredAndEveryOperationHasAnId() {
        Set<String> ids = new HashSet<>();
        doc.path("paths").properties().forEach(path -> {
            List<JsonNode> shared = new ArrayList<>();
            path.getValue().path("parameters").forEach(p -> shared.add(resolve(p)));
            path.getValue().properties().stream()
                    .filter(e -> METHODS.contains(e.getKey()))
                    .forEach(op -> {
                        String where = op.getKey() + " " + path.getKey();
                        assertThat(ids.add(op.getValue().path("operationId").asText()))
                                .as("%s has a unique operationId", where)
                                .isTrue();
                        Set<String> declared = new HashSet<>();
                        shared.forEach(p -> {
                            if (p.path("in").asText().equals("path"))
                                declared.add(p.path("name").asText());
                        });
                        op.getValue().path("parameters").forEach(p -> {
                            JsonNode param = resolve(p);
                            if (param.path("in").asText().equals("path"))
                                declared.add(param.path("name").asText());
                        });
                        Set<String> inPath = new HashSet<>();
                        Matcher m = PARAM.matcher(path.getKey());
                        while (m.find()) inPath.add(m.group(1));
                        assertThat(declared).as(where).isEqualTo(inPath);
                    });
        });
    }

    @Test
    void theErrorCodesAreExactlyApiErrors() {
        JsonNode error = doc.at("/components/schemas/Error");
        assertThat(error.path("required")).extracting(JsonNode::asText).contains("errors", "code");
        assertThat(error.at("/properties/errors/type").asText()).isEqualTo("array");
        assertThat(error.at("/properties/request_id/type").asText()).isEqualTo("string");
        List<String> codes = new ArrayList<>();
        error.at("/properties/code/enum").forEach(c -> codes.add(c.asText()));
        assertThat(codes)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(ApiError.values()).map(ApiError::code).toList());
    }

    @Test
    void everyOperationDocumentsItsErrorsWithTheErrorShape() {
        operations().forEach((where, op) -> {
            List<String> errors = new ArrayList<>();
            op.path("responses").properties().forEach(r -> {
                if (r.getKey().matches("[45]\\d\\d")) {
                    errors.add(r.getKey());
                    JsonNode response = resolve(r.getValue());
                    if (!where.startsWith("HEAD ")) { // a HEAD answer has no body
                        assertThat(response.at("/content/application~1json/schema/$ref")
                                        .asText())
                                .as("%s %s is the error shape", where, r.getKey())
                                .isEqualTo("#/components/schemas/Error");
                    }
                }
            });
            assertThat(errors).as("%s documents at least one error", where).isNotEmpty();
        });
    }

    @Test
    void theKeyIsTheXApiKeyHeaderAndOnlyTheShareLinkNeedsNone() {
        // Generated clients take the key under the scheme's name (docs/tour.md, API.md): the header's own.
        JsonNode scheme = doc.at("/components/securitySchemes/X-Api-Key");
        assertThat(scheme.path("type").asText()).isEqualTo("apiKey");
        assertThat(scheme.path("in").asText()).isEqualTo("header");
        assertThat(scheme.path("name").asText()).isEqualTo("X-Api-Key");
        assertThat(doc.path("security").get(0).has("X-Api-Key")).isTrue();
        operations().forEach((where, op) -> {
            if (where.equals("GET /s/{token}") || where.equals("HEAD /s/{token}")) {
                assertThat(op.path("security").isArray() && op.path("security").isEmpty())
                        .as("the share link takes no key")
                        .isTrue();
            } else {
                assertThat(op.has("security"))
                        .as("%s uses the document's key", where)
                        .isFalse();
            }
        });
    }

    /** An operation's request, built from its examples named {@code example}. */
    private record Example(String method, String path, String query, List<String> headers, byte[] body) {}

    /** {@code drive}: the test's values for path parameters, in place of the documented ones. */
    private Example example(String method, String path, Map<String, String> drive) {
        JsonNode pathItem = doc.path("paths").path(path);
        JsonNode op = pathItem.path(method.toLowerCase(Locale.ROOT));
        assertThat(op.isMissingNode()).as("%s %s is documented", method, path).isFalse();
        List<JsonNode> params = new ArrayList<>();
        pathItem.path("parameters").forEach(p -> params.add(resolve(p)));
        op.path("parameters").forEach(p -> params.add(resolve(p)));
        String target = path;
        List<String> query = new ArrayList<>();
        List<String> headers = new ArrayList<>();
        for (JsonNode p : params) {
            JsonNode value = p.at("/examples/" + EXAMPLE + "/value");
            String name = p.path("name").asText();
            if (value.isMissingNode()) {
                assertThat(p.path("required").asBoolean())
                        .as("required parameter %s of %s %s has an example", name, method, path)
                        .isFalse();
                continue;
            }
            switch (p.path("in").asText()) {
                case "path" -> target = target.replace("{" + name + "}", enc(drive.getOrDefault(name, value.asText())));
                case "query" -> query.add(enc(name) + "=" + enc(value.asText()));
                case "header" -> {
                    headers.add(name);
                    headers.add(value.asText());
                }
                default -> throw new AssertionError("unexpected parameter location of " + name);
            }
        }
        byte[] body = null;
        JsonNode requestBody = resolve(op.path("requestBody"));
        if (!requestBody.isMissingNode()) {
            var media = requestBody.path("content").properties().iterator().next();
            JsonNode value = media.getValue().at("/examples/" + EXAMPLE + "/value");
            assertThat(value.isMissingNode())
                    .as("%s %s has a body example", method, path)
                    .isFalse();
            body = media.getKey().contains("json")
                    ? value.toString().getBytes(StandardCharsets.UTF_8) // JsonNode writes itself as JSON
                    : value.asText().getBytes(StandardCharsets.UTF_8);
            headers.add("Content-Type");
            headers.add(media.getKey());
        }
        return new Example(method, target, String.join("&", query), headers, body);
    }

    /** The one response with an example named {@code example}: its status, media type and value. */
    private record Documented(int status, String mediaType, JsonNode value) {}

    private Documented documented(String method, String path) {
        JsonNode op = doc.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
        List<Documented> found = new ArrayList<>();
        op.path("responses")
                .properties()
                .forEach(r -> resolve(r.getValue()).path("content").properties().forEach(media -> {
                    JsonNode value = media.getValue().at("/examples/" + EXAMPLE + "/value");
                    if (!value.isMissingNode()) {
                        found.add(new Documented(Integer.parseInt(r.getKey()), media.getKey(), value));
                    }
                }));
        assertThat(found).as("%s %s documents one example answer", method, path).hasSize(1);
        return found.get(0);
    }

    @Test
    void theDocumentedExamplesGetTheDocumentedAnswers() {
        String project = "openapi";
        String drive = "examples";
        String key = stack.createKey(project, Set.of(), false).secret();
        TestApi api = new TestApi(stack.gatewayUri(), project, drive, key);
        String files = "/v1/{project_id}/{drive_name}/files";
        String[][] operations = {
            {"POST", files}, // put: stores the example file...
            {"GET", files + "/download"}, // ...which the get example reads,
            {"GET", files}, // the list example lists,
            {"POST", "/v1/{project_id}/{drive_name}/uploads"},
            {"DELETE", files} // and the delete example deletes.
        };
        for (String[] operation : operations) {
            Example example = example(operation[0], operation[1], Map.of("project_id", project, "drive_name", drive));
            Documented expected = documented(operation[0], operation[1]);
            URI uri = URI.create(
                    stack.gatewayUri() + example.path() + (example.query().isEmpty() ? "" : "?" + example.query()));
            HttpResponse<byte[]> response = api.sendTo(
                    uri, example.method(), example.body(), example.headers().toArray(String[]::new));
            String what = String.join(" ", operation) + " → " + text(response);
            assertThat(response.statusCode()).as(what).isEqualTo(expected.status());
            if (expected.mediaType().equals("application/json")) {
                JsonNode answer = json(response);
                List<String> fields = new ArrayList<>();
                expected.value().fieldNames().forEachRemaining(fields::add);
                assertThat(fields)
                        .as(what)
                        .allSatisfy(field -> assertThat(answer.has(field))
                                .as("%s has %s", what, field)
                                .isTrue());
            } else {
                assertThat(text(response)).as(what).isEqualTo(expected.value().asText());
            }
        }
        assertThat(json(api.list("")).get("names"))
                .as("the delete example deleted the put one")
                .isEmpty();
    }
}

package dev.cloudfiles.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The functions of template.yaml as the API routes them: route key ("POST /v1/.../files" or
 * "$default", as in an event's {@code routeKey}) to logical id and handler string.
 */
record TemplateFunctions(Map<String, Function> byRouteKey) {

    record Function(String logicalId, String handler) {}

    static TemplateFunctions load() {
        JsonNode template = template();
        Map<String, Function> routes = new LinkedHashMap<>();
        template.path("Resources").properties().forEach(resource -> {
            JsonNode r = resource.getValue();
            if (!"AWS::Serverless::Function".equals(r.path("Type").asText())) return;
            String handler = r.path("Properties").path("Handler").asText();
            r.path("Properties").path("Events").properties().forEach(event -> {
                JsonNode e = event.getValue();
                if (!"HttpApi".equals(e.path("Type").asText())) return;
                String path = e.path("Properties").path("Path").asText();
                String method = e.path("Properties").path("Method").asText().toUpperCase();
                String routeKey = path.equals("$default") ? "$default" : method + " " + path;
                routes.put(routeKey, new Function(resource.getKey(), handler));
            });
        });
        return new TemplateFunctions(Map.copyOf(routes));
    }

    /** Every function of template.yaml (routed or not, the sweeper too): logical id to handler string. */
    static Map<String, String> handlers() {
        Map<String, String> handlers = new LinkedHashMap<>();
        template().path("Resources").properties().forEach(resource -> {
            JsonNode r = resource.getValue();
            if ("AWS::Serverless::Function".equals(r.path("Type").asText()))
                handlers.put(
                        resource.getKey(), r.path("Properties").path("Handler").asText());
        });
        return handlers;
    }

    /** The logical id of the function whose Handler is {@code handler}'s class (any event, not only the API's). */
    static String logicalIdOf(Class<?> handler) {
        List<String> ids = new ArrayList<>();
        handlers().forEach((id, declared) -> {
            if (declared.startsWith(handler.getName() + "::")) ids.add(id);
        });
        if (ids.size() != 1) throw new IllegalArgumentException(handler + " is the Handler of " + ids);
        return ids.get(0);
    }

    /** A parameter's default value in template.yaml, as text. */
    static String parameterDefault(String parameter) {
        return template().path("Parameters").path(parameter).path("Default").asText();
    }

    private static JsonNode template() {
        try {
            // CloudFormation tags (!Ref, !Sub, ...) are ignored: only literal strings are read.
            return new ObjectMapper(new YAMLFactory())
                    .readTree(RepoFiles.root().resolve("template.yaml").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Optional<Function> forRouteKey(String routeKey) {
        return Optional.ofNullable(byRouteKey.get(routeKey));
    }
}

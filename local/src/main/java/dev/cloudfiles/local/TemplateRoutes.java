package dev.cloudfiles.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP API routes that template.yaml declares, matched the way API Gateway matches them:
 * literal segments equal, {@code {param}} one non-empty segment, {@code {proxy+}} the rest,
 * {@code ANY} every method, the most specific route first, else the {@code $default} route.
 */
public final class TemplateRoutes {
    public static final String DEFAULT_ROUTE = "$default";

    /** One route: {@code method} is upper case or {@code ANY}; {@code path} is {@code $default} for the catch-all. */
    public record Route(String functionId, String handler, String method, String path) {
        public String routeKey() {
            return isDefault() ? DEFAULT_ROUTE : method + " " + path;
        }

        boolean isDefault() {
            return DEFAULT_ROUTE.equals(path);
        }

        List<String> segments() {
            return List.of(path.substring(1).split("/", -1));
        }
    }

    public record Match(Route route, Map<String, String> pathParameters) {}

    private final List<Route> routes;
    private final Optional<Route> defaultRoute;

    public TemplateRoutes(List<Route> routes) {
        List<Route> specific = new ArrayList<>();
        Route fallback = null;
        for (Route route : routes) {
            if (route.isDefault()) fallback = route;
            else specific.add(route);
        }
        // Most specific first: compare segment by segment (literal < {param} < {greedy+}), then exact method < ANY.
        specific.sort(Comparator.comparing((Route r) -> ranks(r.segments()), TemplateRoutes::compareRanks)
                .thenComparing(r -> "ANY".equals(r.method())));
        this.routes = List.copyOf(specific);
        this.defaultRoute = Optional.ofNullable(fallback);
    }

    /** Reads every {@code AWS::Serverless::Function} with {@code HttpApi} events; CloudFormation tags are ignored. */
    public static TemplateRoutes load(Path template) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(template.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + template, e);
        }
        String globalHandler =
                root.path("Globals").path("Function").path("Handler").asText(null);
        List<Route> routes = new ArrayList<>();
        root.path("Resources").properties().forEach(resource -> {
            JsonNode body = resource.getValue();
            if (!"AWS::Serverless::Function".equals(body.path("Type").asText())) return;
            String handler = body.path("Properties").path("Handler").asText(globalHandler);
            body.path("Properties").path("Events").forEach(event -> {
                if (!"HttpApi".equals(event.path("Type").asText())) return;
                if (handler == null) throw new IllegalArgumentException(resource.getKey() + " has no Handler");
                // An HttpApi event without a path is API Gateway's catch-all.
                String path = event.path("Properties").path("Path").asText(DEFAULT_ROUTE);
                String method =
                        event.path("Properties").path("Method").asText("ANY").toUpperCase(Locale.ROOT);
                if (!DEFAULT_ROUTE.equals(path) && !path.startsWith("/")) {
                    throw new IllegalArgumentException(resource.getKey() + ": route path must start with /: " + path);
                }
                routes.add(new Route(resource.getKey(), handler, "*".equals(method) ? "ANY" : method, path));
            });
        });
        if (routes.isEmpty()) throw new IllegalArgumentException(template + " declares no HttpApi routes");
        return new TemplateRoutes(routes);
    }

    public List<Route> routes() {
        List<Route> all = new ArrayList<>(routes);
        defaultRoute.ifPresent(all::add);
        return all;
    }

    public Optional<Route> defaultRoute() {
        return defaultRoute;
    }

    /** The route for a request with a decoded path, or the {@code $default} route, or empty (→ 404). */
    public Optional<Match> match(String method, String decodedPath) {
        List<String> segments = List.of(
                decodedPath.startsWith("/") ? decodedPath.substring(1).split("/", -1) : decodedPath.split("/", -1));
        for (Route route : routes) {
            if (!"ANY".equals(route.method()) && !route.method().equals(method)) continue;
            Map<String, String> parameters = bind(route.segments(), segments);
            if (parameters != null) return Optional.of(new Match(route, parameters));
        }
        return defaultRoute.map(route -> new Match(route, Map.of()));
    }

    /** Path parameters when the pattern matches, else null. */
    private static Map<String, String> bind(List<String> pattern, List<String> actual) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < pattern.size(); i++) {
            String part = pattern.get(i);
            if (isGreedy(part)) {
                String rest = String.join("/", actual.subList(Math.min(i, actual.size()), actual.size()));
                if (rest.isEmpty()) return null;
                parameters.put(part.substring(1, part.length() - 2), rest);
                return parameters;
            }
            if (i >= actual.size()) return null;
            String value = actual.get(i);
            if (isParameter(part)) {
                if (value.isEmpty()) return null;
                parameters.put(part.substring(1, part.length() - 1), value);
            } else if (!part.equals(value)) {
                return null;
            }
        }
        return pattern.size() == actual.size() ? parameters : null;
    }

    private static boolean isParameter(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }

    private static boolean isGreedy(String segment) {
        return segment.startsWith("{") && segment.endsWith("+}");
    }

    private static int[] ranks(List<String> segments) {
        return segments.stream()
                .mapToInt(s -> isGreedy(s) ? 2 : isParameter(s) ? 1 : 0)
                .toArray();
    }

    private static int compareRanks(int[] a, int[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (a[i] != b[i]) return Integer.compare(a[i], b[i]);
        }
        return Integer.compare(b.length, a.length); // longer literal prefix chains are more specific
    }
}

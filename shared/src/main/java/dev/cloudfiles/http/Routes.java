package dev.cloudfiles.http;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The API's resources and their methods, for answering what API Gateway routes to {@code $default}:
 * 404 for an unknown resource, 405 (with {@code Allow}) for a known one asked with the wrong method.
 * template.yaml declares the same routes; a test keeps the two in step.
 */
public final class Routes {
    public record Resource(String template, Set<String> methods) {
        Pattern pattern() {
            return Pattern.compile(template.replaceAll("\\{[^/]+}", "[^/]+"));
        }
    }

    public static final List<Resource> RESOURCES = List.of(
            new Resource("/v1/{project_id}/{drive_name}/files", Set.of("GET", "POST", "PUT", "DELETE")),
            new Resource("/v1/{project_id}/{drive_name}/files/download", Set.of("GET", "HEAD")));

    private Routes() {}

    /** The answer for a request that matched no route. */
    public static ApiResponse unmatched(String method, String path, String requestId) {
        for (Resource resource : RESOURCES) {
            if (resource.pattern().matcher(path).matches()) {
                String allow = String.join(", ", resource.methods().stream().sorted().toList());
                return ApiResponse.error(ApiError.METHOD_NOT_ALLOWED, "method " + method + " is not allowed here; use " + allow,
                        requestId, java.util.Map.of("Allow", allow));
            }
        }
        return ApiResponse.error(ApiError.ROUTE_NOT_FOUND, "no such route: " + method + " " + sanitize(path), requestId, java.util.Map.of());
    }

    /** Paths are echoed in messages: keep them short and printable. */
    private static String sanitize(String path) {
        String cut = path.length() > 200 ? path.substring(0, 200) + "..." : path;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}

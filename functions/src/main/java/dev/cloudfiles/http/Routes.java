package dev.cloudfiles.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The API's route keys, as API Gateway names them and template.yaml declares them (a test keeps
 * the two in step), and the answer for what API Gateway sends to {@code $default}: 404 for an
 * unknown resource, 405 (with {@code Allow}) for a known one asked with the wrong method.
 */
public final class Routes {
    private static final String DRIVE = "/v1/{project_id}/{drive_name}";
    public static final String POST_FILE = "POST " + DRIVE + "/files";
    public static final String PUT_FILE = "PUT " + DRIVE + "/files";
    public static final String START_UPLOAD = "POST " + DRIVE + "/uploads";
    public static final String LIST_UPLOADS = "GET " + DRIVE + "/uploads";
    public static final String UPLOAD_PART = "POST " + DRIVE + "/uploads/{upload_id}/parts";
    public static final String UPLOAD_URLS = "POST " + DRIVE + "/uploads/{upload_id}/urls";
    public static final String UPLOAD_STATUS = "GET " + DRIVE + "/uploads/{upload_id}";
    public static final String COMMIT_UPLOAD = "PATCH " + DRIVE + "/uploads/{upload_id}";
    public static final String ABORT_UPLOAD = "DELETE " + DRIVE + "/uploads/{upload_id}";
    public static final String GET_FILE = "GET " + DRIVE + "/files/download";
    public static final String HEAD_FILE = "HEAD " + DRIVE + "/files/download";
    public static final String LIST_FILES = "GET " + DRIVE + "/files";
    public static final String DELETE_FILES = "DELETE " + DRIVE + "/files";
    public static final String MOVE_FILE = "POST " + DRIVE + "/files/move";
    public static final String COPY_FILE = "POST " + DRIVE + "/files/copy";
    public static final String CREATE_SHARE = "POST " + DRIVE + "/shares";
    public static final String LIST_SHARES = "GET " + DRIVE + "/shares";
    public static final String REVOKE_SHARE = "DELETE " + DRIVE + "/shares/{share_id}";
    /** A share link: the one route that takes no key (its token is the credential), outside any drive. */
    public static final String SHARE_LINK = "GET /s/{token}";
    /** The same link asked with HEAD: the same answer, without its body. */
    public static final String HEAD_SHARE_LINK = "HEAD /s/{token}";

    /** The routes of a drive, each of which needs an API key. */
    public static final List<String> KEYED = List.of(
            POST_FILE,
            PUT_FILE,
            START_UPLOAD,
            LIST_UPLOADS,
            UPLOAD_PART,
            UPLOAD_URLS,
            UPLOAD_STATUS,
            COMMIT_UPLOAD,
            ABORT_UPLOAD,
            GET_FILE,
            HEAD_FILE,
            LIST_FILES,
            DELETE_FILES,
            MOVE_FILE,
            COPY_FILE,
            CREATE_SHARE,
            LIST_SHARES,
            REVOKE_SHARE);

    /** Every route: {@link #KEYED} and the share link's. */
    public static final List<String> ALL = Stream.concat(KEYED.stream(), Stream.of(SHARE_LINK, HEAD_SHARE_LINK))
            .toList();

    /** Path template → the methods it has. */
    private static final Map<Pattern, Set<String>> RESOURCES = new LinkedHashMap<>();

    static {
        for (String route : ALL) {
            String[] parts = route.split(" ", 2);
            Pattern path = Pattern.compile(parts[1].replaceAll("\\{[^/]+}", "[^/]+"));
            RESOURCES.entrySet().stream()
                    .filter(e -> e.getKey().pattern().equals(path.pattern()))
                    .findFirst()
                    .ifPresentOrElse(
                            e -> e.getValue().add(parts[0]),
                            () -> RESOURCES.put(path, new TreeSet<>(Set.of(parts[0]))));
        }
    }

    private Routes() {}

    /** The answer for a request that matched no route. */
    public static ApiResponse unmatched(String method, String path, String requestId) {
        for (var resource : RESOURCES.entrySet()) {
            if (resource.getKey().matcher(path).matches()) {
                String allow = String.join(", ", resource.getValue());
                return ApiResponse.error(
                        ApiError.METHOD_NOT_ALLOWED,
                        "method " + sanitize(method) + " is not allowed here; use " + allow,
                        requestId,
                        Map.of("Allow", allow));
            }
        }
        return ApiResponse.error(
                ApiError.ROUTE_NOT_FOUND,
                "no such route: " + sanitize(method) + " " + sanitize(path),
                requestId,
                Map.of());
    }

    /** Methods and paths are echoed in messages: keep them short and printable. */
    private static String sanitize(String text) {
        String cut = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        return cut.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}]", "?");
    }
}

package dev.cloudfiles.http;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The stored content type: what the caller sent, else a guess from the name's extension. */
public final class ContentTypes {
    public static final String DEFAULT = "application/octet-stream";
    /**
     * [ext] Query parameter of a put (#1) and an upload start (#2) that declares the stored type, so
     * that the bytes can travel as {@code application/octet-stream}: API Gateway hands a function
     * {@code text/*} bodies as UTF-8 strings, which only UTF-8 survives byte for byte.
     */
    public static final String PARAMETER = "content_type";
    /** RFC 7231 media type, with parameters; nothing that could split a header. */
    private static final Pattern VALID = Pattern.compile(
            "[A-Za-z0-9!#$&^_.+-]{1,127}/[A-Za-z0-9!#$&^_.+-]{1,127}(\\s*;\\s*[A-Za-z0-9!#$&^_.+-]+=(\"[^\"\\\\\\p{Cntrl}]*\"|[A-Za-z0-9!#$&^_.+-]+))*");

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("txt", "text/plain"),
            Map.entry("md", "text/markdown"),
            Map.entry("csv", "text/csv"),
            Map.entry("html", "text/html"),
            Map.entry("htm", "text/html"),
            Map.entry("css", "text/css"),
            Map.entry("js", "text/javascript"),
            Map.entry("mjs", "text/javascript"),
            Map.entry("json", "application/json"),
            Map.entry("xml", "application/xml"),
            Map.entry("yaml", "application/yaml"),
            Map.entry("yml", "application/yaml"),
            Map.entry("pdf", "application/pdf"),
            Map.entry("zip", "application/zip"),
            Map.entry("gz", "application/gzip"),
            Map.entry("tar", "application/x-tar"),
            Map.entry("wasm", "application/wasm"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("ico", "image/vnd.microsoft.icon"),
            Map.entry("avif", "image/avif"),
            Map.entry("mp3", "audio/mpeg"),
            Map.entry("wav", "audio/wav"),
            Map.entry("ogg", "audio/ogg"),
            Map.entry("mp4", "video/mp4"),
            Map.entry("webm", "video/webm"),
            Map.entry("mov", "video/quicktime"));

    private ContentTypes() {}

    /**
     * The type the caller declared for the file: the {@code content_type} parameter, taken as it
     * is (even {@code application/octet-stream}), else the {@code Content-Type} header as
     * {@link #given} reads it. An invalid type is a 400.
     */
    public static Optional<String> declared(ApiRequest request) {
        Optional<String> parameter =
                request.query().get(PARAMETER).map(String::trim).filter(s -> !s.isEmpty());
        if (parameter.isEmpty()) return given(request.header("content-type"));
        if (!VALID.matcher(parameter.get()).matches()) {
            throw ApiError.BAD_REQUEST.exception("parameter '" + PARAMETER + "' is not a valid media type");
        }
        return parameter;
    }

    /**
     * The type the caller really gave in a header, if any; an invalid one is a 400. Types that
     * clients send when they were given none count as not given: {@code binary/octet-stream}
     * (Deta's JS SDK), {@code application/octet-stream} (most SDKs) and
     * {@code application/x-www-form-urlencoded} (curl's {@code --data-binary}).
     */
    public static Optional<String> given(Optional<String> sent) {
        Optional<String> given =
                sent.map(String::trim).filter(s -> !s.isEmpty()).filter(s -> !isUnspecified(s));
        if (given.isPresent() && !VALID.matcher(given.get()).matches()) {
            throw ApiError.BAD_REQUEST.exception("Content-Type is not a valid media type");
        }
        return given;
    }

    public static String guess(String fileName) {
        String base = fileName.substring(fileName.lastIndexOf('/') + 1);
        int dot = base.lastIndexOf('.');
        if (dot < 0 || dot == base.length() - 1) return DEFAULT;
        return BY_EXTENSION.getOrDefault(base.substring(dot + 1).toLowerCase(Locale.ROOT), DEFAULT);
    }

    static boolean isUnspecified(String type) {
        String bare = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return bare.equals("binary/octet-stream")
                || bare.equals("application/octet-stream")
                || bare.equals("application/x-www-form-urlencoded");
    }
}

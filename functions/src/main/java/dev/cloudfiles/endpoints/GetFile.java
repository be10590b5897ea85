package dev.cloudfiles.endpoints;

import dev.cloudfiles.auth.Access;
import dev.cloudfiles.config.Config;
import dev.cloudfiles.http.ApiError;
import dev.cloudfiles.http.ApiException;
import dev.cloudfiles.http.ApiRequest;
import dev.cloudfiles.http.ApiResponse;
import dev.cloudfiles.http.ContentDisposition;
import dev.cloudfiles.http.DigestFields;
import dev.cloudfiles.http.Endpoint;
import dev.cloudfiles.http.HttpDates;
import dev.cloudfiles.http.Routes;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.FileName;
import dev.cloudfiles.store.blobs.Signing;
import dev.cloudfiles.store.files.FileStore;
import dev.cloudfiles.store.index.FileRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * API.md #6: {@code GET /files/download?name=N} (and {@code HEAD}). Small files come inline; larger
 * ones are a 302 to a presigned S3 URL, because a Lambda answer is capped at 6 MB.
 */
public final class GetFile {
    private final FileStore files;
    private final long maxInlineBytes;
    private final Signing signing;

    public GetFile(FileStore files, Config config, Signing signing) {
        this.files = files;
        this.maxInlineBytes = config.maxInlineDownloadBytes();
        this.signing = signing;
    }

    /** The endpoints by route key. */
    public Map<String, Endpoint> endpoints() {
        return Map.of(
                Routes.GET_FILE, Endpoint.of(Access.READ, this::handle),
                Routes.HEAD_FILE, Endpoint.of(Access.READ, this::handle));
    }

    ApiResponse handle(ApiRequest request, Drive drive) {
        FileName name = FileName.of(request.query().require("name"));
        boolean redirect = request.query().flag("redirect", true);
        FileRecord file = current(drive, name);
        Map<String, String> headers = metadataHeaders(file);
        if (EntityTags.noneMatchHolds(request.header("if-none-match"), file.etag())) {
            return ApiResponse.bytes(304, headers, new byte[0]);
        }
        if (request.method().equals("HEAD")) {
            headers.put("Content-Length", Long.toString(file.size()));
            return ApiResponse.bytes(200, headers, new byte[0]);
        }
        if (!redirect) return ApiResponse.json(200, presigned(file));
        if (file.size() > maxInlineBytes) {
            Map<String, Object> link = presigned(file);
            return ApiResponse.json(302, link).withHeader("Location", (String) link.get("url"));
        }
        return inline(request, drive, name, file, headers);
    }

    private ApiResponse inline(
            ApiRequest request, Drive drive, FileName name, FileRecord file, Map<String, String> headers) {
        Optional<ByteRange> range;
        try {
            range = ByteRange.parse(request.header("range"), file.size());
        } catch (ByteRange.Unsatisfiable e) {
            throw new ApiException(
                    ApiError.RANGE_NOT_SATISFIABLE,
                    "the range lies outside the file's " + file.size() + " bytes",
                    Map.of("Content-Range", "bytes */" + file.size()));
        }
        var stream = files.open(file, range.map(ByteRange::header));
        if (stream.isEmpty()) {
            // The blob was swept under us: the name now points at newer bytes, or at nothing.
            FileRecord now = current(drive, name);
            if (!now.blob().equals(file.blob())) return inline(request, drive, name, now, metadataHeaders(now));
            throw ApiError.NOT_FOUND.exception("file not found");
        }
        byte[] body;
        try (var in = stream.get()) {
            body = in.readAllBytes(); // at most the inline limit: larger files were redirected
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        headers.put("Content-Disposition", ContentDisposition.attachment(name.baseName()));
        if (range.isPresent()) {
            headers.put("Content-Range", range.get().contentRange(file.size()));
            return ApiResponse.bytes(206, headers, body);
        }
        return ApiResponse.bytes(200, headers, body);
    }

    private FileRecord current(Drive drive, FileName name) {
        return files.head(drive, name).orElseThrow(() -> ApiError.NOT_FOUND.exception("file not found"));
    }

    private Map<String, Object> presigned(FileRecord file) {
        Signing.Presigned presigned = files.presignGet(
                file,
                signing.open(),
                ContentDisposition.attachment(FileName.of(file.name()).baseName()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", presigned.url().toString());
        body.put("expires_at", HttpDates.iso(presigned.expires()));
        body.put("size", file.size());
        body.put("content_type", file.contentType());
        body.put("etag", file.etag());
        body.put("last_modified", HttpDates.iso(file.lastModified()));
        if (file.sha256() != null) body.put("sha256", file.sha256());
        return body;
    }

    private static Map<String, String> metadataHeaders(FileRecord file) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", file.contentType());
        headers.put("ETag", file.etag());
        headers.put("Last-Modified", HttpDates.http(file.lastModified()));
        headers.put("Accept-Ranges", "bytes");
        // Of the whole file, so also on a 206 (RFC 9530 §3: the selected representation, not the part sent).
        if (file.sha256() != null) headers.put("Repr-Digest", DigestFields.field(file.sha256()));
        return headers;
    }
}

package dev.cloudfiles.endpoints;

import dev.cloudfiles.auth.Access;
import dev.cloudfiles.http.ApiError;
import dev.cloudfiles.http.ApiRequest;
import dev.cloudfiles.http.ApiResponse;
import dev.cloudfiles.http.Endpoint;
import dev.cloudfiles.http.Json;
import dev.cloudfiles.http.Routes;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.FileName;
import dev.cloudfiles.store.files.FileStore;
import dev.cloudfiles.store.index.FileRecord;
import java.util.Map;
import java.util.Optional;

/**
 * API.md [ext] {@code POST /files/move} (200) and {@code POST /files/copy} (201), both with
 * {@code {"from", "to"}}: {@code If-None-Match: *} applies to the target, {@code If-Match} to the
 * source. A move copies no byte; a copy is made inside S3.
 */
public final class MoveCopy {
    private final FileStore files;

    public MoveCopy(FileStore files) {
        this.files = files;
    }

    /** The endpoints by route key. */
    public Map<String, Endpoint> endpoints() {
        return Map.of(
                Routes.MOVE_FILE, Endpoint.of(Access.WRITE, this::move),
                Routes.COPY_FILE, Endpoint.of(Access.WRITE, this::copy));
    }

    ApiResponse move(ApiRequest request, Drive drive) {
        Names names = names(request);
        Optional<FileRecord> moved = files.move(drive, names.from(), names.to(), EntityTags.forWrite(request));
        return ApiResponse.json(200, FileJson.written(drive, found(moved)));
    }

    ApiResponse copy(ApiRequest request, Drive drive) {
        Names names = names(request);
        Optional<FileRecord> copied = files.copy(drive, names.from(), names.to(), EntityTags.forWrite(request));
        return ApiResponse.json(201, FileJson.written(drive, found(copied)));
    }

    private record Names(FileName from, FileName to) {}

    private static Names names(ApiRequest request) {
        if (!(Json.readBody(request.body()) instanceof Map<?, ?> body
                && body.get("from") instanceof String from
                && body.get("to") instanceof String to)) {
            throw ApiError.BAD_REQUEST.exception("body must be {\"from\": \"name\", \"to\": \"name\"}");
        }
        Names names = new Names(FileName.of(from), FileName.of(to));
        if (names.from().equals(names.to()))
            throw ApiError.BAD_REQUEST.exception("\"from\" and \"to\" are the same name");
        return names;
    }

    private static FileRecord found(Optional<FileRecord> file) {
        return file.orElseThrow(() -> ApiError.NOT_FOUND.exception("file not found: \"from\" does not exist"));
    }
}

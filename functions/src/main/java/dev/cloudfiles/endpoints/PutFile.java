package dev.cloudfiles.endpoints;

import dev.cloudfiles.auth.Access;
import dev.cloudfiles.config.Config;
import dev.cloudfiles.http.ApiRequest;
import dev.cloudfiles.http.ApiResponse;
import dev.cloudfiles.http.ContentTypes;
import dev.cloudfiles.http.DigestFields;
import dev.cloudfiles.http.Endpoint;
import dev.cloudfiles.http.Routes;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.FileName;
import dev.cloudfiles.store.files.FileStore;
import dev.cloudfiles.store.index.FileRecord;
import dev.cloudfiles.store.index.Precondition;
import java.util.Map;

/**
 * API.md #1: {@code POST /files?name=N} (and {@code PUT}) with the raw bytes as the body, checked
 * against its {@code Content-Digest} when it has one. The body is in memory already (API Gateway
 * hands it over whole, at most the inline limit), so its SHA-256 is taken before anything is written.
 */
public final class PutFile {
    private final FileStore files;
    private final long maxBytes;

    public PutFile(FileStore files, Config config) {
        this.files = files;
        this.maxBytes = config.maxInlineUploadBytes();
    }

    /** The endpoints by route key. */
    public Map<String, Endpoint> endpoints() {
        return Map.of(
                Routes.POST_FILE, Endpoint.of(Access.WRITE, this::handle),
                Routes.PUT_FILE, Endpoint.of(Access.WRITE, this::handle));
    }

    ApiResponse handle(ApiRequest request, Drive drive) {
        FileName name = FileName.of(request.query().require("name"));
        Precondition precondition = EntityTags.forWrite(request);
        String contentType = ContentTypes.declared(request).orElseGet(() -> ContentTypes.guess(name.value()));
        byte[] body = request.body();
        InlineLimit.check(request, body, maxBytes, "the body");
        FileRecord stored = files.put(drive, name, body, contentType, precondition, DigestFields.sha256(request));
        return ApiResponse.json(201, FileJson.written(drive, stored));
    }
}

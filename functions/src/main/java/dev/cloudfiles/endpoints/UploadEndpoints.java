package dev.cloudfiles.endpoints;

import dev.cloudfiles.auth.Access;
import dev.cloudfiles.config.Config;
import dev.cloudfiles.http.ApiError;
import dev.cloudfiles.http.ApiRequest;
import dev.cloudfiles.http.ApiResponse;
import dev.cloudfiles.http.ContentTypes;
import dev.cloudfiles.http.DigestFields;
import dev.cloudfiles.http.Endpoint;
import dev.cloudfiles.http.HttpDates;
import dev.cloudfiles.http.Routes;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.FileName;
import dev.cloudfiles.store.blobs.Multipart;
import dev.cloudfiles.store.blobs.Signing;
import dev.cloudfiles.store.index.FileRecord;
import dev.cloudfiles.store.uploads.UploadSession;
import dev.cloudfiles.store.uploads.Uploads;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * API.md #2–#5: upload sessions for files of any size. Parts travel through the API (Deta's way,
 * each within the inline limit) or, with {@code presigned=true}, straight from the client to S3.
 */
public final class UploadEndpoints {
    private final Uploads uploads;
    private final long maxPartBytes;
    private final Signing signing;

    public UploadEndpoints(Uploads uploads, Config config, Signing signing) {
        this.uploads = uploads;
        this.maxPartBytes = config.maxInlineUploadBytes();
        this.signing = signing;
    }

    /** The endpoints by route key. */
    public Map<String, Endpoint> endpoints() {
        return Map.of(
                Routes.START_UPLOAD, Endpoint.of(Access.WRITE, this::start),
                Routes.LIST_UPLOADS, Endpoint.of(Access.WRITE, this::list),
                Routes.UPLOAD_PART, Endpoint.of(Access.WRITE, this::part),
                Routes.UPLOAD_URLS, Endpoint.of(Access.WRITE, this::urls),
                Routes.UPLOAD_STATUS, Endpoint.of(Access.WRITE, this::status),
                Routes.COMMIT_UPLOAD, Endpoint.of(Access.WRITE, this::commit),
                Routes.ABORT_UPLOAD, Endpoint.of(Access.WRITE, this::abort));
    }

    /**
     * #2 {@code POST /uploads?name=N[&size=BYTES][&presigned=true]}. A declared {@code size} is
     * binding: the commit refuses parts that do not add up to it. Presigned uploads must declare it.
     */
    private ApiResponse start(ApiRequest request, Drive drive) {
        FileName name = FileName.of(request.query().require("name"));
        Optional<String> contentType = ContentTypes.declared(request);
        boolean presigned = request.query().flag("presigned", false);
        Optional<Long> size = request.query().number("size", 0, Uploads.MAX_FILE_BYTES);
        if (presigned && size.isEmpty()) {
            throw ApiError.BAD_REQUEST.exception(
                    "parameter 'size' (the file's size in bytes) is required with presigned=true");
        }
        UploadSession session = uploads.start(drive, name, contentType, new Uploads.Declared(size, presigned));
        Map<String, Object> body = session(drive, session, null);
        if (presigned) addPartUrls(body, session);
        return ApiResponse.json(202, body);
    }

    /**
     * [ext] {@code POST /uploads/{id}/urls?name=N[&from=K]}: fresh part URLs of a presigned upload,
     * from part K on, for uploads that outlive the URLs handed out at the start. With a body
     * ({@link PartDigests}) instead: URLs for exactly the parts it names, each signed with the MD5
     * the client declared for it, which S3 then checks.
     */
    private ApiResponse urls(ApiRequest request, Drive drive) {
        UploadSession session = find(request, drive);
        if (!session.presigned()) {
            throw ApiError.BAD_REQUEST.exception(
                    "this upload was not started with presigned=true: send its parts through the API");
        }
        int parts = Uploads.partCount(session.size().orElseThrow(), session.partSize());
        Map<Integer, Optional<String>> wanted;
        if (request.body().length > 0) {
            if (request.query().get("from").isPresent()) {
                throw ApiError.BAD_REQUEST.exception("name the parts either with 'from' or in the body, not both");
            }
            wanted = PartDigests.parse(request.body(), parts);
        } else {
            wanted = new LinkedHashMap<>();
            int from = request.query().integer("from", 1, Math.max(1, parts)).orElse(1);
            for (int part = from; part <= parts; part++) wanted.put(part, Optional.empty());
        }
        Map<String, Object> body = session(drive, session, null);
        addPartUrls(body, session, wanted);
        return ApiResponse.json(200, body);
    }

    /** Every part's URL (without a declared MD5): the answer to #2. */
    private void addPartUrls(Map<String, Object> body, UploadSession session) {
        Map<Integer, Optional<String>> all = new LinkedHashMap<>();
        for (int part = 1; part <= Uploads.partCount(session.size().orElseThrow(), session.partSize()); part++) {
            all.put(part, Optional.empty());
        }
        addPartUrls(body, session, all);
    }

    /**
     * {@code part_size}, {@code parts} (one presigned URL per wanted part) and {@code expires_at}:
     * when the first of them stops working, all signed with the same credentials and lifetime.
     */
    private void addPartUrls(Map<String, Object> body, UploadSession session, Map<Integer, Optional<String>> wanted) {
        Signing.Window window = signing.open();
        List<Map<String, Object>> parts = new ArrayList<>();
        Instant expires = null;
        for (var entry : wanted.entrySet()) {
            Signing.Presigned url = uploads.presignPart(session, entry.getKey(), window, entry.getValue());
            parts.add(Map.of("part", entry.getKey(), "url", url.url().toString()));
            if (expires == null || url.expires().isBefore(expires)) expires = url.expires();
        }
        body.put("part_size", session.partSize());
        body.put("parts", parts);
        body.put(
                "expires_at",
                HttpDates.iso(expires != null ? expires : uploads.now().plus(window.lifetime())));
    }

    /**
     * [ext] #3c {@code GET /uploads/{id}?name=N}: what the upload declared and the parts S3 holds,
     * so that an interrupted upload can send only what is missing. {@code size} and {@code
     * part_size} are null when not declared (parts through the API have no fixed size). An upload
     * whose parts a commit assembled (after a failed precondition) answers no parts and {@code
     * "assembled":true}. Write access, as every upload route: only a writer has uploads to resume.
     */
    private ApiResponse status(ApiRequest request, Drive drive) {
        UploadSession session = find(request, drive);
        List<Multipart.Part> received = uploads.receivedParts(session);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("upload_id", session.id());
        body.put("name", session.name());
        body.put("size", session.size().orElse(null));
        body.put("part_size", session.presigned() ? session.partSize() : null);
        body.put("expires_at", HttpDates.iso(session.expires()));
        List<Map<String, Object>> parts = new ArrayList<>();
        for (Multipart.Part p : received) {
            parts.add(Map.of("part", p.number(), "size", p.size(), "etag", p.etag()));
        }
        body.put("parts", parts);
        if (session.assembled()) body.put("assembled", true);
        body.put("project_id", drive.project().value());
        body.put("drive_name", drive.name().value());
        return ApiResponse.json(200, body);
    }

    /**
     * [ext] {@code GET /uploads}: the drive's open uploads (unexpired, not finished), oldest first,
     * in one answer: a drive has at most {@code CLOUD_FILES_MAX_OPEN_UPLOADS} (at most 1,000).
     * Write access, as the status of one upload: an upload is a write in progress.
     */
    private ApiResponse list(ApiRequest request, Drive drive) {
        List<Map<String, Object>> listed = new ArrayList<>();
        for (UploadSession session : uploads.open(drive)) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("upload_id", session.id());
            entry.put("name", session.name());
            entry.put("size", session.size().orElse(null));
            entry.put("part_size", session.presigned() ? session.partSize() : null);
            entry.put("created", HttpDates.iso(session.created()));
            entry.put("expires_at", HttpDates.iso(session.expires()));
            if (session.assembled()) entry.put("assembled", true);
            listed.add(entry);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("uploads", listed);
        body.put("project_id", drive.project().value());
        body.put("drive_name", drive.name().value());
        return ApiResponse.json(200, body);
    }

    /**
     * #3 {@code POST /uploads/{id}/parts?name=N&part=K} with the part's raw bytes, checked against
     * its {@code Content-Digest} (when it has one) before S3 sees them.
     */
    private ApiResponse part(ApiRequest request, Drive drive) {
        UploadSession session = find(request, drive);
        int part = request.query()
                .integer("part", 1, Uploads.MAX_PARTS)
                .orElseThrow(() -> ApiError.BAD_REQUEST.exception(
                        "parameter 'part' is required: a number from 1 to " + Uploads.MAX_PARTS));
        byte[] bytes = request.body();
        InlineLimit.check(request, bytes, maxPartBytes, "a part sent through the API");
        uploads.uploadPart(
                session, part, bytes, ContentTypes.given(request.header("content-type")), DigestFields.sha256(request));
        return ApiResponse.json(200, session(drive, session, part));
    }

    /** #4 {@code PATCH /uploads/{id}?name=N}: the server lists the parts itself and commits. */
    private ApiResponse commit(ApiRequest request, Drive drive) {
        UploadSession session = find(request, drive);
        FileRecord file =
                uploads.commit(drive, session, EntityTags.forWrite(request), ContentTypes.guess(session.name()));
        Map<String, Object> body = session(drive, session, null);
        FileJson.addMetadata(body, file);
        return ApiResponse.json(200, body);
    }

    /** #5 {@code DELETE /uploads/{id}?name=N}. */
    private ApiResponse abort(ApiRequest request, Drive drive) {
        UploadSession session = find(request, drive);
        uploads.abort(drive, session);
        return ApiResponse.json(200, session(drive, session, null));
    }

    private UploadSession find(ApiRequest request, Drive drive) {
        FileName name = FileName.of(request.query().require("name"));
        String id = request.pathParameter("upload_id").orElse("");
        return uploads.find(drive, id, name);
    }

    /** {@code {"name","upload_id"[,"part"],"project_id","drive_name"}}, the shape of every upload answer. */
    private static Map<String, Object> session(Drive drive, UploadSession session, Integer part) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", session.name());
        body.put("upload_id", session.id());
        if (part != null) body.put("part", part);
        body.put("project_id", drive.project().value());
        body.put("drive_name", drive.name().value());
        return body;
    }
}

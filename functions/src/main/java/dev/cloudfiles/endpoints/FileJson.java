package dev.cloudfiles.endpoints;

import dev.cloudfiles.http.HttpDates;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.store.index.FileRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON shapes of a file, as API.md gives them. */
final class FileJson {
    private FileJson() {}

    /** {@code {"name","project_id","drive_name"}} plus the [ext] metadata: the answer to a write. */
    static Map<String, Object> written(Drive drive, FileRecord file) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", file.name());
        body.put("project_id", drive.project().value());
        body.put("drive_name", drive.name().value());
        addMetadata(body, file);
        return body;
    }

    /** {@code {"name","size","content_type","etag","last_modified"[,"sha256"]}}: a detailed listing entry. */
    static Map<String, Object> details(FileRecord file) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", file.name());
        addMetadata(body, file);
        return body;
    }

    static void addMetadata(Map<String, Object> body, FileRecord file) {
        body.put("size", file.size());
        body.put("etag", file.etag());
        body.put("content_type", file.contentType());
        body.put("last_modified", HttpDates.iso(file.lastModified()));
        if (file.sha256() != null) body.put("sha256", file.sha256());
    }
}

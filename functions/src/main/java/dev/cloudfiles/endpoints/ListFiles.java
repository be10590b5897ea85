package dev.cloudfiles.endpoints;

import dev.cloudfiles.auth.Access;
import dev.cloudfiles.http.ApiError;
import dev.cloudfiles.http.ApiRequest;
import dev.cloudfiles.http.ApiResponse;
import dev.cloudfiles.http.Endpoint;
import dev.cloudfiles.http.QueryString;
import dev.cloudfiles.http.Routes;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.FileName;
import dev.cloudfiles.names.Utf8;
import dev.cloudfiles.store.files.FileStore;
import dev.cloudfiles.store.index.ListPage;
import dev.cloudfiles.store.index.ListQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** API.md #7: {@code GET /files?limit=&prefix=&last=&recursive=&detailed=}. */
public final class ListFiles {
    private final FileStore files;

    public ListFiles(FileStore files) {
        this.files = files;
    }

    /** The endpoints by route key. */
    public Map<String, Endpoint> endpoints() {
        return Map.of(Routes.LIST_FILES, Endpoint.of(Access.READ, this::handle));
    }

    ApiResponse handle(ApiRequest request, Drive drive) {
        QueryString q = request.query();
        int limit = q.integer("limit", 1, ListQuery.MAX_LIMIT).orElse(ListQuery.MAX_LIMIT);
        String prefix = bounded(q.get("prefix"), "prefix").orElse("");
        Optional<String> last = bounded(q.get("last"), "last");
        boolean recursive = q.flag("recursive", true);
        boolean detailed = q.flag("detailed", false);

        ListPage page = files.list(drive, new ListQuery(prefix, last, limit, recursive));
        List<String> names = new ArrayList<>(page.entries().size());
        List<Object> details = new ArrayList<>();
        for (ListPage.Entry entry : page.entries()) {
            names.add(entry.name());
            if (entry instanceof ListPage.FileEntry file) details.add(FileJson.details(file.file()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        page.last().ifPresent(l -> body.put("paging", paging(names.size(), l)));
        body.put("names", names);
        if (detailed) body.put("files", details);
        return ApiResponse.json(200, body);
    }

    /** Ordered, not {@code Map.of}: its iteration order changes with each JVM's hash seed. */
    private static Map<String, Object> paging(int size, String last) {
        Map<String, Object> paging = new LinkedHashMap<>();
        paging.put("size", size);
        paging.put("last", last);
        return paging;
    }

    /** Longer than any name can be means a caller's mistake, not an empty page. */
    private static Optional<String> bounded(Optional<String> value, String parameter) {
        if (value.isPresent() && Utf8.length(value.get()) > FileName.MAX_BYTES) {
            throw ApiError.BAD_REQUEST.exception(
                    "parameter '" + parameter + "' is longer than " + FileName.MAX_BYTES + " bytes");
        }
        if (value.isPresent() && hasLoneSurrogate(value.get())) {
            throw ApiError.BAD_REQUEST.exception("parameter '" + parameter + "' is not valid UTF-8");
        }
        return value;
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) i++;
            else if (Character.isSurrogate(c)) return true;
        }
        return false;
    }
}

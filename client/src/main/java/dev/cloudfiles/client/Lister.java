package dev.cloudfiles.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Listing (API.md #7): one page per request, and the loop that follows {@code paging.last}. */
final class Lister {
    private final Transport transport;

    Lister(Transport transport) {
        this.transport = transport;
    }

    /** Every page from {@code options.last()} on; stops early if the server repeats its cursor. */
    void pages(ListOptions options, Consumer<ListPage> each) {
        while (true) {
            ListPage page = page(options);
            each.accept(page);
            if (!page.hasMore() || page.last().equals(options.last())) return;
            options = options.withLast(page.last());
        }
    }

    ListPage page(ListOptions options) {
        StringBuilder q = new StringBuilder("/files?limit=").append(options.limit());
        if (!options.prefix().isEmpty()) q.append("&prefix=").append(Transport.enc(options.prefix()));
        if (options.last() != null) q.append("&last=").append(Transport.enc(options.last()));
        if (options.folded()) q.append("&recursive=false");
        if (options.detailed()) q.append("&detailed=true");
        String what = "listing " + (options.prefix().isEmpty() ? "the drive" : options.prefix());
        JsonNode json = transport.callForJson(
                () -> transport
                        .apiRequest(
                                transport.api(q.toString()),
                                transport.config.timeouts().socket())
                        .GET()
                        .build(),
                what);
        List<String> names = new ArrayList<>();
        json.path("names").forEach(n -> names.add(n.asText()));
        List<FileInfo> files = new ArrayList<>();
        json.path("files").forEach(f -> files.add(Transport.fileInfo(f, null)));
        JsonNode paging = json.get("paging");
        String last = paging == null
                        || paging.get("last") == null
                        || paging.get("last").isNull()
                ? null
                : paging.get("last").asText();
        return new ListPage(names, files, last);
    }
}

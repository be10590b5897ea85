package dev.cloudfiles.client;

import java.util.List;

/**
 * One page of a listing (API.md #7).
 *
 * @param names the names in byte order; with folding, a sub-directory appears once as
 *              {@code "dir/child/"}
 * @param files details of the files of this page when {@link ListOptions#detailed()} was asked
 *              (folded directories have none), else empty
 * @param last  the name to pass as {@link ListOptions#last()} for the next page, or {@code null}
 *              on the final page
 */
public record ListPage(List<String> names, List<FileInfo> files, String last) {
    /** Copies both lists. */
    public ListPage {
        names = List.copyOf(names);
        files = List.copyOf(files);
    }

    /** True when another page follows. */
    public boolean hasMore() {
        return last != null;
    }
}

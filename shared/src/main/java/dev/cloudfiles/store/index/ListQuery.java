package dev.cloudfiles.store.index;

import java.util.Optional;

/**
 * One page request of a listing.
 *
 * @param prefix names starting with this ("" for all)
 * @param after start after this name (a name, or a folded directory ending in '/')
 * @param limit at most this many entries
 * @param recursive false folds each sub-directory of the prefix into one {@code "dir/"} entry
 */
public record ListQuery(String prefix, Optional<String> after, int limit, boolean recursive) {
    public static final int MAX_LIMIT = 1000;

    public ListQuery {
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit out of range");
    }
}

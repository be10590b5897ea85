package dev.cloudfiles.client;

import java.util.List;
import java.util.Map;

/**
 * What a delete did, per name. A name that did not exist counts as deleted (API.md #8).
 *
 * @param deleted the names that are gone
 * @param failed  the names that could not be deleted, each with the server's reason
 *                (e.g. {@code "invalid name"})
 */
public record DeleteResult(List<String> deleted, Map<String, String> failed) {
    /** Copies both collections. */
    public DeleteResult {
        deleted = List.copyOf(deleted);
        failed = Map.copyOf(failed);
    }

    /** True when no name failed. */
    public boolean ok() {
        return failed.isEmpty();
    }
}

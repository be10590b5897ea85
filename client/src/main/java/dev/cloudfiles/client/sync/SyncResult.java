package dev.cloudfiles.client.sync;

import java.util.List;
import java.util.Map;

/**
 * What a sync did.
 *
 * @param done    the steps that succeeded
 * @param failed  the steps that failed, each with its error message
 * @param skipped what was reported instead of synced (from the plan)
 */
public record SyncResult(List<SyncAction> done, Map<SyncAction, String> failed, List<Skipped> skipped) {
    /** Copies the collections. */
    public SyncResult {
        done = List.copyOf(done);
        failed = Map.copyOf(failed);
        skipped = List.copyOf(skipped);
    }

    /** True when every step succeeded and nothing was skipped: the destination matches the source. */
    public boolean complete() {
        return failed.isEmpty() && skipped.isEmpty();
    }
}

package dev.cloudfiles.client.sync;

import java.util.List;

/**
 * What a {@link Sync} will do: its steps (copies first, then deletes, each in path order), what it
 * reports instead of syncing, and how many files are already in step.
 *
 * @param actions   the steps
 * @param skipped   what is not synced, with the reason
 * @param unchanged how many source files the destination already matches
 */
public record SyncPlan(List<SyncAction> actions, List<Skipped> skipped, int unchanged) {
    /** Copies both lists. */
    public SyncPlan {
        actions = List.copyOf(actions);
        skipped = List.copyOf(skipped);
    }

    /** The bytes the copies move: the progress bar's total. */
    public long bytes() {
        return actions.stream().mapToLong(SyncAction::bytes).sum();
    }
}

package dev.cloudfiles.store.index;

import dev.cloudfiles.names.NameRange;
import dev.cloudfiles.names.Utf8;
import dev.cloudfiles.store.table.Items;
import dev.cloudfiles.store.table.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The folded listing, as logic over pages of index items in sort-key order: what to read next, what
 * a page holds, where the next one starts. {@link FileIndex#list} gives it pages from DynamoDB; the
 * unit tests give it pages from a list.
 */
final class FoldedListing {
    /** Items a folded listing reads per query after a directory. */
    static final int FOLD_WINDOW = 4;
    /**
     * The most Queries one folded page makes. A flat page is one Query; a folded one makes one
     * per directory with more than a few items, so without a bound a drive of 1,000 directories
     * cost 1,001 sequential Queries (37.6x a flat page of 1,000 names). Past the bound the page
     * ends early with paging, as the contract allows.
     */
    static final int MAX_FOLDED_QUERIES = 24;

    private FoldedListing() {}

    /** Up to {@code limit} items after {@code exclusiveStart} (null: from the start) of the prefix. */
    interface Pages {
        Page read(String exclusiveStart, int limit);
    }

    /** One read's items, and whether the range holds more after them. */
    record Page(List<Map<String, AttributeValue>> items, boolean more) {}

    /**
     * One page of names in byte order. Folding skips a whole sub-tree with one new start key, so a
     * directory of a million files costs one read, not a million.
     */
    static ListPage page(ListQuery query, Pages pages, Predicate<Map<String, AttributeValue>> hidden) {
        String prefix = query.prefix();
        Optional<String> start = startAfter(prefix, query.after());
        if (start == null) return new ListPage(List.of(), Optional.empty());
        List<ListPage.Entry> entries = new ArrayList<>();
        int wanted = query.limit() + 1; // one more than asked tells whether another page follows
        String exclusiveStart = start.orElse(null);
        boolean exhausted = false;
        // Folding: a query that meets a directory uses its items up to the directory's sub-tree
        // and jumps past it, so reading far ahead is wasted (and billed). Read a few items at a
        // time, more while no directory turns up. Every item of a page is used: a run of small
        // directories costs one item each, not one Query each.
        int window = FOLD_WINDOW;
        int queries = 0;
        String openDirectory = null; // the folded directory whose sub-tree is being skipped
        while (entries.size() < wanted && !exhausted) {
            if (!query.recursive() && queries >= MAX_FOLDED_QUERIES && !entries.isEmpty()) {
                // The bound on one request's work: a folded page may hold fewer names than asked,
                // with paging from its last name (a directory resumes past its sub-tree).
                ListPage.Entry last = entries.get(entries.size() - 1);
                return new ListPage(List.copyOf(entries), Optional.of(last.name()));
            }
            int need = wanted - entries.size();
            Page page = pages.read(exclusiveStart, query.recursive() ? need : Math.min(need, window));
            queries++;
            boolean endedInDirectory = false;
            int skipped = 0;
            for (var item : page.items()) {
                String name = Items.string(item, Tables.SK);
                exclusiveStart = name;
                if (openDirectory != null && name.startsWith(openDirectory)) {
                    endedInDirectory = true;
                    skipped++;
                    continue;
                }
                String folded = query.recursive() ? null : NameRange.foldedDirectory(prefix, name);
                if (hidden.test(item)) {
                    // The source of a committed move is listed no more (its target is), nor is a
                    // directory for it: the next name under that directory, if any, folds it.
                    openDirectory = null;
                    endedInDirectory = false;
                    continue;
                }
                if (folded != null) {
                    entries.add(new ListPage.DirectoryEntry(folded));
                    openDirectory = folded;
                    endedInDirectory = true;
                } else {
                    entries.add(new ListPage.FileEntry(FileIndex.fromItem(item)));
                    openDirectory = null;
                    endedInDirectory = false;
                }
                if (entries.size() == wanted) break;
            }
            if (entries.size() == wanted) break;
            if (!page.more()) {
                exhausted = true;
            } else if (endedInDirectory) {
                // The page ended inside a directory: skip the rest of its sub-tree with a new start.
                exclusiveStart = NameRange.lastWithPrefix(openDirectory);
                openDirectory = null;
                // Nearly every item was a name of the page (small directories): read more next time.
                window = skipped <= 1 ? Math.min(window * 4, ListQuery.MAX_LIMIT + 1) : FOLD_WINDOW;
            } else {
                window = Math.min(window * 4, ListQuery.MAX_LIMIT + 1);
            }
        }
        if (entries.size() > query.limit()) {
            List<ListPage.Entry> shown = List.copyOf(entries.subList(0, query.limit()));
            return new ListPage(shown, Optional.of(shown.get(shown.size() - 1).name()));
        }
        return new ListPage(List.copyOf(entries), Optional.empty());
    }

    /**
     * Where a listing starts: empty for the beginning of the prefix, null when {@code after} lies
     * beyond every name with the prefix (an empty page). A folded directory resumes past its sub-tree.
     */
    static Optional<String> startAfter(String prefix, Optional<String> after) {
        if (after.isEmpty()) return Optional.empty();
        String last = after.get();
        if (!last.startsWith(prefix)) {
            return Utf8.compare(last, prefix) < 0 ? Optional.empty() : null;
        }
        return Optional.of(last.endsWith("/") ? NameRange.lastWithPrefix(last) : last);
    }
}

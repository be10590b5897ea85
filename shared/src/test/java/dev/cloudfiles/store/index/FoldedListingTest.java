package dev.cloudfiles.store.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.store.table.Items;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The folded listing over pages from a sorted set of names: no table, no emulator. */
class FoldedListingTest {
    /** A drive's names in byte order (ASCII here, so String order is byte order), read like a Query. */
    private static final class Drive implements FoldedListing.Pages {
        final TreeSet<String> names = new TreeSet<>();
        final String prefix;
        int reads;

        Drive(String prefix, List<String> names) {
            this.prefix = prefix;
            this.names.addAll(names);
        }

        @Override
        public FoldedListing.Page read(String exclusiveStart, int limit) {
            reads++;
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            var after = exclusiveStart == null ? names : names.tailSet(exclusiveStart, false);
            boolean more = false;
            for (String name : after) {
                if (!name.startsWith(prefix)) continue;
                if (items.size() == limit) {
                    more = true;
                    break;
                }
                items.add(item(name));
            }
            return new FoldedListing.Page(items, more);
        }
    }

    private static Map<String, AttributeValue> item(String name) {
        return Map.of(
                "sk", Items.s(name),
                "blob", Items.s("b/" + name),
                "size", Items.n(1),
                "content_type", Items.s("text/plain"),
                "etag", Items.s("\"e\""),
                "last_modified", Items.n(0),
                "version", Items.n(1));
    }

    private static List<String> names(ListPage page) {
        return page.entries().stream().map(ListPage.Entry::name).toList();
    }

    private static ListPage list(Drive drive, Optional<String> after, int limit, boolean recursive) {
        return FoldedListing.page(new ListQuery(drive.prefix, after, limit, recursive), drive, item -> false);
    }

    @Test
    void foldsEachDirectoryIntoOneEntry() {
        Drive drive = new Drive("", List.of("a", "d/x", "d/y/z", "e"));
        ListPage page = list(drive, Optional.empty(), 10, false);
        assertThat(names(page)).containsExactly("a", "d/", "e");
        assertThat(page.last()).isEmpty();
        assertThat(page.entries().get(1)).isInstanceOf(ListPage.DirectoryEntry.class);
        assertThat(page.entries().get(0)).isInstanceOf(ListPage.FileEntry.class);
    }

    @Test
    void aPageEndsWithPagingAndTheNextResumesPastTheDirectory() {
        Drive drive = new Drive("", List.of("a", "d/x", "d/y", "e"));
        ListPage first = list(drive, Optional.empty(), 2, false);
        assertThat(names(first)).containsExactly("a", "d/");
        assertThat(first.last()).contains("d/");
        ListPage second = list(drive, first.last(), 2, false);
        assertThat(names(second)).containsExactly("e");
        assertThat(second.last()).isEmpty();
    }

    @Test
    void aLargeDirectoryCostsAFewReadsNotOnePerFile() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 5000; i++) all.add(String.format("big/%05d", i));
        all.add("z");
        Drive drive = new Drive("", all);
        assertThat(names(list(drive, Optional.empty(), 100, false))).containsExactly("big/", "z");
        assertThat(drive.reads).isLessThanOrEqualTo(3);
    }

    @Test
    void aPrefixFoldsBelowTheDirectoryItNames() {
        Drive drive = new Drive("notes/sep", List.of("notes/a", "notes/sep", "notes/september/a", "notes/september/b"));
        assertThat(names(list(drive, Optional.empty(), 10, false))).containsExactly("notes/sep", "notes/september/");
    }

    @Test
    void recursiveListsEveryName() {
        Drive drive = new Drive("", List.of("a", "d/x", "d/y", "e"));
        assertThat(names(list(drive, Optional.empty(), 10, true))).containsExactly("a", "d/x", "d/y", "e");
    }

    @Test
    void aHiddenEntryIsNotListedNorItsDirectory() {
        Drive drive = new Drive("", List.of("a", "m/gone", "z"));
        Set<String> hidden = new HashSet<>(Set.of("m/gone"));
        ListPage page = FoldedListing.page(
                new ListQuery("", Optional.empty(), 10, false),
                drive,
                item -> hidden.contains(Items.string(item, "sk")));
        assertThat(names(page)).containsExactly("a", "z");
    }

    @Test
    void oneFoldedPageMakesAtMostTheBoundOfReads() {
        List<String> all = new ArrayList<>();
        for (int d = 0; d < 200; d++) for (int f = 0; f < 10; f++) all.add(String.format("d%03d/f%02d", d, f));
        Drive drive = new Drive("", all);
        ListPage page = list(drive, Optional.empty(), 1000, false);
        assertThat(drive.reads).isLessThanOrEqualTo(FoldedListing.MAX_FOLDED_QUERIES);
        assertThat(page.entries()).hasSizeLessThan(200);
        assertThat(page.last()).contains(names(page).get(names(page).size() - 1));
        // ...and the next page starts where it ended, with nothing skipped or repeated.
        ListPage next = list(drive, page.last(), 1000, false);
        assertThat(names(next).get(0))
                .isEqualTo(String.format("d%03d/", page.entries().size()));
    }
}

package dev.cloudfiles.store.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.names.NameRange;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ListStartTest {

    @Test
    void startsAfterLastWithinThePrefix() {
        assertThat(FoldedListing.startAfter("", Optional.empty())).isEmpty();
        assertThat(FoldedListing.startAfter("a/", Optional.of("a/x"))).contains("a/x");
    }

    @Test
    void aFoldedDirectoryResumesPastItsSubTree() {
        assertThat(FoldedListing.startAfter("", Optional.of("dir/"))).contains(NameRange.lastWithPrefix("dir/"));
    }

    @Test
    void lastOutsideThePrefix() {
        assertThat(FoldedListing.startAfter("m/", Optional.of("a"))).isEmpty(); // before: start at the prefix
        assertThat(FoldedListing.startAfter("m/", Optional.of("z"))).isNull(); // after: nothing left
    }
}

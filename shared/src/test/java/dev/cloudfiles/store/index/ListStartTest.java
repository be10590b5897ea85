package dev.cloudfiles.store.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.names.NameRange;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ListStartTest {

    @Test
    void startsAfterLastWithinThePrefix() {
        assertThat(FileIndex.startAfter("", Optional.empty())).isEmpty();
        assertThat(FileIndex.startAfter("a/", Optional.of("a/x"))).contains("a/x");
    }

    @Test
    void aFoldedDirectoryResumesPastItsSubTree() {
        assertThat(FileIndex.startAfter("", Optional.of("dir/"))).contains(NameRange.lastWithPrefix("dir/"));
    }

    @Test
    void lastOutsideThePrefix() {
        assertThat(FileIndex.startAfter("m/", Optional.of("a"))).isEmpty(); // before: start at the prefix
        assertThat(FileIndex.startAfter("m/", Optional.of("z"))).isNull(); // after: nothing left
    }
}

package dev.cloudfiles.store.index;

import java.util.List;
import java.util.Optional;

/** A page of a listing, in UTF-8 byte order. {@code last} is present only when more follow. */
public record ListPage(List<Entry> entries, Optional<String> last) {

    /** A file, or a directory folded into one entry. */
    public sealed interface Entry {
        String name();
    }

    public record FileEntry(FileRecord file) implements Entry {
        @Override
        public String name() {
            return file.name();
        }
    }

    public record DirectoryEntry(String name) implements Entry {}
}

package dev.cloudfiles.names;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NameRangeTest {

    @Test
    void lastWithPrefixIsAtLeastEveryValidNameWithThePrefix() {
        for (String prefix : List.of("", "a/", "dir/", "é/", "x".repeat(1021), "x".repeat(1022), "x".repeat(1023))) {
            String bound = NameRange.lastWithPrefix(prefix);
            assertThat(Utf8.length(bound)).isLessThanOrEqualTo(FileName.MAX_BYTES);
            assertThat(bound).startsWith(prefix);
            int room = FileName.MAX_BYTES - Utf8.length(prefix);
            for (String tail : candidates(room)) {
                String name = prefix + tail;
                if (!FileName.isValid(name)) continue;
                assertThat(Utf8.compare(name, bound)).as("%s vs bound", tail).isLessThanOrEqualTo(0);
            }
        }
    }

    /** Large tails: the highest characters of each UTF-8 length, at the room available. */
    private static List<String> candidates(int room) {
        String max4 = new String(Character.toChars(0x10FFFF));
        return List.of(
                "a",
                "~",
                "\u07ff",
                "\uffff",
                max4,
                max4.repeat(Math.max(0, room / 4)),
                max4.repeat(Math.max(0, room / 4)) + "~".repeat(room % 4),
                max4.repeat(Math.max(0, room / 4 - 1)) + "\uffff~",
                "~".repeat(Math.max(1, room)));
    }

    @Test
    void boundSortsBeforeTheNextSibling() {
        assertThat(Utf8.compare(NameRange.lastWithPrefix("a/"), "a0")).isNegative();
        assertThat(Utf8.compare(NameRange.lastWithPrefix("a/"), "a/zzz")).isPositive();
    }

    @Test
    void foldsBelowTheDirectoryThePrefixNames() {
        assertThat(NameRange.foldedDirectory("", "a.txt")).isNull();
        assertThat(NameRange.foldedDirectory("", "notes/a.txt")).isEqualTo("notes/");
        assertThat(NameRange.foldedDirectory("notes/", "notes/a.txt")).isNull();
        assertThat(NameRange.foldedDirectory("notes/", "notes/sep/a.txt")).isEqualTo("notes/sep/");
        assertThat(NameRange.foldedDirectory("notes/se", "notes/sep/a/b.txt")).isEqualTo("notes/sep/");
        assertThat(NameRange.foldedDirectory("notes", "notes/a.txt")).isEqualTo("notes/");
    }
}

package dev.cloudfiles.names;

/**
 * Bounds of name ranges in UTF-8 byte order, for listing with prefixes, {@code last} and folded
 * directories. Valid names are at most {@link FileName#MAX_BYTES} bytes, so "every name that starts
 * with P" has a largest possible member; skipping past it skips a whole sub-tree in one step.
 */
public final class NameRange {
    private NameRange() {}

    private static final String MAX_4 = new String(Character.toChars(0x10FFFF)); // F4 8F BF BF
    private static final String MAX_3 = "\uFFFF"; // EF BF BF
    private static final String MAX_2 = "\u07FF"; // DF BF
    private static final String MAX_1 = "~"; // 7E: U+007F is a control character, not allowed

    /**
     * The greatest string of at most {@link FileName#MAX_BYTES} UTF-8 bytes that starts with
     * {@code prefix}: every valid name starting with {@code prefix} is less than or equal to it.
     */
    public static String lastWithPrefix(String prefix) {
        int room = FileName.MAX_BYTES - Utf8.length(prefix);
        if (room <= 0) return prefix;
        StringBuilder b = new StringBuilder(prefix.length() + room);
        b.append(prefix);
        b.append(MAX_4.repeat(room / 4));
        switch (room % 4) {
            case 3 -> b.append(MAX_3);
            case 2 -> b.append(MAX_2);
            case 1 -> b.append(MAX_1);
            default -> {}
        }
        return b.toString();
    }

    /**
     * With {@code recursive=false}: the folded directory entry ({@code "dir/"}, full name) that
     * {@code name} falls in below {@code prefix}, or null when it is a file directly in it.
     */
    public static String foldedDirectory(String prefix, String name) {
        int slash = name.indexOf('/', directoryBase(prefix).length());
        return slash < 0 ? null : name.substring(0, slash + 1);
    }

    /**
     * Folding is relative to the directory the prefix names: {@code "notes/sep"} folds below
     * {@code "notes/"}, so {@code "notes/september/a"} becomes {@code "notes/september/"}.
     */
    static String directoryBase(String prefix) {
        return prefix.substring(0, prefix.lastIndexOf('/') + 1);
    }
}

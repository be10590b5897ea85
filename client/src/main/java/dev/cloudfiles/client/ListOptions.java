package dev.cloudfiles.client;

/**
 * Parameters of one listing request (API.md #7), for callers that page through large drives
 * themselves with {@link CloudDrive#listPage(ListOptions)}.
 *
 * @param prefix   only names starting with this text ({@code ""} for all); a directory is the
 *                 prefix {@code "dir/"}
 * @param last     start after this name ({@code null} for the first page)
 * @param limit    names per page, 1–1000
 * @param folded   fold sub-directories of {@code prefix} into single {@code "dir/"} entries
 *                 ({@code recursive=false})
 * @param detailed also return each file's metadata
 */
public record ListOptions(String prefix, String last, int limit, boolean folded, boolean detailed) {
    /** The API's largest page. */
    public static final int MAX_LIMIT = 1000;

    /** Checks the limit; a null prefix means {@code ""}. */
    public ListOptions {
        prefix = prefix == null ? "" : prefix;
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT);
    }

    /** Everything, recursively, 1,000 names a page, no details. */
    public static ListOptions all() {
        return new ListOptions("", null, MAX_LIMIT, false, false);
    }

    /**
     * The files of a directory, recursively: {@code dir} {@code "notes"} is the prefix
     * {@code "notes/"}; {@code ""} or {@code null} is the whole drive.
     */
    public static ListOptions directory(String dir) {
        return all().withPrefix(directoryPrefix(dir));
    }

    /** {@code "notes"} and {@code "notes/"} → {@code "notes/"}; null or empty → {@code ""}. */
    private static String directoryPrefix(String dir) {
        if (dir == null || dir.isEmpty()) return "";
        return dir.endsWith("/") ? dir : dir + "/";
    }

    /** A copy with this prefix. */
    public ListOptions withPrefix(String prefix) {
        return new ListOptions(prefix, last, limit, folded, detailed);
    }

    /** A copy that starts after {@code last}. */
    public ListOptions withLast(String last) {
        return new ListOptions(prefix, last, limit, folded, detailed);
    }

    /** A copy with this page size. */
    public ListOptions withLimit(int limit) {
        return new ListOptions(prefix, last, limit, folded, detailed);
    }

    /** A copy with folding on or off. */
    public ListOptions withFolded(boolean folded) {
        return new ListOptions(prefix, last, limit, folded, detailed);
    }

    /** A copy with details on or off. */
    public ListOptions withDetailed(boolean detailed) {
        return new ListOptions(prefix, last, limit, folded, detailed);
    }
}

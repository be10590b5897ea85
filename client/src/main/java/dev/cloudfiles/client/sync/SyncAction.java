package dev.cloudfiles.client.sync;

/**
 * One step of a {@link SyncPlan}: copy a file one way, or delete one on the destination.
 *
 * @param kind   what to do
 * @param path   the path relative to the local directory and to the prefix, e.g. {@code a/b.txt}
 * @param reason why
 * @param local  the local file: the source of an upload, the file a download replaces or a local
 *               delete removes; {@code null} when there is none
 * @param remote the drive's file: the source of a download, the file an upload replaces or a
 *               drive delete removes; {@code null} when there is none
 */
public record SyncAction(Kind kind, String path, Reason reason, LocalFile local, RemoteFile remote) {
    /** What a step does. */
    public enum Kind {
        UPLOAD("upload"),
        DOWNLOAD("download"),
        DELETE_REMOTE("delete"),
        DELETE_LOCAL("delete");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The word of the plan's line. */
        public String label() {
            return label;
        }
    }

    /** Why a step is in the plan. */
    public enum Reason {
        NEW("new"),
        SIZE_DIFFERS("size differs"),
        CONTENT_DIFFERS("content differs"),
        SOURCE_NEWER("newer in source"),
        NOT_IN_SOURCE("not in source"),
        LEFTOVER("left by an interrupted download");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        /** The words of the plan's line. */
        public String label() {
            return label;
        }
    }

    /** The bytes a copy moves (the source's size); 0 for a delete. */
    public long bytes() {
        return switch (kind) {
            case UPLOAD -> local.size();
            case DOWNLOAD -> remote.size();
            case DELETE_REMOTE, DELETE_LOCAL -> 0;
        };
    }

    /** The plan's line: {@code upload    a/b.txt  (new)} (control characters as {@code \xNN}). */
    @Override
    public String toString() {
        return String.format("%-8s  %s  (%s)", kind.label(), Printable.path(path), reason.label());
    }
}

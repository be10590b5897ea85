package dev.cloudfiles.store.moves;

/**
 * A copy would make more names share one blob than its moved-names item may list
 * ({@link MovedNames#MAX_NAMES}): refused before anything was written.
 */
public final class TooManyCopiesException extends RuntimeException {
    public TooManyCopiesException() {
        super(
                "the file's bytes are shared by " + MovedNames.MAX_NAMES
                        + " names already: delete a copy, or upload the bytes anew",
                null,
                false,
                false);
    }
}

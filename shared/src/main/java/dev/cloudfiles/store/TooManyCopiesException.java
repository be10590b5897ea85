package dev.cloudfiles.store;

/**
 * A copy would make more names share one blob than its moved-names item may list
 * ({@code MovedNames.MAX_NAMES}): refused before anything was written.
 */
public final class TooManyCopiesException extends StoreException {
    /** {@code maxNames}: how many names one blob may have ({@code MovedNames.MAX_NAMES}). */
    public TooManyCopiesException(int maxNames) {
        super("the file's bytes are shared by " + maxNames + " names already: delete a copy, or upload the bytes anew");
    }

    @Override
    public Code code() {
        return Code.TOO_MANY_COPIES;
    }
}

package dev.cloudfiles.names;

/** A name broke one of the naming rules; the message says which, in words a caller can act on. */
public final class InvalidNameException extends IllegalArgumentException {
    public InvalidNameException(String message) {
        super(message);
    }
}

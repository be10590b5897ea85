package dev.cloudfiles.cli;

/** A failure with a message meant for the user as is (exit 1). */
final class Failure extends RuntimeException {
    Failure(String message) {
        super(message);
    }
}

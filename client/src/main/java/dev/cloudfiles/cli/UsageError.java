package dev.cloudfiles.cli;

/** A bad invocation found after parsing (exit 2). */
final class UsageError extends RuntimeException {
    UsageError(String message) {
        super(message);
    }
}

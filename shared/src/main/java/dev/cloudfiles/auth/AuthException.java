package dev.cloudfiles.auth;

/** A request may not proceed: 401 (who are you?) or 403 (not this, not you). */
public final class AuthException extends RuntimeException {
    private final boolean forbidden;

    private AuthException(boolean forbidden, String message) {
        super(message, null, false, false);
        this.forbidden = forbidden;
    }

    public static AuthException unauthorized(String message) {
        return new AuthException(false, message);
    }

    public static AuthException forbidden(String message) {
        return new AuthException(true, message);
    }

    public boolean forbidden() {
        return forbidden;
    }
}

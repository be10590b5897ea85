package dev.cloudfiles.client;

import java.util.List;

/**
 * Every failure of the client: an answer of the API that is not a success, or a transport
 * failure. Unchecked, like the seed's exceptions; catch a subclass for one kind of failure.
 *
 * <p>{@link #status()} is the HTTP status (0 for a transport failure), {@link #errors()} the
 * server's messages (its {@code "errors"} array) and {@link #requestId()} the request id the
 * server reported for a 5xx answer (or API Gateway's request id header), or {@code null}.
 */
public abstract sealed class CloudFilesException extends RuntimeException
        permits UnauthorizedException, ForbiddenException, InvalidNameException, BadRequestException,
                NotFoundException, PreconditionFailedException, TooLargeException, ThrottledException,
                ServerException, TransportException {
    private final int status;
    private final List<String> errors;
    private final String requestId;

    CloudFilesException(int status, String message, List<String> errors, String requestId, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.requestId = requestId;
    }

    /** The HTTP status of the answer, or 0 when no answer came (a transport failure). */
    public int status() {
        return status;
    }

    /** The server's error messages, possibly empty. */
    public List<String> errors() {
        return errors;
    }

    /** The request id to quote when reporting a server error, or {@code null}. */
    public String requestId() {
        return requestId;
    }
}

package dev.cloudfiles.client;

import java.util.List;

/**
 * Every failure of the client: an answer of the API that is not a success, or a transport
 * failure. Unchecked, as the original Cloud Files helper's were; catch a subclass for one kind of failure.
 *
 * <p>{@link #status()} is the HTTP status (0 for a transport failure) and {@link #code()} the
 * server's machine-readable code: {@code bad_request}, {@code invalid_name}, {@code unauthorized},
 * {@code forbidden}, {@code digest_mismatch}, {@code not_found}, {@code route_not_found}, {@code method_not_allowed},
 * {@code conflict}, {@code upload_incomplete}, {@code upload_busy}, {@code too_many_uploads},
 * {@code file_busy}, {@code too_many_copies}, {@code precondition_failed}, {@code too_large}, {@code range_not_satisfiable},
 * {@code throttled}, {@code internal} or {@code unavailable} (API.md). Decide by the code, not by
 * the messages: {@link #errors()} (the server's {@code "errors"} array) are for people.
 * {@link #requestId()} is the request id the server reported for a 5xx answer (or API Gateway's
 * request id header), or {@code null}.
 */
public abstract sealed class CloudFilesException extends RuntimeException
        permits UnauthorizedException,
                ForbiddenException,
                InvalidNameException,
                BadRequestException,
                DigestMismatchException,
                NotFoundException,
                PreconditionFailedException,
                TooLargeException,
                ThrottledException,
                ServerException,
                TransportException {
    private final int status;
    private final ErrorBody body;

    CloudFilesException(int status, String message, ErrorBody body, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.body = body;
    }

    /** The HTTP status of the answer, or 0 when no answer came (a transport failure). */
    public int status() {
        return status;
    }

    /**
     * The server's code, e.g. {@code "invalid_name"}; {@code null} when the answer had none (a
     * server older than the codes, an error of S3 or of a gateway in between) or no answer came.
     */
    public String code() {
        return body.code();
    }

    /** The server's error messages, possibly empty. */
    public List<String> errors() {
        return body.errors();
    }

    /** The request id to quote when reporting a server error, or {@code null}. */
    public String requestId() {
        return body.requestId();
    }
}

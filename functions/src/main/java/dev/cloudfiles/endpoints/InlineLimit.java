package dev.cloudfiles.endpoints;

import dev.cloudfiles.http.ApiError;
import dev.cloudfiles.http.ApiRequest;

/**
 * The limit of a body sent through the API (a put, a part): {@code MaxInlineUploadBytes} as sent,
 * and for a text body, which API Gateway hands to Lambda as a JSON-escaped string rather than base64,
 * at most the event space that base64 of that many bytes takes. So every accepted body fits Lambda's
 * 6 MB invocation payload however it is encoded, and one that is refused here gets this 413.
 */
final class InlineLimit {
    private static final String ELSEWHERE =
            "; send larger files in parts: POST /uploads?name=NAME&size=BYTES&presigned=true"
                    + " gives a URL per part for S3 (docs/API.md, Large files)";

    private InlineLimit() {}

    /** {@code what}: the body's name in the message ("the body", "a part"). */
    static void check(ApiRequest request, byte[] body, long maxBytes, String what) {
        if (body.length > maxBytes) {
            throw ApiError.TOO_LARGE.exception(
                    what + " is " + body.length + " bytes as sent; one request carries at most " + maxBytes
                            + " (MaxInlineUploadBytes)" + ELSEWHERE);
        }
        long inEvent = request.bodyLengthInEvent();
        long eventBudget = (maxBytes + 2) / 3 * 4; // what the base64 of maxBytes takes
        if (!request.isBase64Encoded() && inEvent > eventBudget) {
            throw ApiError.TOO_LARGE.exception(what + " is " + body.length + " bytes of text, " + inEvent
                    + " once JSON-escaped as API Gateway passes text to Lambda; at most " + eventBudget
                    + " escaped bytes fit (each \" \\ or control character counts 2 to 6)" + ELSEWHERE);
        }
    }
}

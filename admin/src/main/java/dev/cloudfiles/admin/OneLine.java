package dev.cloudfiles.admin;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Messages for a terminal: one line, no control characters (an item's text could hold escapes). */
final class OneLine {
    private OneLine() {}

    static String of(String text) {
        if (text == null) return "";
        return text.strip().replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}]+", " ");
    }

    /** What went wrong, without a stack trace: the AWS error code and message when there is one. */
    static String describe(Exception e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            return of(aws.awsErrorDetails().errorCode() + ": "
                    + aws.awsErrorDetails().errorMessage());
        }
        String message = e.getMessage();
        return of(message == null || message.isBlank() ? e.getClass().getSimpleName() : message);
    }
}

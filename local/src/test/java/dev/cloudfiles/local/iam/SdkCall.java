package dev.cloudfiles.local.iam;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One AWS call a function made, as the SDK saw it: the operation and what it names. S3 object
 * keys are kept as their first path segment ({@code #recheck/…}, or {@code …} for a key without
 * one): the policies' resources distinguish keys by prefix only, and the record stays small.
 * {@code notFound} marks a read of an object that S3 answered 404, an answer that needs
 * {@code s3:ListBucket} (without it S3 says 403).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SdkCall(
        String function,
        boolean priming,
        String service,
        String operation,
        String bucket,
        String key,
        String sourceBucket,
        String sourceKey,
        String table,
        String index,
        boolean notFound) {

    static SdkCall s3(String function, boolean priming, String operation, String bucket, String key) {
        return new SdkCall(function, priming, "s3", operation, bucket, keyShape(key), null, null, null, null, false);
    }

    static SdkCall dynamo(String function, boolean priming, String operation, String table, String index) {
        return new SdkCall(function, priming, "dynamodb", operation, null, null, null, null, table, index, false);
    }

    SdkCall withSource(String bucket, String key) {
        return new SdkCall(
                function,
                priming,
                service,
                operation,
                this.bucket,
                this.key,
                bucket,
                keyShape(key),
                table,
                index,
                notFound);
    }

    SdkCall asNotFound() {
        return new SdkCall(
                function, priming, service, operation, bucket, key, sourceBucket, sourceKey, table, index, true);
    }

    /** Where the call was made, for messages: the function, and "priming" when SnapStart's priming made it. */
    String madeBy() {
        return priming ? function + " (SnapStart priming)" : function;
    }

    static final String REST_OF_KEY = "…";

    static String keyShape(String key) {
        if (key == null) return null;
        int slash = key.indexOf('/');
        return slash < 0 ? REST_OF_KEY : key.substring(0, slash + 1) + REST_OF_KEY;
    }
}

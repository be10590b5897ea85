package dev.cloudfiles.local.faults;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Crashes or falsifies chosen SDK calls at the SDK boundary, the way a dying container, a lost
 * network answer or a failing service would.
 */
public final class FaultInjector implements ExecutionInterceptor {
    public enum When {
        /** Before the request leaves: nothing happened. */
        BEFORE_SENDING,
        /** After it succeeded: it happened, but the caller never learns so. */
        AFTER_SUCCESS,
        /** It happened, and the answer is a 200 carrying S3's {@code InternalError} (as CompleteMultipartUpload reports some failures). */
        ERROR_IN_200,
        /**
         * DynamoDB applied it and answered 500 ("may or may not have succeeded"), so the SDK's retry
         * policy sends it again: use with {@link #failOnce}, so that the retry goes through.
         */
        APPLIED_THEN_500
    }

    private record Rule(Predicate<SdkRequest> request, When when, boolean once, AtomicBoolean spent) {
        boolean fires(SdkRequest candidate, When at) {
            return when == at && request.test(candidate) && (!once || spent.compareAndSet(false, true));
        }
    }

    /** A replaced answer's body, handed from {@link #modifyHttpResponse} to {@link #modifyHttpResponseContent}. */
    private final ThreadLocal<byte[]> replacement = new ThreadLocal<>();

    private volatile Rule rule;
    private final AtomicInteger injected = new AtomicInteger();

    /** Every following call of this request type fails at {@code when}, until {@link #clear()}. */
    public void fail(Class<? extends SdkRequest> request, When when) {
        fail(request::isInstance, when);
    }

    /** Every following call that {@code request} matches fails at {@code when}, until {@link #clear()}. */
    public void fail(Predicate<SdkRequest> request, When when) {
        injected.set(0);
        rule = new Rule(request, when, false, new AtomicBoolean());
    }

    /** The next call that {@code request} matches fails at {@code when}; the ones after it do not. */
    public void failOnce(Predicate<SdkRequest> request, When when) {
        injected.set(0);
        rule = new Rule(request, when, true, new AtomicBoolean());
    }

    public void clear() {
        rule = null;
    }

    /** How many calls failed since the last {@link #fail}: a test asserts its fault really fired. */
    public int injected() {
        return injected.get();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        maybeFail(context.request(), When.BEFORE_SENDING);
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        maybeFail(context.request(), When.AFTER_SUCCESS);
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        replacement.remove();
        Rule current = rule;
        if (current == null) return context.httpResponse();
        int status;
        byte[] body;
        if (current.fires(context.request(), When.ERROR_IN_200)) {
            status = 200;
            body = S3_INTERNAL_ERROR;
        } else if (current.fires(context.request(), When.APPLIED_THEN_500)) {
            status = 500;
            body = DYNAMODB_INTERNAL_ERROR;
        } else {
            return context.httpResponse();
        }
        injected.incrementAndGet();
        replacement.set(body);
        return context.httpResponse().toBuilder()
                .statusCode(status)
                .removeHeader("x-amz-crc32")
                .removeHeader("Content-Length")
                .putHeader("Content-Length", Integer.toString(body.length))
                .build();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(
            Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        byte[] body = replacement.get();
        if (body == null) return context.responseBody();
        replacement.remove();
        return Optional.of(new ByteArrayInputStream(body));
    }

    private static final byte[] S3_INTERNAL_ERROR =
            ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InternalError</Code>"
                            + "<Message>We encountered an internal error. Please try again.</Message></Error>")
                    .getBytes(StandardCharsets.UTF_8);

    private static final byte[] DYNAMODB_INTERNAL_ERROR =
            "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"Internal server error\"}"
                    .getBytes(StandardCharsets.UTF_8);

    private void maybeFail(SdkRequest request, When when) {
        Rule current = rule;
        if (current != null && current.fires(request, when)) {
            injected.incrementAndGet();
            throw SdkClientException.create(
                    "injected fault: " + request.getClass().getSimpleName() + " " + when);
        }
    }
}

package dev.cloudfiles.local.faults;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Crashes chosen SDK calls at the SDK boundary, the way a dying container or a lost network
 * answer would: before the request leaves (nothing happened), or after it succeeded (it happened,
 * but the caller never learns so).
 */
public final class FaultInjector implements ExecutionInterceptor {
    /**
     * Before the request leaves; after it succeeded; or with the service's answer replaced by a 200
     * that carries an {@code InternalError}, as S3 reports some failures of CompleteMultipartUpload
     * (the request did happen).
     */
    public enum When {
        BEFORE_SENDING,
        AFTER_SUCCESS,
        ERROR_IN_200
    }

    private record Rule(Predicate<SdkRequest> request, When when) {}

    private volatile Rule rule;
    private final AtomicInteger injected = new AtomicInteger();

    /** Every following call of this request type fails at {@code when}, until {@link #clear()}. */
    public void fail(Class<? extends SdkRequest> request, When when) {
        fail(request::isInstance, when);
    }

    /** Every following call that {@code request} matches fails at {@code when}, until {@link #clear()}. */
    public void fail(Predicate<SdkRequest> request, When when) {
        injected.set(0);
        rule = new Rule(request, when);
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
        if (!matches(context.request(), When.ERROR_IN_200)) return context.httpResponse();
        injected.incrementAndGet();
        return context.httpResponse().toBuilder()
                .statusCode(200)
                .removeHeader("Content-Length")
                .putHeader("Content-Length", Integer.toString(ERROR_IN_200.length))
                .build();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(
            Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        if (!matches(context.request(), When.ERROR_IN_200)) return context.responseBody();
        return Optional.of(new ByteArrayInputStream(ERROR_IN_200));
    }

    private static final byte[] ERROR_IN_200 =
            ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InternalError</Code>"
                            + "<Message>We encountered an internal error. Please try again.</Message></Error>")
                    .getBytes(StandardCharsets.UTF_8);

    private boolean matches(SdkRequest request, When when) {
        Rule current = rule;
        return current != null && current.when == when && current.request.test(request);
    }

    private void maybeFail(SdkRequest request, When when) {
        Rule current = rule;
        if (current != null && current.when == when && current.request.test(request)) {
            injected.incrementAndGet();
            throw SdkClientException.create(
                    "injected fault: " + request.getClass().getSimpleName() + " " + when);
        }
    }
}

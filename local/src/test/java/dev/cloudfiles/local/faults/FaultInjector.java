package dev.cloudfiles.local.faults;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Crashes chosen SDK calls at the SDK boundary, the way a dying container or a lost network
 * answer would: before the request leaves (nothing happened), or after it succeeded (it happened,
 * but the caller never learns so).
 */
public final class FaultInjector implements ExecutionInterceptor {
    public enum When { BEFORE_SENDING, AFTER_SUCCESS }

    private record Rule(Class<? extends SdkRequest> request, When when) {}

    private volatile Rule rule;
    private final AtomicInteger injected = new AtomicInteger();

    /** Every following call of this request type fails at {@code when}, until {@link #clear()}. */
    public void fail(Class<? extends SdkRequest> request, When when) {
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

    private void maybeFail(SdkRequest request, When when) {
        Rule current = rule;
        if (current != null && current.when == when && current.request.isInstance(request)) {
            injected.incrementAndGet();
            throw SdkClientException.create("injected fault: " + request.getClass().getSimpleName() + " " + when);
        }
    }
}

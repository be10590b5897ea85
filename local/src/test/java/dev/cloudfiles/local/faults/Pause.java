package dev.cloudfiles.local.faults;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Holds the first SDK call that matches, at the SDK boundary, until the test lets it go: a slow
 * instance, made deterministic. The test waits for {@link #awaitReached()} — a latch, not a sleep —
 * then runs whatever should happen "meanwhile", then calls {@link #release()}.
 */
public final class Pause implements ExecutionInterceptor {
    public enum At {
        BEFORE_SENDING,
        AFTER_SUCCESS
    }

    private record Rule(Predicate<SdkRequest> request, At at, CountDownLatch reached, CountDownLatch release) {}

    private volatile Rule rule;

    /** The next call matching {@code request} stops at {@code at}. */
    public void at(Predicate<SdkRequest> request, At at) {
        rule = new Rule(request, at, new CountDownLatch(1), new CountDownLatch(1));
    }

    /** Blocks until the paused call has arrived; fails the test if it never does. */
    public void awaitReached() throws InterruptedException {
        if (!current().reached.await(60, TimeUnit.SECONDS)) throw new AssertionError("the paused call never came");
    }

    public void release() {
        Rule r = current();
        rule = null;
        r.release.countDown();
    }

    private Rule current() {
        Rule r = rule;
        if (r == null) throw new IllegalStateException("no pause set");
        return r;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        hold(context.request(), At.BEFORE_SENDING);
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        hold(context.request(), At.AFTER_SUCCESS);
    }

    private void hold(SdkRequest request, At at) {
        Rule r = rule;
        if (r == null || r.at != at || r.reached.getCount() == 0 || !r.request.test(request)) return;
        synchronized (this) {
            if (r.reached.getCount() == 0) return; // one call only
            r.reached.countDown();
        }
        try {
            if (!r.release.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

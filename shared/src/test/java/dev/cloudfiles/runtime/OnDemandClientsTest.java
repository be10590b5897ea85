package dev.cloudfiles.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.config.Config;
import dev.cloudfiles.runtime.Clients.OnDemand;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** S3's client and presigner, built on first use, once (no network: building a client connects nowhere). */
class OnDemandClientsTest {
    private static final int THREADS = 8;

    private static Clients clients() {
        return Clients.create(Config.local(
                "table",
                "bucket",
                URI.create("http://127.0.0.1:1"),
                URI.create("http://127.0.0.1:2"),
                new Config.EndpointCredentials("id", "secret")));
    }

    @Test
    void nothingOnDemandIsBuiltUntilUsedNotEvenToClose() {
        Clients clients = clients();
        assertThat(clients.built()).isEmpty();
        clients.close();
        assertThat(clients.built()).isEmpty();
    }

    @Test
    void whatAHandlerWillUseIsBuiltAtOnce() {
        try (Clients clients = clients()) {
            clients.willUse(OnDemand.PRESIGNER);
            assertThat(clients.built()).containsExactly(OnDemand.PRESIGNER);
            var presigner = clients.presigner();
            clients.willUse(OnDemand.PRESIGNER);
            assertThat(clients.presigner()).isSameAs(presigner);
        }
    }

    @Test
    void eachIsBuiltOnItsFirstUseOnly() {
        try (Clients clients = clients()) {
            var s3 = clients.s3();
            assertThat(clients.built()).containsExactly(OnDemand.S3);
            assertThat(clients.s3()).isSameAs(s3);
            clients.presigner();
            assertThat(clients.built()).isEqualTo(Set.of(OnDemand.S3, OnDemand.PRESIGNER));
        }
    }

    @Test
    void concurrentFirstUsesGetOneClient() throws Exception {
        try (Clients clients = clients()) {
            List<Object> got = all(clients::s3);
            assertThat(got).hasSize(THREADS).allSatisfy(c -> assertThat(c).isSameAs(got.get(0)));
        }
    }

    /**
     * The build runs once: the first thread's build waits until every other thread is blocked on the
     * holder (or has started a build of its own, which would count a second one).
     */
    @Test
    void aMemoBuildsOnceWhileOtherThreadsWait() throws Exception {
        AtomicInteger builds = new AtomicInteger();
        List<Thread> waiting = new ArrayList<>();
        Memo<Object> memo = new Memo<>(() -> {
            builds.incrementAndGet();
            while (builds.get() == 1 && !allBlocked(waiting)) Thread.onSpinWait();
            return new Object();
        });
        CountDownLatch registered = new CountDownLatch(THREADS);
        List<Object> got = all(() -> {
            synchronized (waiting) {
                waiting.add(Thread.currentThread());
            }
            registered.countDown();
            registered.await();
            return memo.get();
        });
        assertThat(builds).hasValue(1);
        assertThat(got).hasSize(THREADS).allSatisfy(v -> assertThat(v).isSameAs(got.get(0)));
    }

    /** Every registered thread but the caller is blocked (on the memo's lock). */
    private static boolean allBlocked(List<Thread> threads) {
        synchronized (threads) {
            if (threads.size() < THREADS) return false;
            return threads.stream()
                    .filter(t -> t != Thread.currentThread())
                    .allMatch(t -> t.getState() == Thread.State.BLOCKED);
        }
    }

    private static List<Object> all(Callable<?> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Object> results = new ArrayList<>();
            for (Future<Object> f : futures) results.add(f.get());
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}

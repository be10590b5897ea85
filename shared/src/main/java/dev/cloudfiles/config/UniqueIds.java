package dev.cloudfiles.config;

import com.github.f4b6a3.ulid.Ulid;
import com.github.f4b6a3.ulid.UlidFactory;
import dev.cloudfiles.runtime.Priming;
import java.security.SecureRandom;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The container's ULID generator (blob keys, upload session ids), monotonic within a millisecond.
 *
 * <p>With Lambda SnapStart every execution environment resumes from one snapshot of the JVM: a
 * generator created during init would carry the same random state and the same "last ULID" into
 * every clone, so two containers could mint the same id in the same millisecond, and anyone who
 * saw ids made before the snapshot could predict the next ones. {@link #renew()} (run by
 * {@link Priming#afterRestore}) replaces the generator with one seeded from a fresh
 * {@link SecureRandom} made after the restore.
 */
public final class UniqueIds {
    private static final UniqueIds SHARED = new UniqueIds(SecureRandom::new);

    private final Supplier<? extends Random> randomAfterRenew;
    private volatile UlidFactory factory;

    /** {@code random} seeds the generator now (the tests give a seeded one to play two clones of a snapshot); every {@link #renew()} takes a fresh {@link SecureRandom}. */
    public UniqueIds(Supplier<? extends Random> random) {
        this.randomAfterRenew = SecureRandom::new;
        this.factory = UlidFactory.newMonotonicInstance(random.get());
    }

    /** The process-wide generator every id of the store comes from. */
    public static UniqueIds shared() {
        return SHARED;
    }

    /** A new ULID stamped {@code millis}; strictly greater than the last one this generator made. */
    public Ulid ulid(long millis) {
        return factory.create(millis);
    }

    /** Forgets all random state: the next id depends on nothing made before. */
    public void renew() {
        factory = UlidFactory.newMonotonicInstance(randomAfterRenew.get());
    }
}

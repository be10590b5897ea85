package dev.cloudfiles.runtime;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A value built on first use, once, whichever thread asks first; threads asking meanwhile wait for
 * it. A build that throws leaves nothing behind: the next use tries again. Unlike the SDK's {@code
 * Lazy}, {@link #ifBuilt()} never builds (closing what was never built must not build it).
 */
final class Memo<T> implements Supplier<T> {
    private final Supplier<T> build;
    private volatile T value;

    Memo(Supplier<T> build) {
        this.build = build;
    }

    @Override
    public T get() {
        T built = value;
        if (built == null) {
            synchronized (this) {
                built = value;
                if (built == null) {
                    built = Objects.requireNonNull(build.get(), "built nothing");
                    value = built;
                }
            }
        }
        return built;
    }

    /** The value if it was built, without building it. */
    Optional<T> ifBuilt() {
        return Optional.ofNullable(value);
    }
}

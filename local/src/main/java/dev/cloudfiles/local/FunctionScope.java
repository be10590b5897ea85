package dev.cloudfiles.local;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The template function (its logical id, e.g. {@code PutFileFunction}) whose code this thread runs:
 * on Lambda each function is a process of its own, here they share one, so whatever looks at
 * calls at the SDK boundary (the tests' IAM record) asks this which function made them. A thread
 * started while a function runs inherits it: the pools a handler's work fans out to. A pool whose
 * threads outlive the call keeps the function that started them; the one such pool, FileStore's
 * index deleters, serves only deleteAll, which only DeleteFilesFunction calls.
 */
public final class FunctionScope {
    private static final InheritableThreadLocal<String> CURRENT = new InheritableThreadLocal<>();

    private FunctionScope() {}

    /** Runs {@code work} as {@code function}'s code on this thread, then restores what was there. */
    public static <T> T call(String function, Supplier<T> work) {
        String outer = CURRENT.get();
        CURRENT.set(function);
        try {
            return work.get();
        } finally {
            if (outer == null) CURRENT.remove();
            else CURRENT.set(outer);
        }
    }

    public static void run(String function, Runnable work) {
        call(function, () -> {
            work.run();
            return null;
        });
    }

    /** The function this thread runs for, if any (none: the stack itself, a tool or a test). */
    public static Optional<String> current() {
        return Optional.ofNullable(CURRENT.get());
    }
}

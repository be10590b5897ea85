package dev.cloudfiles.runtime;

import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * A credentials provider that can be replaced by a fresh one: after a SnapStart restore the
 * provider built during init may hold credentials cached before the snapshot (the container
 * provider caches until near expiry), so {@link Priming#afterRestore} renews it.
 */
public final class RenewableCredentials implements AwsCredentialsProvider, SdkAutoCloseable {
    private final Supplier<AwsCredentialsProvider> factory;
    private volatile AwsCredentialsProvider delegate;

    public RenewableCredentials(Supplier<AwsCredentialsProvider> factory) {
        this.factory = factory;
        this.delegate = factory.get();
    }

    @Override
    public AwsCredentials resolveCredentials() {
        return delegate.resolveCredentials();
    }

    /** Drops the current provider (and whatever it cached) for a new one. */
    public void renew() {
        AwsCredentialsProvider old = delegate;
        delegate = factory.get();
        if (old instanceof SdkAutoCloseable c) c.close();
    }

    /** The provider in use: what {@link #renew()} replaces. */
    public AwsCredentialsProvider current() {
        return delegate;
    }

    @Override
    public void close() {
        if (delegate instanceof SdkAutoCloseable c) c.close();
    }
}

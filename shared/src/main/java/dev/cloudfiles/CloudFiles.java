package dev.cloudfiles;

import dev.cloudfiles.auth.Authenticator;
import dev.cloudfiles.auth.KeyStore;
import dev.cloudfiles.config.Clients;
import dev.cloudfiles.config.Config;
import dev.cloudfiles.store.BlobStore;
import dev.cloudfiles.store.FileIndex;
import dev.cloudfiles.store.FileStore;
import dev.cloudfiles.store.GarbageLog;
import java.time.Clock;

/**
 * The composition root: configuration, SDK clients and the services built on them. A Lambda
 * container builds one, in static initialisation, through {@link #shared()}; the local stack and
 * the tests build theirs with {@link #create}.
 */
public record CloudFiles(Config config, Clients clients, FileStore files, KeyStore keys, Authenticator authenticator) {

    public static CloudFiles create(Config config, Clients clients) {
        Clock clock = Clock.systemUTC();
        BlobStore blobs = new BlobStore(clients.s3(), clients.presigner(), config.bucket());
        FileIndex index = new FileIndex(clients.dynamo(), config.table());
        GarbageLog garbage = new GarbageLog(clients.dynamo(), config.table(), clock);
        KeyStore keys = new KeyStore(clients.dynamo(), config.table(), clock);
        return new CloudFiles(config, clients, new FileStore(blobs, index, garbage, clock), keys,
                new Authenticator(keys, config.keyCacheTtl(), clock));
    }

    /** This container's instance, configured from the environment on first use. */
    public static CloudFiles shared() {
        return FromEnvironment.INSTANCE;
    }

    private static final class FromEnvironment {
        static final CloudFiles INSTANCE = fromEnvironment();

        private static CloudFiles fromEnvironment() {
            Config config = Config.fromEnvironment();
            return create(config, Clients.create(config));
        }
    }
}

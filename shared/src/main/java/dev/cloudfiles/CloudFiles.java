package dev.cloudfiles;

import dev.cloudfiles.auth.Authenticator;
import dev.cloudfiles.auth.KeyStore;
import dev.cloudfiles.config.Config;
import dev.cloudfiles.runtime.Clients;
import dev.cloudfiles.store.blobs.BlobStore;
import dev.cloudfiles.store.blobs.Multipart;
import dev.cloudfiles.store.blobs.Signing;
import dev.cloudfiles.store.files.FileStore;
import dev.cloudfiles.store.garbage.Garbage;
import dev.cloudfiles.store.garbage.OrphanCursor;
import dev.cloudfiles.store.garbage.SweepQueue;
import dev.cloudfiles.store.index.FileIndex;
import dev.cloudfiles.store.index.MoveMarkers;
import dev.cloudfiles.store.moves.MovedNames;
import dev.cloudfiles.store.moves.Moves;
import dev.cloudfiles.store.shares.ShareLinks;
import dev.cloudfiles.store.sweep.Sweeper;
import dev.cloudfiles.store.table.BatchRetry;
import dev.cloudfiles.store.uploads.UploadSessions;
import dev.cloudfiles.store.uploads.Uploads;
import java.time.Clock;

/**
 * The composition root: configuration, SDK clients and the services built on them. A Lambda
 * container builds one, in static initialisation, through {@link #shared()}; the local stack and
 * the tests build theirs with {@link #create}.
 */
public record CloudFiles(
        Config config,
        Clients clients,
        Clock clock,
        FileStore files,
        Uploads uploads,
        KeyStore keys,
        Authenticator authenticator,
        Sweeper sweeper,
        Garbage garbage,
        ShareLinks shares) {

    public static CloudFiles create(Config config, Clients clients) {
        return create(config, clients, Clock.systemUTC());
    }

    /** With a clock of the caller's: the tests move time forward to see things expire. */
    public static CloudFiles create(Config config, Clients clients, Clock clock) {
        return create(config, clients, clock, BatchRetry.DEFAULT);
    }

    /** With a batch retry policy of the caller's: the tests record its back-off instead of sleeping. */
    public static CloudFiles create(Config config, Clients clients, Clock clock, BatchRetry retry) {
        BlobStore blobs = new BlobStore(clients::s3, clients::presigner, config.bucket(), clock);
        // One MoveMarkers for both sides of a move's marks: the index resolves them, the moves write them.
        MoveMarkers markers = new MoveMarkers(clients.dynamo(), config.table(), clock);
        FileIndex index = new FileIndex(clients.dynamo(), config.table(), markers, retry);
        SweepQueue queue = new SweepQueue(clients.dynamo(), config.table(), retry);
        // Garbage is kept as long as a presigned URL handed out for it may still be used.
        Garbage garbage = new Garbage(queue, blobs, clock, config.presignTtl());
        MovedNames moved = new MovedNames(clients.dynamo(), config.table(), retry);
        Moves moves = new Moves(index, markers, moved, queue, garbage, clock);
        FileStore files = new FileStore(blobs, index, garbage, moves, clock);
        Multipart multipart = new Multipart(clients::s3, clients::presigner, config.bucket());
        UploadSessions sessions = new UploadSessions(clients.dynamo(), config.table(), retry);
        Uploads uploads = new Uploads(
                multipart, sessions, blobs, files, queue, garbage, clock, config.uploadTtl(), config.maxOpenUploads());
        KeyStore keys = new KeyStore(clients.dynamo(), config.table(), clock);
        Sweeper sweeper = new Sweeper(
                queue,
                index,
                sessions,
                uploads,
                blobs,
                garbage,
                new OrphanCursor(clients.dynamo(), config.table()),
                moved,
                moves,
                clock,
                config.sweepBatch(),
                config.sweepThreads());
        return new CloudFiles(
                config,
                clients,
                clock,
                files,
                uploads,
                keys,
                new Authenticator(keys, config.keyCacheTtl(), clock),
                sweeper,
                garbage,
                new ShareLinks(clients.dynamo(), config.table(), clock));
    }

    /** This container's instance, configured from the environment on first use. */
    /** What presigned URLs are signed with, and for how long ({@link Signing}): the functions' credentials. */
    public Signing signing() {
        return new Signing(clients.credentials(), config.presignTtl(), clock);
    }

    public static CloudFiles shared() {
        return FromEnvironment.INSTANCE;
    }

    private static final class FromEnvironment {
        static final CloudFiles INSTANCE = fromEnvironment();
        /** SnapStart's hooks (priming, renewal after restore); held here: CRaC holds resources weakly. */
        static final dev.cloudfiles.runtime.Priming PRIMING = dev.cloudfiles.runtime.Priming.register(
                INSTANCE.config(), INSTANCE.clients(), INSTANCE.authenticator());

        private static CloudFiles fromEnvironment() {
            Config config = Config.fromEnvironment();
            return create(config, Clients.create(config));
        }
    }
}

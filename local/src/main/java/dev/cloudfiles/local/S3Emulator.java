package dev.cloudfiles.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * S3Proxy in process, checking SigV2/SigV4 signatures (so presigned URLs are verified for real)
 * against one fixed local key pair.
 */
public final class S3Emulator implements AutoCloseable {
    public static final String ACCESS_KEY = "cloudfiles-local";
    public static final String SECRET_KEY = "cloudfiles-local-secret";

    private final S3Proxy proxy;
    private final BlobStore blobStore;
    private final URI uri;

    private S3Emulator(S3Proxy proxy, BlobStore blobStore) {
        this.proxy = proxy;
        this.blobStore = blobStore;
        this.uri = URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /**
     * Starts S3Proxy on {@code port} (0 = a free port); {@code dataDir} null = in memory. A taken
     * port is a {@link PortInUseException}.
     */
    public static S3Emulator start(int port, Path dataDir) {
        Properties properties = new Properties();
        properties.setProperty("jclouds.identity", ACCESS_KEY);
        properties.setProperty("jclouds.credential", SECRET_KEY);
        String provider = "transient";
        if (dataDir != null) {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + dataDir, e);
            }
            provider = "filesystem";
            properties.setProperty(
                    "jclouds.filesystem.basedir", dataDir.toAbsolutePath().toString());
        }
        BlobStore blobStore = BlobStores.create(provider, properties);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            proxy.start(); // Jetty's start() returns once the connector is bound
        } catch (Exception e) {
            blobStore.close();
            if (PortInUseException.isBindFailure(e)) throw new PortInUseException(LocalService.S3, port, e);
            throw new IllegalStateException("S3Proxy did not start on port " + port, e);
        }
        return new S3Emulator(proxy, blobStore);
    }

    public URI uri() {
        return uri;
    }

    public int port() {
        return proxy.getPort();
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not stop", e);
        } finally {
            blobStore.close();
        }
    }
}

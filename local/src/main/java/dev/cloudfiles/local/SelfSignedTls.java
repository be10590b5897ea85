package dev.cloudfiles.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A throw-away self-signed certificate for 127.0.0.1 and localhost, made at start by the JDK's
 * own {@code keytool} into a temporary PKCS12 keystore, and written out as PEM so that clients
 * that only speak HTTPS (Deta's SDKs) can trust it, e.g. with {@code NODE_EXTRA_CA_CERTS}.
 */
final class SelfSignedTls implements AutoCloseable {
    private static final String ALIAS = "cloudfiles-local";
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    private final Path dir;
    private final Path certificatePem;
    private final SSLContext context;

    private SelfSignedTls(Path dir, Path certificatePem, SSLContext context) {
        this.dir = dir;
        this.certificatePem = certificatePem;
        this.context = context;
    }

    static SelfSignedTls generate() {
        Path dir;
        try {
            dir = Files.createTempDirectory("cloudfiles-tls-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the TLS keystore", e);
        }
        try {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            char[] password = Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(random)
                    .toCharArray();
            Path keystore = dir.resolve("gateway.p12");
            runKeytool(keystore, password);
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                store.load(in, password);
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            Path pem = dir.resolve("gateway-cert.pem");
            Files.writeString(pem, toPem(store.getCertificate(ALIAS)), StandardCharsets.US_ASCII);
            return new SelfSignedTls(dir, pem, context);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            deleteTree(dir);
            throw new IllegalStateException("cannot make a self-signed certificate for the gateway", e);
        }
    }

    SSLContext context() {
        return context;
    }

    /** The certificate (it is its own CA) in PEM. */
    Path certificatePem() {
        return certificatePem;
    }

    @Override
    public void close() {
        deleteTree(dir);
    }

    private static void runKeytool(Path keystore, char[] password) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", isWindows() ? "keytool.exe" : "keytool");
        List<String> command = List.of(
                keytool.toString(),
                "-genkeypair",
                "-noprompt",
                "-alias",
                ALIAS,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-sigalg",
                "SHA256withECDSA",
                "-dname",
                "CN=localhost",
                "-ext",
                "san=ip:127.0.0.1,dns:localhost",
                "-validity",
                "7",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                new String(password),
                "-keypass",
                new String(password));
        Path log = keystore.resolveSibling("keytool.log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("keytool did not finish within " + KEYTOOL_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for keytool", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("keytool failed (" + process.exitValue() + "): "
                    + Files.readString(log).strip());
        }
    }

    private static String toPem(Certificate certificate) throws GeneralSecurityException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(certificate.getEncoded());
        return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }
}

package dev.cloudfiles.client;

import dev.cloudfiles.local.testing.GeneratedContent;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Run by {@link LargeRoundTripTest} in its own JVM with a small heap: puts SIZE seeded bytes as a
 * stream of known length and as one of unknown length, downloads each as a stream while hashing
 * and to a file (parallel ranges both), and prints the SHA-256 of what it sent and of what came
 * back. Arguments: URL KEY DRIVE SIZE SEED [PARALLELISM].
 */
public final class LargeRoundTripMain {
    private LargeRoundTripMain() {}

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        long size = Long.parseLong(args[3]);
        long seed = Long.parseLong(args[4]);
        CloudDriveConfig.Builder builder =
                CloudDriveConfig.builder().endpoint(url).apiKey(args[1]).drive(args[2]);
        if (args.length > 5) builder.parallelism(Integer.parseInt(args[5]));
        CloudDriveConfig config = builder.build();
        try (CloudDrive drive = CloudDrive.create(config)) {
            roundTrip(drive, "large/known-length.bin", size, seed, size);
            roundTrip(drive, "large/unknown-length.bin", size, seed, -1);
        }
        System.out.println("max-heap " + Runtime.getRuntime().maxMemory());
    }

    private static void roundTrip(CloudDrive drive, String name, long size, long seed, long declared) throws Exception {
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(new GeneratedContent(seed, size), sent)) {
            System.out.println(name + " uploading");
            FileInfo stored =
                    drive.put(name, in, declared, PutOptions.defaults().withContentType("application/octet-stream"));
            System.out.println(name + " uploaded");
            if (stored.size() != size) throw new AssertionError("stored " + stored.size() + " bytes, not " + size);
        }
        MessageDigest received = MessageDigest.getInstance("SHA-256");
        long count = 0;
        try (StreamingBody body = drive.get(name)) {
            for (byte[] chunk : body.iterChunks(64 * 1024)) {
                received.update(chunk);
                count += chunk.length;
            }
        }
        Path file = Files.createTempFile("large-round-trip", ".bin");
        String saved;
        try {
            drive.download(name, file);
            try (InputStream in = Files.newInputStream(file)) {
                saved = GeneratedContent.sha256(in) + " " + Files.size(file);
            }
        } finally {
            Files.deleteIfExists(file);
        }
        drive.delete(name);
        System.out.println(name + " sent " + HexFormat.of().formatHex(sent.digest()));
        System.out.println(name + " received " + HexFormat.of().formatHex(received.digest()) + " " + count);
        System.out.println(name + " saved " + saved);
    }
}

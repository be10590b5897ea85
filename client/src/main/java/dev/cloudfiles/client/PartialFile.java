package dev.cloudfiles.client;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A download on its way to a local file: an empty file beside the target,
 * {@code .cloudfiles-<hex>.partial}, that {@link #commit()} moves over the target atomically, so the
 * target never holds part of a download. Every download to a file goes through here
 * ({@link StreamingBody#saveTo}, {@link CloudDrive#download}, {@code cloudfiles get}, {@code sync}).
 *
 * <p>Permissions are those the user would get from {@code curl -o} or {@code aws s3 cp}. A new
 * target gets what the umask gives: Java cannot read the umask, so the file is created without
 * attributes and the OS applies it ({@code Files.createTempFile} would force 0600). A replaced
 * target keeps its permissions: they are copied onto the partial file just before the move. While
 * it fills, the partial file of a replaced target is never readable by more users than the target.
 */
public final class PartialFile implements AutoCloseable {
    /** The name of a partial file (what {@code sync} cleans up after a killed download). */
    public static final Pattern NAME = Pattern.compile("\\.cloudfiles-[0-9a-f]+\\.partial");

    private final Path target;
    private final Path path;
    private boolean committed;

    private PartialFile(Path target, Path path) {
        this.target = target;
        this.path = path;
    }

    /** A new empty partial file in {@code target}'s directory (which must exist). */
    public static PartialFile beside(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Set<PosixFilePermission> kept = permissions(target);
        while (true) {
            Path candidate = dir.resolve(".cloudfiles-"
                    + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + ".partial");
            try {
                if (kept == null) {
                    Files.createFile(candidate);
                } else {
                    // The target's bits, narrowed by the umask, plus the owner's read and write to fill it.
                    Set<PosixFilePermission> filling = EnumSet.copyOf(kept);
                    filling.add(PosixFilePermission.OWNER_READ);
                    filling.add(PosixFilePermission.OWNER_WRITE);
                    Files.createFile(candidate, PosixFilePermissions.asFileAttribute(filling));
                }
                return new PartialFile(target, candidate);
            } catch (FileAlreadyExistsException taken) {
                // another name
            }
        }
    }

    /** The partial file, to write the download to. */
    public Path path() {
        return path;
    }

    /**
     * Moves the partial file over the target atomically, with the target's permissions if it
     * exists now (read at this moment, so a {@code chmod} during the download is kept too).
     */
    public void commit() throws IOException {
        Set<PosixFilePermission> kept = permissions(target);
        if (kept != null) Files.setPosixFilePermissions(path, kept);
        Files.move(path, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
    }

    /** Deletes the partial file unless it was committed. */
    @Override
    public void close() throws IOException {
        if (!committed) Files.deleteIfExists(path);
    }

    /** The target's permissions; null if it does not exist or the file system has none. */
    private static Set<PosixFilePermission> permissions(Path target) throws IOException {
        try {
            return Files.getPosixFilePermissions(target);
        } catch (NoSuchFileException | UnsupportedOperationException none) {
            return null;
        }
    }
}

package dev.cloudfiles.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The resume state of multipart uploads of local files: one small JSON file per upload in one
 * directory, named by the SHA-256 of its target (the drive's URL and the name) and the local
 * file's real path, so that a put of the same file to the same name finds it. It holds the upload
 * id, the part size and size the server chose, and the file's identity when the upload began —
 * never the API key. Written whole to a temporary file and moved into place, so a crash leaves the
 * old state or the new one, never half of one. A lock file beside it, locked (by the OS, released
 * when the process dies, {@code kill -9} included) for as long as a put or resume runs and deleted
 * when it ends, keeps two processes from continuing one upload at once.
 */
final class UploadStates {
    private static final int VERSION = 1;

    /** What identifies the local file: if any of it changed, the file may have changed. */
    record FileIdentity(long size, Instant modified, String fileKey) {
        static FileIdentity of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new FileIdentity(
                        a.size(),
                        a.lastModifiedTime().toInstant(),
                        a.fileKey() == null ? null : a.fileKey().toString());
            } catch (IOException e) {
                throw new UncheckedIOException("reading the attributes of " + file, e);
            }
        }
    }

    /** One upload's state. {@code drive} is the drive's URL, without any key. */
    record State(
            String drive,
            String name,
            String file,
            FileIdentity identity,
            String uploadId,
            long partSize,
            Instant started) {}

    /** A held lock of a slot. */
    interface Lock extends AutoCloseable {
        @Override
        void close();
    }

    /** An upload's slot in the directory: its state file and its lock file. */
    record Slot(Path state, Path lock) {}

    private final Path dir;

    UploadStates(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    Slot slot(String drive, String name, Path realFile) {
        String hex = sha256(drive + "\n" + name + "\n" + realFile);
        return new Slot(dir.resolve(hex + ".json"), dir.resolve(hex + ".lock"));
    }

    /**
     * Locks the slot for this process, or answers empty when another process or thread holds it.
     * The lock is the OS's: a killed process loses it at once. Closing the lock deletes its file
     * (so lock files do not pile up), before releasing it: a process that opened the file just
     * before then locks a file no longer in the directory, sees that and starts over, so two
     * processes never both hold the slot. A killed process's lock file goes at the slot's next use.
     */
    Optional<Lock> tryLock(Slot slot) {
        createDir();
        try {
            while (true) {
                FileChannel channel = FileChannel.open(
                        slot.lock(), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException heldHere) {
                    lock = null;
                }
                if (lock == null) {
                    channel.close();
                    return Optional.empty();
                }
                if (!isAt(channel, slot.lock())) {
                    lock.release();
                    channel.close();
                    continue; // its holder deleted it after we opened it: lock the file there now
                }
                FileLock held = lock;
                return Optional.of(() -> {
                    try {
                        try {
                            Files.deleteIfExists(slot.lock());
                        } catch (IOException cannot) {
                            // only litter: the next lock of the slot works with it all the same
                        }
                        held.release();
                        channel.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException("unlocking " + slot.lock(), e);
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("locking " + slot.lock(), e);
        }
    }

    /**
     * Whether the locked file is still the one at {@code path}: a random mark written through the
     * channel must be what the path reads. Only a lock holder writes a lock file, so no one else
     * can put this mark there.
     */
    private static boolean isAt(FileChannel channel, Path path) throws IOException {
        byte[] mark = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(mark), 0);
        try {
            return Arrays.equals(Files.readAllBytes(path), mark);
        } catch (NoSuchFileException gone) {
            return false;
        }
    }

    Optional<State> read(Slot slot) {
        try {
            return Optional.of(parse(Transport.JSON.readTree(Files.readAllBytes(slot.state()))));
        } catch (NoSuchFileException none) {
            return Optional.empty();
        } catch (IOException | RuntimeException unreadable) {
            // Not ours to trust (another version, a damaged file): as if there were none.
            return Optional.empty();
        }
    }

    /** Writes the state whole: to a temporary file first, then moved over the old one. */
    void write(Slot slot, State s) {
        createDir();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", VERSION);
        json.put("drive", s.drive());
        json.put("name", s.name());
        json.put("file", s.file());
        json.put("size", s.identity().size());
        json.put("modified", s.identity().modified().toString());
        json.put("file_key", s.identity().fileKey());
        json.put("upload_id", s.uploadId());
        json.put("part_size", s.partSize());
        json.put("started", s.started().toString());
        try {
            Path temp = Files.createTempFile(dir, ".state-", ".tmp");
            try {
                Files.write(temp, Transport.JSON.writeValueAsBytes(json));
                try {
                    Files.move(temp, slot.state(), StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, slot.state(), StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the upload state " + slot.state(), e);
        }
    }

    /** Forgets the upload: its state file (its lock file goes when the lock is closed). */
    void delete(Slot slot) {
        try {
            Files.deleteIfExists(slot.state());
        } catch (IOException e) {
            throw new UncheckedIOException("deleting the upload state " + slot.state(), e);
        }
    }

    /** Forgets the state of upload {@code uploadId} of this drive, if one is kept (after an abort). */
    void forget(String drive, String uploadId) {
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".json"))::iterator) {
                String file = p.getFileName().toString();
                Slot slot = new Slot(p, dir.resolve(file.substring(0, file.length() - 5) + ".lock"));
                read(slot)
                        .filter(s -> s.drive().equals(drive) && s.uploadId().equals(uploadId))
                        .ifPresent(s -> delete(slot));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + dir, e);
        }
    }

    private static State parse(JsonNode j) {
        if (j.path("version").asInt() != VERSION) throw new IllegalArgumentException("another version");
        String fileKey = Transport.text(j, "file_key");
        return new State(
                Objects.requireNonNull(Transport.text(j, "drive")),
                Objects.requireNonNull(Transport.text(j, "name")),
                Objects.requireNonNull(Transport.text(j, "file")),
                new FileIdentity(j.path("size").asLong(-1), Instant.parse(Transport.text(j, "modified")), fileKey),
                Objects.requireNonNull(Transport.text(j, "upload_id")),
                j.path("part_size").asLong(0),
                Instant.parse(Transport.text(j, "started")));
    }

    /** The directory, private to its user where the file system knows permissions. */
    private void createDir() {
        try {
            if (Files.isDirectory(dir)) return;
            try {
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("creating the upload state directory " + dir, e);
        }
    }

    private static String sha256(String text) {
        return Digests.hex(Digests.sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}

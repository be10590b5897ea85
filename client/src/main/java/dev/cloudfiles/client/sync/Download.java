package dev.cloudfiles.client.sync;

import dev.cloudfiles.client.CloudDrive;
import dev.cloudfiles.client.PartialFile;
import dev.cloudfiles.client.StreamingBody;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Objects;

/**
 * One file from the drive to the local directory, atomically: the bytes go to a {@link PartialFile}
 * next to the target ({@code .cloudfiles-<hex>.partial}, with the permissions it explains), which is
 * checked for length, flushed to disk, given the stored file's last-modified time as its
 * modification time, and only then moved over the target. An interrupted download leaves the
 * target as it was (at worst a temporary file, which the next download sync removes).
 */
final class Download {
    private final CloudDrive drive;
    private final Path target;
    private final SyncAction action;

    Download(CloudDrive drive, Path root, SyncAction action) {
        this.drive = drive;
        this.target = root.resolve(action.path());
        this.action = action;
    }

    void run(SyncListener listener) throws IOException {
        RemoteFile remote = action.remote();
        Files.createDirectories(target.getParent());
        try (PartialFile partial = PartialFile.beside(target);
                StreamingBody body = drive.get(remote.name())) {
            if (body == null) throw new IOException(remote.name() + " is no longer in the drive");
            long written = 0;
            try (FileChannel channel = FileChannel.open(partial.path(), StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(channel)) {
                InputStream in = body.asInputStream();
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    out.write(buffer, 0, n);
                    written += n;
                    listener.transferred(n);
                }
                channel.force(true);
            }
            long expected = Objects.equals(remote.etag(), body.etag()) ? remote.size() : body.size();
            if (expected >= 0 && written != expected) {
                throw new IOException("got " + written + " of " + expected + " bytes of " + remote.name());
            }
            Instant modified = modified(remote, body);
            if (modified != null) Files.setLastModifiedTime(partial.path(), FileTime.from(modified));
            LocalFile.checkUnchanged(action.local(), target); // a local edit since the plan is kept
            partial.commit();
        }
    }

    /**
     * The listing's last-modified time (milliseconds) when the bytes are the listed version; for a
     * version written since, the download's own (whole seconds: never later than the truth, so a
     * later sync by time fetches it again rather than missing a change).
     */
    private static Instant modified(RemoteFile remote, StreamingBody body) {
        if (Objects.equals(remote.etag(), body.etag()) && remote.lastModified() != null) return remote.lastModified();
        return body.lastModified();
    }
}

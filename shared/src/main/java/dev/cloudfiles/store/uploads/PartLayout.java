package dev.cloudfiles.store.uploads;

import dev.cloudfiles.store.UploadException;
import dev.cloudfiles.store.blobs.Multipart;
import java.util.List;

/**
 * The rules a commit checks the parts S3 holds against, so that a commit assembles exactly what the
 * upload declared and nothing else: parts numbered 1..N without gaps; for a presigned upload, N and
 * every part's length as handed out; for parts sent through the API, S3's 5 MiB minimum for every
 * part but the last; and, whenever a size was declared, a total equal to it. An upload with no parts
 * is an empty file when it declared size 0, or declared no size at all: Deta's SDKs put an empty
 * file that way (start, then commit), so Deta's rule stands for undeclared uploads.
 */
final class PartLayout {
    /** S3's minimum for every part but the last. */
    static final long MIN_PART_BYTES = 5L * 1024 * 1024;

    private PartLayout() {}

    static int partCount(long size, long partSize) {
        return (int) ((size + partSize - 1) / partSize);
    }

    /** Throws {@link UploadException} ({@code CONFLICT}) saying what is wrong; returns the total size. */
    static long check(UploadSession session, List<Multipart.Part> parts) {
        if (parts.isEmpty()) {
            if (session.size().orElse(0L) == 0) return 0;
            throw conflict("nothing has been uploaded yet: this upload was started with size="
                    + session.size().get());
        }
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).number() != i + 1) {
                throw conflict("part " + (i + 1) + " is missing: the parts must be numbered 1 to "
                        + parts.get(parts.size() - 1).number() + " without gaps");
            }
        }
        long total = parts.stream().mapToLong(Multipart.Part::size).sum();
        if (session.presigned()) {
            checkPresigned(session, parts);
        } else {
            for (Multipart.Part p : parts.subList(0, parts.size() - 1)) {
                if (p.size() < MIN_PART_BYTES) {
                    throw conflict("part " + p.number() + " is " + p.size()
                            + " bytes: every part but the last must be at least 5 MiB (" + MIN_PART_BYTES
                            + " bytes)");
                }
            }
        }
        if (session.size().isPresent() && total != session.size().get()) {
            throw conflict("the parts add up to " + total + " bytes, but this upload was started with size="
                    + session.size().get());
        }
        return total;
    }

    private static void checkPresigned(UploadSession session, List<Multipart.Part> parts) {
        int expected = partCount(session.size().orElseThrow(), session.partSize());
        if (parts.size() > expected) {
            throw conflict("part " + (expected + 1) + " was never handed out: this upload has " + expected + " parts");
        }
        if (parts.size() < expected) {
            throw conflict("part " + (parts.size() + 1) + " is missing: this upload has " + expected + " parts");
        }
        for (Multipart.Part p : parts) {
            long length = session.presignedPartLength(p.number());
            if (p.size() != length) {
                throw conflict("part " + p.number() + " is " + p.size() + " bytes but must be " + length
                        + " (part_size " + session.partSize() + ", size "
                        + session.size().get() + ")");
            }
        }
    }

    private static UploadException conflict(String message) {
        return new UploadException(UploadException.Kind.INCOMPLETE, message);
    }
}

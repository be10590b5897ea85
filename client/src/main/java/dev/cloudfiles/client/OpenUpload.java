package dev.cloudfiles.client;

import java.time.Instant;
import java.util.OptionalLong;

/**
 * An open upload of the drive (API.md #3d): started, neither committed nor aborted, not expired.
 *
 * @param size      the size declared at its start, if any
 * @param partSize  the part size of a presigned upload; empty for parts sent through the API
 * @param assembled a commit assembled its parts and then did not land (a failed condition)
 */
public record OpenUpload(
        String uploadId,
        String name,
        OptionalLong size,
        OptionalLong partSize,
        Instant created,
        Instant expiresAt,
        boolean assembled) {}

package dev.cloudfiles.client;

import java.time.Instant;

/**
 * A share link just made by {@link CloudDrive#share}: its {@code url} reads the file without a key
 * until {@code expiresAt}. This is the only time the URL is known (the service keeps only its
 * hash), so keep it now; a listing shows the link as a {@link Share}.
 */
public record CreatedShare(String shareId, String name, String url, Instant expiresAt) {
    /** The link as {@link CloudDrive#shares()} lists it. */
    public Share share() {
        return new Share(shareId, name, expiresAt);
    }
}

package dev.cloudfiles.client;

import java.time.Instant;

/**
 * A live share link of the drive, as {@link CloudDrive#shares()} lists it (API.md [ext] share
 * links): no URL, since the service keeps only the hash of its token. The link as just made, with
 * its URL, is a {@link CreatedShare}.
 */
public record Share(String shareId, String name, Instant expiresAt) {}

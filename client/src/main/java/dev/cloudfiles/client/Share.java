package dev.cloudfiles.client;

import java.time.Instant;
import java.util.Optional;

/**
 * A share link of the drive (API.md [ext] share links). {@code url} is known only when the link was
 * just made: the service keeps no copy of it (only its hash), so a listing cannot show it again.
 */
public record Share(String shareId, String name, Optional<String> url, Instant expiresAt) {}

package dev.cloudfiles.auth;

import java.util.Optional;
import java.util.Set;

/**
 * A stored API key, without its secret: the SHA-256 of the full key is the only trace of it.
 *
 * @param drives the drives it grants; empty means every drive of the project
 */
public record ApiKey(
        String keyId,
        String project,
        Set<String> drives,
        boolean readOnly,
        String label,
        long createdAtMillis,
        Optional<Long> revokedAtMillis,
        byte[] secretHash) {

    public ApiKey {
        drives = Set.copyOf(drives);
    }

    public boolean grants(String drive) {
        return drives.isEmpty() || drives.contains(drive);
    }

    public boolean revoked() {
        return revokedAtMillis.isPresent();
    }

    @Override
    public String toString() {
        return "ApiKey[" + keyId + ", project=" + project + ", drives=" + drives + ", readOnly=" + readOnly + "]";
    }
}

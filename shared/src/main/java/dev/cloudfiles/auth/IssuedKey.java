package dev.cloudfiles.auth;

/** A key just created: the only moment its secret exists outside the caller's hands. */
public record IssuedKey(ApiKey key, String secret) {
    @Override
    public String toString() {
        return "IssuedKey[" + key + ", secret=****]";
    }
}

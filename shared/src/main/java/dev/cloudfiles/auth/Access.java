package dev.cloudfiles.auth;

/** What a request does to a drive: read-only keys may only read. */
public enum Access {
    READ,
    WRITE
}

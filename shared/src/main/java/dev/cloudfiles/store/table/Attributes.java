package dev.cloudfiles.store.table;

/**
 * The names of the table's attributes that more than one kind of item carries (a file's entry, an
 * upload session, a sweep queue entry), defined once. An attribute only one kind has is named where
 * that kind is written and read.
 */
public final class Attributes {
    public static final String PK = Tables.PK;
    public static final String SK = Tables.SK;
    /** The key of the blob in the bucket. */
    public static final String BLOB = "blob";

    public static final String SIZE = "size";
    public static final String CONTENT_TYPE = "content_type";
    public static final String ETAG = "etag";
    /** Epoch milliseconds. */
    public static final String LAST_MODIFIED = "last_modified";
    /** A file's version number, counted by DynamoDB. */
    public static final String VERSION = "version";
    /** A file's SHA-256 (hex); absent when the file has none. */
    public static final String SHA256 = "sha256";

    private Attributes() {}
}

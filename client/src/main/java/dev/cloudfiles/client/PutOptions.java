package dev.cloudfiles.client;

import java.net.http.HttpRequest;
import java.util.Objects;

/**
 * How {@link CloudDrive#put(String, byte[], PutOptions) put} stores content: its content type, a
 * progress listener and, optionally, a condition on the file's current version (API.md,
 * "Conditional writes"). Immutable; start from {@link #defaults()}, {@link #ifAbsent()} or
 * {@link #ifMatch(String)} and refine with the {@code with...} methods:
 *
 * <pre>{@code
 * drive.put("config.json", json, PutOptions.ifAbsent());                      // create only
 *
 * FileInfo current = drive.put("counter.txt", "1");
 * drive.put("counter.txt", "2", PutOptions.ifMatch(current.etag()));          // replace only that version
 *
 * drive.put("data.csv", Path.of("data.csv"), PutOptions.ifAbsent().withContentType("text/csv"));
 * }</pre>
 *
 * <p>When the condition does not hold, the put throws {@link PreconditionFailedException} (412)
 * and the stored file is left as it was. The condition is checked when the file is written: for
 * content above the inline limit that is the commit of the multipart upload, after the parts
 * have been sent (the session is then aborted, as on any failure). A condition makes two writers
 * safe against each other without a lock; one caveat: if a request is retried after a connection
 * failure although its first attempt had already been stored, the retry answers 412.
 */
public final class PutOptions {
    private static final PutOptions DEFAULTS = new PutOptions(null, null, false, TransferListener.NONE);

    private final String contentType;
    private final String ifMatch;
    private final boolean ifAbsent;
    private final TransferListener listener;

    private PutOptions(String contentType, String ifMatch, boolean ifAbsent, TransferListener listener) {
        this.contentType = contentType;
        this.ifMatch = ifMatch;
        this.ifAbsent = ifAbsent;
        this.listener = listener;
    }

    /** No condition, the content type guessed by the server from the name, no progress reports. */
    public static PutOptions defaults() {
        return DEFAULTS;
    }

    /** Create only: the put fails with 412 if a file of that name exists ({@code If-None-Match: *}). */
    public static PutOptions ifAbsent() {
        return new PutOptions(null, null, true, TransferListener.NONE);
    }

    /**
     * Replace only this version: the put fails with 412 unless the file exists with this ETag
     * ({@code If-Match}), e.g. {@code ifMatch(drive.put(...).etag())} or the ETag of a
     * {@link StreamingBody}. Quotes are optional; {@code "*"} means "any existing version".
     *
     * @throws IllegalArgumentException for a blank, weak ({@code W/...}) or multiple ETag
     */
    public static PutOptions ifMatch(String etag) {
        return new PutOptions(null, strongTag(etag), false, TransferListener.NONE);
    }

    /** A copy with this content type ({@code null}: guessed by the server from the name). */
    public PutOptions withContentType(String contentType) {
        return new PutOptions(contentType, ifMatch, ifAbsent, listener);
    }

    /** A copy that reports progress to {@code listener} ({@code null}: none). */
    public PutOptions withListener(TransferListener listener) {
        return new PutOptions(contentType, ifMatch, ifAbsent, listener == null ? TransferListener.NONE : listener);
    }

    /** The content type to send, or {@code null} to let the server guess it from the name. */
    public String contentType() {
        return contentType;
    }

    /**
     * [ext] API.md #1 and #2: the stored type travels as the {@code content_type} query parameter
     * (empty when none was given: the server guesses from the name), because the bytes themselves
     * go as {@link Transport#BYTES} — API Gateway would pass a {@code text/*} body as UTF-8 text,
     * and only UTF-8 survives that byte for byte.
     */
    String contentTypeParameter() {
        return contentType == null ? "" : "&content_type=" + Transport.enc(contentType);
    }

    /** The progress listener, {@link TransferListener#NONE} by default. */
    public TransferListener listener() {
        return listener;
    }

    /** Whether the put only creates ({@link #ifAbsent()}). */
    public boolean requiresAbsent() {
        return ifAbsent;
    }

    /** The ETag the current version must have ({@link #ifMatch(String)}), quoted, or {@code null}. */
    public String requiredEtag() {
        return ifMatch;
    }

    /** Adds the condition's header, if any, to a request that writes the file (API.md #1 and #4). */
    void addConditionTo(HttpRequest.Builder request) {
        if (ifAbsent) request.header("If-None-Match", "*");
        else if (ifMatch != null) request.header("If-Match", ifMatch);
    }

    private static String strongTag(String etag) {
        String tag = Objects.requireNonNull(etag, "etag").trim();
        if (tag.isEmpty()) throw new IllegalArgumentException("an empty ETag");
        if (tag.startsWith("W/")) throw new IllegalArgumentException("If-Match needs a strong ETag, not " + tag);
        if (tag.contains(",")) throw new IllegalArgumentException("If-Match takes one ETag, not " + tag);
        if (tag.equals("*") || (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\""))) return tag;
        return "\"" + tag + "\"";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PutOptions p
                && ifAbsent == p.ifAbsent
                && Objects.equals(contentType, p.contentType)
                && Objects.equals(ifMatch, p.ifMatch)
                && listener.equals(p.listener);
    }

    @Override
    public int hashCode() {
        return Objects.hash(contentType, ifMatch, ifAbsent, listener);
    }

    @Override
    public String toString() {
        String condition = ifAbsent ? "ifAbsent" : ifMatch != null ? "ifMatch " + ifMatch : "unconditional";
        return "PutOptions[" + condition + ", contentType " + contentType + "]";
    }
}

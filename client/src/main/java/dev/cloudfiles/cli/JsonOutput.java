package dev.cloudfiles.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.cloudfiles.client.CreatedShare;
import dev.cloudfiles.client.DeleteResult;
import dev.cloudfiles.client.FileInfo;
import dev.cloudfiles.client.OpenUpload;
import dev.cloudfiles.client.Share;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --json}: one JSON document per call on stdout, with the field names of the HTTP API's
 * JSON (docs/API.md) for the same things, written as it goes (a listing streams page by page).
 * A mixin of the commands that take it.
 */
final class JsonOutput {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    @Option(names = "--json", description = "Print one JSON document (field names as the HTTP API's).")
    boolean json;

    /** A generator on {@code out}; closing it ends the document with a newline and flushes, but leaves {@code out} open. */
    static Document open(PrintStream out) {
        try {
            JsonGenerator g = FACTORY.createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            return new Document(g, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One document being written. */
    record Document(JsonGenerator g, PrintStream out) implements AutoCloseable {
        @Override
        public void close() {
            try {
                g.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.println();
            out.flush();
        }
    }

    /** A file's metadata as API #1 and #7 ({@code detailed=true}) give it. */
    static void file(JsonGenerator g, FileInfo f) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", f.name());
        g.writeNumberField("size", f.size());
        g.writeStringField("content_type", f.contentType());
        g.writeStringField("etag", f.etag());
        time(g, "last_modified", f.lastModified());
        if (f.sha256() != null) g.writeStringField("sha256", f.sha256());
        g.writeEndObject();
    }

    /** An open upload as API #3d lists it. */
    static void upload(JsonGenerator g, OpenUpload u) throws IOException {
        g.writeStartObject();
        g.writeStringField("upload_id", u.uploadId());
        g.writeStringField("name", u.name());
        if (u.size().isPresent()) g.writeNumberField("size", u.size().getAsLong());
        else g.writeNullField("size");
        if (u.partSize().isPresent())
            g.writeNumberField("part_size", u.partSize().getAsLong());
        else g.writeNullField("part_size");
        time(g, "created", u.created());
        time(g, "expires_at", u.expiresAt());
        if (u.assembled()) g.writeBooleanField("assembled", true);
        g.writeEndObject();
    }

    /** A share link as API #10 lists it. */
    static void share(JsonGenerator g, Share s) throws IOException {
        g.writeStartObject();
        g.writeStringField("share_id", s.shareId());
        g.writeStringField("name", s.name());
        time(g, "expires_at", s.expiresAt());
        g.writeEndObject();
    }

    /** A share link as API #9 answers its creation, with its URL. */
    static void share(JsonGenerator g, CreatedShare s) throws IOException {
        g.writeStartObject();
        g.writeStringField("share_id", s.shareId());
        g.writeStringField("name", s.name());
        g.writeStringField("url", s.url());
        time(g, "expires_at", s.expiresAt());
        g.writeEndObject();
    }

    /** A delete's outcome as API #8 answers it. */
    static void deleted(JsonGenerator g, DeleteResult r) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("deleted");
        for (String n : r.deleted()) g.writeString(n);
        g.writeEndArray();
        g.writeObjectFieldStart("failed");
        for (Map.Entry<String, String> e : r.failed().entrySet()) g.writeStringField(e.getKey(), e.getValue());
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void time(JsonGenerator g, String field, Instant at) throws IOException {
        if (at == null) g.writeNullField(field);
        else g.writeStringField(field, at.toString());
    }

    /** Writes one document made by {@code body}. */
    static void print(PrintStream out, Body body) {
        try (Document d = open(out)) {
            body.write(d.g());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a document holds. */
    interface Body {
        void write(JsonGenerator g) throws IOException;
    }
}

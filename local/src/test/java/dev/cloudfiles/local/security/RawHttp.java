package dev.cloudfiles.local.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One HTTP/1.1 exchange over a plain socket: the request goes out byte for byte as composed (no
 * client library normalises it), and the answer is parsed here. Every request asks
 * {@code Connection: close}, so the answer ends where the stream does.
 */
final class RawHttp {
    /** Reads answers back (databind at test scope only: the functions have none). */
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final int TIMEOUT_MILLIS = 30_000;

    private RawHttp() {}

    record Header(String name, String value) {}

    /** What came back; {@code status} is -1 when the server closed the connection without answering. */
    record Response(int status, List<Header> headers, byte[] body, String head) {
        Optional<String> header(String name) {
            return headers.stream()
                    .filter(h -> h.name().equalsIgnoreCase(name))
                    .map(Header::value)
                    .findFirst();
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + text(), e);
            }
        }

        @Override
        public String toString() {
            return head + (body.length > 300 ? text().substring(0, 300) + "..." : text());
        }
    }

    /** Builds request bytes: {@code Host} and {@code Connection: close} first, then the given header lines verbatim. */
    static final class Request {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Request(String method, String target) {
            this(method, target, "HTTP/1.1");
        }

        Request(String method, String target, String version) {
            this(method, target, version, "127.0.0.1");
        }

        private Request(String method, String target, String version, String host) {
            ascii(method + " ");
            raw(target.getBytes(StandardCharsets.UTF_8));
            ascii(" " + version + "\r\nHost: " + host + "\r\nConnection: close\r\n");
        }

        /** A request for this absolute URL, its path and query sent exactly as they are written in it. */
        static Request to(String method, URI url) {
            String target = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
            return new Request(method, target, "HTTP/1.1", url.getRawAuthority());
        }

        /** A header line as given: its text may hold anything, CR and LF included. */
        Request header(String name, String value) {
            raw((name + ": " + value + "\r\n").getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Request headerBytes(byte[] line) {
            raw(line);
            ascii("\r\n");
            return this;
        }

        /** Ends the head with a Content-Length for {@code body} and appends it. */
        byte[] body(byte[] body) {
            ascii("Content-Length: " + body.length + "\r\n\r\n");
            raw(body);
            return bytes.toByteArray();
        }

        byte[] body(String body) {
            return body(body.getBytes(StandardCharsets.UTF_8));
        }

        /** Ends the head: no body (and no Content-Length unless a header line gave one). */
        byte[] end() {
            ascii("\r\n");
            return bytes.toByteArray();
        }

        private void ascii(String s) {
            raw(s.getBytes(StandardCharsets.ISO_8859_1));
        }

        private void raw(byte[] b) {
            bytes.writeBytes(b);
        }
    }

    static Response exchange(URI server, byte[] request) {
        boolean head = new String(request, 0, Math.min(5, request.length), StandardCharsets.ISO_8859_1).equals("HEAD ");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (SocketException refusedMidway) {
                // A server may answer (413) and close before it has read the whole body: read what it said.
            }
            return read(socket.getInputStream(), head);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads one answer: the head, then Content-Length bytes (or chunks, or up to the end). It does
     * not wait for the connection to close: a server may keep it open to drain an unread body.
     */
    private static Response read(InputStream in, boolean head) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        byte[] terminator = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        int end;
        try {
            while ((end = indexOf(raw.toByteArray(), terminator)) < 0) {
                int b = in.read();
                if (b < 0) return parse(raw.toByteArray(), head);
                raw.write(b);
            }
            Response partial = parse(raw.toByteArray(), head);
            Optional<String> length = partial.header("Content-Length");
            if (head || partial.status() == 304 || partial.status() == 204) return partial;
            if (length.isPresent() && partial.header("Transfer-Encoding").isEmpty()) {
                raw.write(in.readNBytes(Integer.parseInt(length.get().trim())));
            } else {
                raw.write(in.readAllBytes());
            }
        } catch (SocketException reset) {
            // reset after (part of) the answer: keep what arrived
        }
        return parse(raw.toByteArray(), head);
    }

    static Response parse(byte[] raw, boolean head) {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (raw.length == 0 || end < 0)
            return new Response(-1, List.of(), raw, new String(raw, StandardCharsets.ISO_8859_1));
        String headText = new String(raw, 0, end + 4, StandardCharsets.ISO_8859_1);
        String[] lines = headText.split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status = Integer.parseInt(statusLine[1]);
        List<Header> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) continue;
            int colon = lines[i].indexOf(':');
            headers.add(new Header(
                    lines[i].substring(0, colon).trim(),
                    lines[i].substring(colon + 1).trim()));
        }
        byte[] body = head ? new byte[0] : Arrays.copyOfRange(raw, end + 4, raw.length);
        boolean chunked = headers.stream()
                .anyMatch(h -> h.name().equalsIgnoreCase("transfer-encoding")
                        && h.value().toLowerCase(Locale.ROOT).contains("chunked"));
        return new Response(status, List.copyOf(headers), chunked ? dechunk(body) : body, headText);
    }

    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos < body.length) {
            int lineEnd = indexOf(Arrays.copyOfRange(body, pos, body.length), new byte[] {'\r', '\n'});
            if (lineEnd < 0) break;
            String size = new String(body, pos, lineEnd, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int n = Integer.parseInt(size, 16);
            pos += lineEnd + 2;
            if (n == 0) break;
            out.write(body, pos, n);
            pos += n + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }
}

package dev.cloudfiles.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A raw query string, parsed leniently as Deta's SDKs need: {@code +} is a space, a {@code %} that
 * starts no escape is kept as it is, an empty value is no value. What cannot be accepted is a
 * parameter given twice, or escapes that decode to something other than UTF-8.
 */
public final class QueryString {
    private final Map<String, String> values;

    private QueryString(Map<String, String> values) {
        this.values = values;
    }

    public static QueryString parse(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return new QueryString(values);
        for (String pair : raw.split("&", -1)) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), "parameter name");
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), "parameter " + name);
            if (values.containsKey(name))
                throw ApiError.BAD_REQUEST.exception("parameter '" + name + "' is given more than once");
            values.put(name, value);
        }
        return new QueryString(values);
    }

    /** The parameter's value; empty when absent or given without a value. */
    public Optional<String> get(String name) {
        String v = values.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    public String require(String name) {
        return get(name).orElseThrow(() -> ApiError.BAD_REQUEST.exception("parameter '" + name + "' is required"));
    }

    public Optional<Integer> integer(String name, int min, int max) {
        return number(name, min, max).map(Long::intValue);
    }

    public Optional<Long> number(String name, long min, long max) {
        Optional<String> v = get(name);
        if (v.isEmpty()) return Optional.empty();
        try {
            long n = Long.parseLong(v.get());
            if (n < min || n > max) throw new NumberFormatException();
            return Optional.of(n);
        } catch (NumberFormatException e) {
            throw ApiError.BAD_REQUEST.exception(
                    "parameter '" + name + "' must be a whole number from " + min + " to " + max);
        }
    }

    public boolean flag(String name, boolean fallback) {
        Optional<String> v = get(name);
        if (v.isEmpty()) return fallback;
        return switch (v.get().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw ApiError.BAD_REQUEST.exception("parameter '" + name + "' must be true or false");
        };
    }

    static String decode(String s, String what) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) return s;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                bytes.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 2;
            } else {
                byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    raw = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(raw);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ApiError.BAD_REQUEST.exception(what + " is not valid UTF-8");
        }
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
}

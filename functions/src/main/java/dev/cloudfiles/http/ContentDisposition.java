package dev.cloudfiles.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An RFC 6266 {@code Content-Disposition} for any legal file name: an ASCII fallback with every
 * risky character replaced, plus the exact name as RFC 5987 {@code filename*}. Nothing in it can
 * end the header or smuggle another one.
 */
public final class ContentDisposition {
    private ContentDisposition() {}

    public static String attachment(String baseName) {
        return "attachment; " + parameters(baseName);
    }

    public static String inline(String baseName) {
        return "inline; " + parameters(baseName);
    }

    /**
     * Whether a browser may show a file of this type in its own tab: raster images, PDF, plain text,
     * audio and video, which run no script in the link's origin. HTML, SVG, XML, JavaScript and
     * every type not named here stay an attachment (downloaded, never rendered).
     */
    public static boolean safeInline(String contentType) {
        if (contentType == null) return false;
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (type.contains("xml") || type.contains("script") || type.contains("html")) return false;
        return type.matches("(image|audio|video)/[a-z0-9][a-z0-9!#$&^_.+-]*")
                || type.equals("application/pdf")
                || type.equals("text/plain");
    }

    private static String parameters(String name) {
        StringBuilder ascii = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%' && c != ';' ? c : '_');
        }
        return "filename=\"" + ascii + "\"; filename*=UTF-8''" + percentEncode(name);
    }

    /** RFC 5987 attr-char are left alone; every other byte is %XX. */
    static String percentEncode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}

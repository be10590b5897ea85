package dev.cloudfiles.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The two date forms of the API: RFC 3339 (ISO-8601) in UTC with milliseconds in JSON, and the
 * IMF-fixdate of RFC 9110 §5.6.7 in headers. Not {@code RFC_1123_DATE_TIME}: it writes a one-digit
 * day ({@code Mon, 7 Dec 2026}), which RFC 9110 does not allow a sender.
 */
public final class HttpDates {
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM uuuu HH:mm:ss 'GMT'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private HttpDates() {}

    public static String iso(Instant instant) {
        return ISO_MILLIS.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    public static String http(Instant instant) {
        return IMF_FIXDATE.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}

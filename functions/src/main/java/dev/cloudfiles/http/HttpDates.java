package dev.cloudfiles.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The two date forms of the API: ISO-8601 with milliseconds in JSON, HTTP-date in headers. */
public final class HttpDates {
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private HttpDates() {}

    public static String iso(Instant instant) {
        return ISO_MILLIS.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    public static String http(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(
                instant.truncatedTo(ChronoUnit.SECONDS).atZone(ZoneOffset.UTC));
    }
}

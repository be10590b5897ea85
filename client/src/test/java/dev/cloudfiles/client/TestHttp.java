package dev.cloudfiles.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;

/**
 * The HTTP client and JSON mapper the client module's tests share when they talk to the stack
 * directly (opening or committing an upload by hand, following a share link, reading the CLI's
 * JSON), instead of each class building its own.
 */
public final class TestHttp {
    /** One mapper for every test's parsing. */
    public static final ObjectMapper JSON = new ObjectMapper();

    /** Raw API calls: HTTP/1.1 and no redirects, as {@link CloudDrive} itself talks. */
    public static final HttpClient API = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** Follows redirects, as a browser opening a share link does. */
    public static final HttpClient BROWSER = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    private TestHttp() {}
}

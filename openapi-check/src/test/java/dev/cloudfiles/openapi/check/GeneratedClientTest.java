package dev.cloudfiles.openapi.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.openapi.client.ApiClient;
import dev.cloudfiles.openapi.client.ApiException;
import dev.cloudfiles.openapi.client.api.FilesApi;
import dev.cloudfiles.openapi.client.api.SharesApi;
import dev.cloudfiles.openapi.client.auth.ApiKeyAuth;
import dev.cloudfiles.openapi.client.model.CreateShare201Response;
import dev.cloudfiles.openapi.client.model.CreateShareRequest;
import dev.cloudfiles.openapi.client.model.DeleteFiles200Response;
import dev.cloudfiles.openapi.client.model.DeleteFilesRequest;
import dev.cloudfiles.openapi.client.model.FollowShareLink302Response;
import dev.cloudfiles.openapi.client.model.ListPage;
import dev.cloudfiles.openapi.client.model.StoredFile;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Generate a client in any language" holds: the Java client that openapi-generator made from
 * docs/openapi.yaml in this very build (target/generated-sources/openapi) stores, reads, lists and
 * deletes files and makes and follows a share link on the local stack, with the key set exactly as
 * README.md and docs/API.md say: under the security scheme's name, {@code X-Api-Key}.
 */
class GeneratedClientTest {
    @RegisterExtension
    static final LocalStackExtension stack = LocalStackExtension.inMemory();

    private static final String PROJECT = "openapigen";
    // Each test its own drive, so a listing sees only that test's files.
    private static final String DRIVE = "generated";
    private static final String SHARE_DRIVE = "shared";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    /** A generated client on the stack, the key set as the docs say. */
    private static ApiClient client(ApiClient client, String key) {
        client.setBasePath(stack.gatewayUri().toString());
        ((ApiKeyAuth) client.getAuthentication("X-Api-Key")).setApiKey(key);
        return client;
    }

    private static String key() {
        return stack.createKey(PROJECT, Set.of(), false).secret();
    }

    @Test
    void putGetListAndDeleteThroughTheGeneratedClient() throws Exception {
        FilesApi files = new FilesApi(client(new ApiClient(), key()));
        byte[] bytes = "hello from a generated client\n".getBytes(StandardCharsets.UTF_8);
        File source = Files.write(dir.resolve("hello.txt"), bytes).toFile();

        StoredFile stored = files.putFile("notes/hello.txt", PROJECT, DRIVE, source, "text/plain", null, null, null);
        assertThat(stored.getName()).isEqualTo("notes/hello.txt");
        assertThat(stored.getSize()).isEqualTo(bytes.length);
        assertThat(stored.getContentType()).isEqualTo("text/plain");

        File downloaded = files.getFile("notes/hello.txt", PROJECT, DRIVE, null, null, null);
        assertThat(downloaded).hasBinaryContent(bytes);

        ListPage page = files.listFiles(PROJECT, DRIVE, null, null, null, null, null);
        assertThat(page.getNames()).containsExactly("notes/hello.txt");

        DeleteFiles200Response deleted =
                files.deleteFiles(PROJECT, DRIVE, new DeleteFilesRequest().names(List.of("notes/hello.txt")));
        assertThat(deleted.getDeleted()).containsExactly("notes/hello.txt");
        assertThat(files.listFiles(PROJECT, DRIVE, null, null, null, null, null).getNames())
                .isEmpty();
    }

    @Test
    // getStatusCode/getResponseHeaders are deprecated in the generated ApiClient, yet they are the only
    // view of a void operation's answer that the apache-httpclient library gives (it has no WithHttpInfo).
    @SuppressWarnings("deprecation")
    void aShareLinkMadeAndFollowedThroughTheGeneratedClient() throws Exception {
        String key = key();
        byte[] bytes = "shared through a generated client\n".getBytes(StandardCharsets.UTF_8);
        File source = Files.write(dir.resolve("report.txt"), bytes).toFile();
        new FilesApi(client(new ApiClient(), key))
                .putFile("report.txt", PROJECT, SHARE_DRIVE, source, "text/plain", null, null, null);

        CreateShare201Response link = new SharesApi(client(new ApiClient(), key))
                .createShare(
                        PROJECT,
                        SHARE_DRIVE,
                        new CreateShareRequest().name("report.txt").ttl(600));
        assertThat(link.getName()).isEqualTo("report.txt");
        assertThat(link.getUrl().getPath()).startsWith("/s/");
        String token = link.getUrl().getPath().substring("/s/".length());

        // As generated (redirects followed), the link's 302 leads to the file's bytes.
        ApiClient following = client(new ApiClient(), key);
        new SharesApi(following).followShareLink(token, null);
        assertThat(following.getStatusCode()).isEqualTo(200);
        assertThat(following.getResponseHeaders().get("Content-Length"))
                .containsExactly(Integer.toString(bytes.length));

        // Redirects off: the 302 itself, its documented body (url, expires_at) and Location.
        try (CloseableHttpClient noRedirects =
                HttpClients.custom().disableRedirectHandling().build()) {
            ApiClient notFollowing = client(new ApiClient(noRedirects), key);
            ApiException redirect = catchThrowableOfType(
                    ApiException.class, () -> new SharesApi(notFollowing).followShareLink(token, null));
            assertThat(redirect.getCode()).isEqualTo(302);
            FollowShareLink302Response answer = notFollowing
                    .getObjectMapper()
                    .readValue(redirect.getResponseBody(), FollowShareLink302Response.class);
            assertThat(redirect.getResponseHeaders().get("Location"))
                    .containsExactly(answer.getUrl().toString());
            assertThat(fetch(answer.getUrl())).isEqualTo(bytes);
        }
    }

    @Test
    void withoutTheKeyTheGeneratedClientGetsTheDocumentedError() {
        ApiClient noKey = new ApiClient();
        noKey.setBasePath(stack.gatewayUri().toString());
        FilesApi files = new FilesApi(noKey);
        assertThatThrownBy(() -> files.listFiles(PROJECT, DRIVE, null, null, null, null, null))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(401);
                    assertThat(e.getResponseBody()).contains("\"code\":\"unauthorized\"");
                });
    }

    /** A presigned URL takes no key: a plain GET, as a browser would send. */
    private static byte[] fetch(URI url) throws IOException, InterruptedException {
        HttpResponse<byte[]> response =
                HTTP.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
        return response.body();
    }
}

package dev.cloudfiles.local.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.names.Drive;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A blob swept under a reader: GetFile's GET of it finds no object, reads the index again and,
 * the name still pointing at those bytes, answers the API's JSON 404. S3 says 404 (not 403) only
 * because GetFile's role may {@code s3:ListBucket}: this is the request that needs it (local's IAM
 * check, TemplatePoliciesIT, records the 404 against GetFileFunction's policy).
 */
class BlobSweptUnderReaderTest {
    @RegisterExtension
    static final LocalStackExtension stack = LocalStackExtension.inMemory();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aDownloadWhoseBlobWasSweptAnswersNotFound() throws Exception {
        String key = stack.createKey("swept", Set.of(), false).secret();
        URI files = URI.create(stack.gatewayUri() + "/v1/swept/d/files");
        HttpResponse<String> put = HTTP.send(
                HttpRequest.newBuilder(URI.create(files + "?name=f.txt"))
                        .header("X-Api-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString("bytes"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(201);
        String blob = new Blobs(stack).current(Drive.of("swept", "d").partitionKey(), "f.txt");
        assertThat(blob).isNotNull();
        stack.clients().s3().deleteObject(b -> b.bucket(stack.config().bucket()).key(blob));

        HttpResponse<String> get = HTTP.send(
                HttpRequest.newBuilder(URI.create(files + "/download?name=f.txt"))
                        .header("X-Api-Key", key)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(get.statusCode()).isEqualTo(404);
        assertThat(new ObjectMapper().readTree(get.body()).path("code").asText())
                .isEqualTo("not_found");
    }
}

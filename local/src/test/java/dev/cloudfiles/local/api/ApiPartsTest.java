package dev.cloudfiles.local.api;

import static dev.cloudfiles.local.api.UploadsTest.MIB;
import static dev.cloudfiles.local.api.UploadsTest.commit;
import static dev.cloudfiles.local.api.UploadsTest.downloadSha256;
import static dev.cloudfiles.local.api.UploadsTest.part;
import static dev.cloudfiles.local.api.UploadsTest.start;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.local.Gateway;
import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.testing.GeneratedContent;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deta's way of large uploads: 5 MiB parts through the API. On AWS a 5 MiB part exceeds Lambda's
 * 6 MB payload once base64-encoded, so this stack raises the limits as a bigger deployment would.
 */
class ApiPartsTest {
    @RegisterExtension
    static final LocalStackExtension stack = LocalStackExtension.builder()
            .inlineLimits(6 * MIB, MIB)
            .gatewayLimits(new Gateway.Limits(Gateway.Limits.API_GATEWAY_MAX_REQUEST, 9_000_000))
            .build();

    @Test
    void a12MiBFileInThreeApiPartsRoundTripsByteExact() throws Exception {
        TestApi api = new TestApi(
                stack.gatewayUri(),
                "up",
                "parts",
                stack.createKey("up", Set.of(), false).secret());
        long size = 12 * MIB;
        String id = start(api, "archive.tar", "").get("upload_id").asText();
        long[] sizes = {5 * MIB, 5 * MIB, 2 * MIB};
        long offset = 0;
        for (int k = 0; k < sizes.length; k++) {
            byte[] bytes = GeneratedContent.bytes(12, offset, (int) sizes[k]);
            assertThat(part(api, id, "archive.tar", k + 1, bytes).statusCode()).isEqualTo(200);
            offset += sizes[k];
        }
        var committed = commit(api, id, "archive.tar");
        assertThat(committed.statusCode()).isEqualTo(200);
        assertThat(TestApi.json(committed).get("size").asLong()).isEqualTo(size);
        assertThat(TestApi.json(committed).get("content_type").asText()).isEqualTo("application/x-tar");
        assertThat(downloadSha256(api, "archive.tar")).isEqualTo(GeneratedContent.sha256(12, size));
    }
}

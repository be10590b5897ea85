package dev.cloudfiles.local.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.faults.FaultInjector.When;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The invariant under crashes at every step of a write and a delete: afterwards the old or the
 * new version is fully readable, never neither, and no index entry points at missing bytes.
 */
class ConsistencyUnderFaultsTest {
    static final FaultInjector faults = new FaultInjector();

    @RegisterExtension
    static final LocalStackExtension stack =
            LocalStackExtension.builder().interceptors(List.of(faults)).build();

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicInteger DRIVES = new AtomicInteger();
    private String key;
    private String drive;

    @BeforeEach
    void setUp() {
        key = stack.createKey("crash", Set.of(), false).secret();
        drive = "d" + DRIVES.incrementAndGet();
    }

    @AfterEach
    void tearDown() {
        faults.clear();
    }

    private HttpResponse<String> call(String method, String pathAndQuery, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(stack.gatewayUri() + "/v1/crash/" + drive + pathAndQuery))
                .header("X-Api-Key", key)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> put(String name, String content) throws Exception {
        return call("POST", "/files?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8), content);
    }

    private HttpResponse<String> get(String name) throws Exception {
        return call("GET", "/files/download?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8), null);
    }

    private HttpResponse<String> delete(String name) throws Exception {
        return call("DELETE", "/files", "{\"names\":[\"" + name + "\"]}");
    }

    private void crash(Class<? extends SdkRequest> call, When when) {
        faults.fail(call, when);
    }

    private void recover() {
        assertThat(faults.injected()).as("the fault fired").isPositive();
        faults.clear();
    }

    /** Every index entry of the drive points at bytes that exist. */
    private void assertNoDanglingEntries() {
        var items = stack.clients()
                .dynamo()
                .query(b -> b.tableName(stack.config().table())
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("crash/" + drive)))
                        .consistentRead(true))
                .items();
        for (var item : items) {
            String blob = item.get("blob").s();
            try {
                stack.clients()
                        .s3()
                        .headObject(b -> b.bucket(stack.config().bucket()).key(blob));
            } catch (NoSuchKeyException e) {
                throw new AssertionError("index entry " + item.get("sk").s() + " points at missing blob " + blob);
            }
        }
    }

    @Test
    void crashBeforeTheBytesAreStoredKeepsTheOldVersion() throws Exception {
        assertThat(put("f.txt", "old").statusCode()).isEqualTo(201);
        crash(PutObjectRequest.class, When.BEFORE_SENDING);
        assertThat(put("f.txt", "new").statusCode()).isEqualTo(503);
        recover();
        assertThat(get("f.txt").body()).isEqualTo("old");
        assertNoDanglingEntries();
    }

    @Test
    void crashBetweenBlobWrittenAndIndexWrittenKeepsTheOldVersion() throws Exception {
        assertThat(put("f.txt", "old").statusCode()).isEqualTo(201);
        crash(UpdateItemRequest.class, When.BEFORE_SENDING);
        var failed = put("f.txt", "new");
        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(failed.body()).doesNotContain("injected");
        recover();
        assertThat(get("f.txt").body()).isEqualTo("old");
        assertNoDanglingEntries();
    }

    @Test
    void crashOfANewFilesIndexWriteLeavesNoEntry() throws Exception {
        crash(UpdateItemRequest.class, When.BEFORE_SENDING);
        assertThat(put("new.txt", "x").statusCode()).isEqualTo(503);
        recover();
        assertThat(get("new.txt").statusCode()).isEqualTo(404);
        assertNoDanglingEntries();
    }

    @Test
    void aLostAnswerOfTheIndexWriteShowsTheNewVersionWhole() throws Exception {
        assertThat(put("f.txt", "old").statusCode()).isEqualTo(201);
        crash(UpdateItemRequest.class, When.AFTER_SUCCESS);
        assertThat(put("f.txt", "new").statusCode()).isEqualTo(503);
        recover();
        assertThat(get("f.txt").body()).isEqualTo("new");
        assertNoDanglingEntries();
    }

    @Test
    void aFailedGarbageRecordNeverFailsOrHalvesAnOverwrite() throws Exception {
        assertThat(put("f.txt", "old").statusCode()).isEqualTo(201);
        long unrecorded = stack.app().garbage().unrecorded();
        crash(BatchWriteItemRequest.class, When.BEFORE_SENDING);
        assertThat(put("f.txt", "new").statusCode()).isEqualTo(201);
        recover();
        assertThat(stack.app().garbage().unrecorded()).as("counted, not silent").isEqualTo(unrecorded + 1);
        assertThat(get("f.txt").body()).isEqualTo("new");
        assertNoDanglingEntries();
    }

    @Test
    void crashBeforeTheIndexDeleteLeavesTheFileFullyPresent() throws Exception {
        assertThat(put("f.txt", "here").statusCode()).isEqualTo(201);
        crash(DeleteItemRequest.class, When.BEFORE_SENDING);
        var failed = delete("f.txt");
        assertThat(failed.statusCode()).isEqualTo(200);
        assertThat(failed.body()).contains("\"failed\":{\"f.txt\":\"storage unavailable; try again\"}");
        recover();
        assertThat(get("f.txt").body()).isEqualTo("here");
        assertNoDanglingEntries();
    }

    @Test
    void crashAfterTheIndexDeleteLeavesTheFileFullyGone() throws Exception {
        assertThat(put("f.txt", "here").statusCode()).isEqualTo(201);
        crash(DeleteItemRequest.class, When.AFTER_SUCCESS);
        assertThat(delete("f.txt").body()).contains("storage unavailable; try again");
        recover();
        assertThat(get("f.txt").statusCode()).isEqualTo(404);
        assertThat(call("GET", "/files", null).body()).doesNotContain("f.txt");
        assertNoDanglingEntries();
    }

    @Test
    void aFailedGarbageRecordAfterDeleteStillDeletesWhole() throws Exception {
        assertThat(put("f.txt", "here").statusCode()).isEqualTo(201);
        crash(BatchWriteItemRequest.class, When.BEFORE_SENDING);
        assertThat(delete("f.txt").statusCode()).isEqualTo(200);
        recover();
        assertThat(get("f.txt").statusCode()).isEqualTo(404);
        assertNoDanglingEntries();
    }
}

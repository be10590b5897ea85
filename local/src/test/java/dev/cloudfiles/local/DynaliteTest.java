package dev.cloudfiles.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudfiles.store.table.Tables;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

class DynaliteTest {
    private static final Map<String, AttributeValue> KEY =
            Map.of("pk", AttributeValue.fromS("p/d"), "sk", AttributeValue.fromS("name.txt"));

    @Test
    void conditionalWritesAndDataSurvivesARestart(@TempDir Path data) {
        try (Dynalite dynalite = Dynalite.start(0, data);
                DynamoDbClient dynamo = client(dynalite)) {
            Tables.createIfMissing(dynamo, "files");
            Tables.createIfMissing(dynamo, "files"); // idempotent
            putIfAbsent(dynamo);
            assertThatThrownBy(() -> putIfAbsent(dynamo)).isInstanceOf(ConditionalCheckFailedException.class);
        }
        try (Dynalite dynalite = Dynalite.start(0, data);
                DynamoDbClient dynamo = client(dynalite)) {
            var item = dynamo.getItem(b -> b.tableName("files").key(KEY).consistentRead(true))
                    .item();
            assertThat(item.get("size").n()).isEqualTo("5");
        }
    }

    @Test
    void closeStopsTheProcess() {
        Dynalite dynalite = Dynalite.start(0, null);
        assertThat(dynalite.isAlive()).isTrue();
        dynalite.close();
        assertThat(dynalite.isAlive()).isFalse();
    }

    /** dynalite reports the port it bound itself: a taken one is an error, never another server's. */
    @Test
    void aTakenPortIsReportedNotUsed() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> Dynalite.start(taken.getLocalPort(), null))
                    .isInstanceOfSatisfying(
                            PortInUseException.class,
                            e -> assertThat(e.service()).isEqualTo(LocalService.DYNAMODB))
                    .hasMessageContaining("CLOUD_FILES_LOCAL_DYNAMODB_PORT");
        }
    }

    @Test
    void portZeroIsTheFreePortDynaliteBoundAndReported() {
        try (Dynalite dynalite = Dynalite.start(0, null);
                DynamoDbClient dynamo = client(dynalite)) {
            assertThat(dynalite.port()).isPositive();
            Tables.createIfMissing(dynamo, "files");
        }
    }

    private static void putIfAbsent(DynamoDbClient dynamo) {
        var item = new HashMap<>(KEY);
        item.put("size", AttributeValue.fromN("5"));
        dynamo.putItem(b -> b.tableName("files").item(item).conditionExpression("attribute_not_exists(pk)"));
    }

    private static DynamoDbClient client(Dynalite dynalite) {
        return DynamoDbClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(dynalite.uri())
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .build();
    }
}

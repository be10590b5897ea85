package dev.cloudfiles.admin;

import dev.cloudfiles.auth.KeyStore;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The key store on one table, and the client it owns. */
record KeyTable(DynamoDbClient dynamo, String table) implements AutoCloseable {
    KeyStore keys() {
        return new KeyStore(dynamo, table, Clock.systemUTC());
    }

    @Override
    public void close() {
        dynamo.close();
    }
}

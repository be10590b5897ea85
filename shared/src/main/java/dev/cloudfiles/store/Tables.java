package dev.cloudfiles.store;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The one table's schema: string partition key {@code pk} and string sort key {@code sk}.
 * template.yaml declares the same schema for AWS; the local stack creates it with this class.
 */
public final class Tables {
    public static final String PK = "pk";
    public static final String SK = "sk";

    private Tables() {}

    /** Creates the table unless it exists, and waits until it is active. */
    public static void createIfMissing(DynamoDbClient dynamo, String table) {
        try {
            dynamo.describeTable(b -> b.tableName(table));
            return;
        } catch (ResourceNotFoundException absent) {
            // create it below
        }
        try {
            dynamo.createTable(b -> b.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName(PK).attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName(SK).attributeType(ScalarAttributeType.S).build())
                    .keySchema(
                            KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName(SK).keyType(KeyType.RANGE).build()));
        } catch (ResourceInUseException raced) {
            // created concurrently: fine
        }
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(table));
    }
}

package dev.cloudfiles.local.faults;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Crashes or falsifies chosen SDK calls at the SDK boundary, the way a dying container, a lost
 * network answer or a failing service would; and leaves batch items unprocessed, the way a
 * throttled DynamoDB does (dynalite never does).
 */
public final class FaultInjector implements ExecutionInterceptor {
    public enum When {
        /** Before the request leaves: nothing happened. */
        BEFORE_SENDING,
        /** After it succeeded: it happened, but the caller never learns so. */
        AFTER_SUCCESS,
        /** It happened, and the answer is a 200 carrying S3's {@code InternalError} (as CompleteMultipartUpload reports some failures). */
        ERROR_IN_200,
        /**
         * DynamoDB applied it and answered 500 ("may or may not have succeeded"), so the SDK's retry
         * policy sends it again: use with {@link #failOnce}, so that the retry goes through.
         */
        APPLIED_THEN_500
    }

    private record Rule(Predicate<SdkRequest> request, When when, boolean once, AtomicBoolean spent) {
        boolean fires(SdkRequest candidate, When at) {
            return when == at && request.test(candidate) && (!once || spent.compareAndSet(false, true));
        }
    }

    /** A replaced answer's body, handed from {@link #modifyHttpResponse} to {@link #modifyHttpResponseContent}. */
    private final ThreadLocal<byte[]> replacement = new ThreadLocal<>();

    private volatile Rule rule;
    private final AtomicInteger injected = new AtomicInteger();

    /** Every following call of this request type fails at {@code when}, until {@link #clear()}. */
    public void fail(Class<? extends SdkRequest> request, When when) {
        fail(request::isInstance, when);
    }

    /** Every following call that {@code request} matches fails at {@code when}, until {@link #clear()}. */
    public void fail(Predicate<SdkRequest> request, When when) {
        injected.set(0);
        rule = new Rule(request, when, false, new AtomicBoolean());
    }

    /** The next call that {@code request} matches fails at {@code when}; the ones after it do not. */
    public void failOnce(Predicate<SdkRequest> request, When when) {
        injected.set(0);
        rule = new Rule(request, when, true, new AtomicBoolean());
    }

    public void clear() {
        rule = null;
        unprocessedCalls.set(0);
    }

    /** Items of one batch call held back from DynamoDB, handed from the request to its answer. */
    private static final ExecutionAttribute<Held> HELD = new ExecutionAttribute<>("cloudfiles.faults.held");

    private record Held(String table, List<WriteRequest> writes, KeysAndAttributes keys) {}

    /** Stands in for a batch whose every item is held back: DynamoDB refuses an empty batch. */
    private static final Map<String, AttributeValue> SENTINEL =
            Map.of("pk", AttributeValue.fromS("#faults"), "sk", AttributeValue.fromS("#unprocessed"));

    private final AtomicInteger unprocessedCalls = new AtomicInteger();
    private volatile int heldPerCall;
    private final AtomicInteger held = new AtomicInteger();

    /**
     * The next {@code calls} BatchWriteItem and BatchGetItem calls send all but up to {@code
     * itemsPerCall} of their items (the last ones); DynamoDB never sees those, and the answer
     * reports them in {@code UnprocessedItems} / {@code UnprocessedKeys}, as it does when it
     * throttles part of a batch. A batch held back whole sends a harmless sentinel instead.
     */
    public void leaveUnprocessed(int calls, int itemsPerCall) {
        held.set(0);
        heldPerCall = itemsPerCall;
        unprocessedCalls.set(calls);
    }

    /** How many batch items were held back since the last {@link #leaveUnprocessed}. */
    public int heldBack() {
        return held.get();
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        boolean batch = request instanceof BatchWriteItemRequest || request instanceof BatchGetItemRequest;
        if (!batch || unprocessedCalls.getAndUpdate(n -> Math.max(0, n - 1)) <= 0) return request;
        if (request instanceof BatchWriteItemRequest write) {
            var table = write.requestItems().entrySet().iterator().next();
            List<WriteRequest> all = table.getValue();
            int keep = Math.max(0, all.size() - heldPerCall);
            List<WriteRequest> sent = new ArrayList<>(all.subList(0, keep));
            held.addAndGet(all.size() - keep);
            attributes.putAttribute(HELD, new Held(table.getKey(), List.copyOf(all.subList(keep, all.size())), null));
            if (sent.isEmpty())
                sent.add(
                        WriteRequest.builder().putRequest(p -> p.item(SENTINEL)).build());
            return write.toBuilder().requestItems(Map.of(table.getKey(), sent)).build();
        }
        BatchGetItemRequest get = (BatchGetItemRequest) request;
        var table = get.requestItems().entrySet().iterator().next();
        List<Map<String, AttributeValue>> all = table.getValue().keys();
        int keep = Math.max(0, all.size() - heldPerCall);
        List<Map<String, AttributeValue>> sent = new ArrayList<>(all.subList(0, keep));
        held.addAndGet(all.size() - keep);
        attributes.putAttribute(
                HELD,
                new Held(
                        table.getKey(),
                        null,
                        table.getValue().toBuilder()
                                .keys(List.copyOf(all.subList(keep, all.size())))
                                .build()));
        if (sent.isEmpty()) sent.add(SENTINEL);
        return get.toBuilder()
                .requestItems(Map.of(
                        table.getKey(), table.getValue().toBuilder().keys(sent).build()))
                .build();
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        Held back = attributes.getAttribute(HELD);
        if (back == null) return context.response();
        if (context.response() instanceof BatchWriteItemResponse write && back.writes() != null) {
            List<WriteRequest> unprocessed =
                    new ArrayList<>(write.unprocessedItems().getOrDefault(back.table(), List.of()));
            unprocessed.addAll(back.writes());
            Map<String, List<WriteRequest>> all = new HashMap<>(write.unprocessedItems());
            if (!unprocessed.isEmpty()) all.put(back.table(), unprocessed);
            return write.toBuilder().unprocessedItems(all).build();
        }
        if (context.response() instanceof BatchGetItemResponse get && back.keys() != null) {
            Map<String, KeysAndAttributes> all = new HashMap<>(get.unprocessedKeys());
            if (!back.keys().keys().isEmpty()) all.put(back.table(), back.keys());
            Map<String, List<Map<String, AttributeValue>>> found = new HashMap<>();
            get.responses()
                    .forEach((table, items) -> found.put(
                            table,
                            items.stream()
                                    .filter(i -> !SENTINEL.get("pk").equals(i.get("pk")))
                                    .toList()));
            return get.toBuilder().responses(found).unprocessedKeys(all).build();
        }
        return context.response();
    }

    /** How many calls failed since the last {@link #fail}: a test asserts its fault really fired. */
    public int injected() {
        return injected.get();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        maybeFail(context.request(), When.BEFORE_SENDING);
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        maybeFail(context.request(), When.AFTER_SUCCESS);
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        replacement.remove();
        Rule current = rule;
        if (current == null) return context.httpResponse();
        int status;
        byte[] body;
        if (current.fires(context.request(), When.ERROR_IN_200)) {
            status = 200;
            body = S3_INTERNAL_ERROR;
        } else if (current.fires(context.request(), When.APPLIED_THEN_500)) {
            status = 500;
            body = DYNAMODB_INTERNAL_ERROR;
        } else {
            return context.httpResponse();
        }
        injected.incrementAndGet();
        replacement.set(body);
        return context.httpResponse().toBuilder()
                .statusCode(status)
                .removeHeader("x-amz-crc32")
                .removeHeader("Content-Length")
                .putHeader("Content-Length", Integer.toString(body.length))
                .build();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(
            Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        byte[] body = replacement.get();
        if (body == null) return context.responseBody();
        replacement.remove();
        return Optional.of(new ByteArrayInputStream(body));
    }

    private static final byte[] S3_INTERNAL_ERROR =
            ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InternalError</Code>"
                            + "<Message>We encountered an internal error. Please try again.</Message></Error>")
                    .getBytes(StandardCharsets.UTF_8);

    private static final byte[] DYNAMODB_INTERNAL_ERROR =
            "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"Internal server error\"}"
                    .getBytes(StandardCharsets.UTF_8);

    private void maybeFail(SdkRequest request, When when) {
        Rule current = rule;
        if (current != null && current.fires(request, when)) {
            injected.incrementAndGet();
            throw SdkClientException.create(
                    "injected fault: " + request.getClass().getSimpleName() + " " + when);
        }
    }
}

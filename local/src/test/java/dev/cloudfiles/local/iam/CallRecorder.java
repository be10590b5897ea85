package dev.cloudfiles.local.iam;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudfiles.local.FunctionScope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;

/**
 * Every AWS call a function makes, recorded at the SDK boundary for {@link TemplatePoliciesIT}: a
 * global interceptor (src/test/resources/software/amazon/awssdk/global/handlers/execution.interceptors),
 * so the SDK adds it to every client and presigner built on the test class path, in this JVM and in
 * the Lambda runtime JVMs the runtime tests start. The function is {@link FunctionScope}'s (the
 * gateway's handlers, the tests' own containers), else the runtime JVM's {@code
 * AWS_LAMBDA_FUNCTION_NAME}, else SweeperFunction for the sweeper's code (tests call {@code
 * app().sweeper()} as SweeperHandler does); a call of none of these is the tests' own and is not
 * recorded. Each distinct call is appended once, as a JSON line, to {@code
 * target/iam-calls/calls-<pid>.jsonl}: one file per JVM, whatever forks surefire makes.
 */
public final class CallRecorder implements ExecutionInterceptor {
    static final Path DIRECTORY = Path.of("target", "iam-calls");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<SdkCall> SEEN = ConcurrentHashMap.newKeySet();
    private static final StackWalker STACK = StackWalker.getInstance();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        Optional<Attribution> by = attribution();
        if (by.isEmpty()) return;
        calls(by.get(), context.request()).forEach(CallRecorder::record);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        boolean read = context.request() instanceof GetObjectRequest || context.request() instanceof HeadObjectRequest;
        if (!read || context.httpResponse().map(r -> r.statusCode() != 404).orElse(true)) return;
        attribution().ifPresent(by -> calls(by, context.request()).forEach(c -> record(c.asNotFound())));
    }

    record Attribution(String function, boolean priming) {}

    private static Optional<Attribution> attribution() {
        List<String> classes = STACK.walk(frames -> frames.map(StackWalker.StackFrame::getClassName)
                .filter(c -> c.startsWith("dev.cloudfiles."))
                .toList());
        boolean priming = classes.contains("dev.cloudfiles.runtime.Priming");
        Optional<String> function = FunctionScope.current()
                .or(() -> Optional.ofNullable(System.getenv("AWS_LAMBDA_FUNCTION_NAME")))
                .or(() -> classes.stream()
                                .anyMatch(c -> c.equals("dev.cloudfiles.store.sweep.Sweeper")
                                        || c.startsWith("dev.cloudfiles.store.sweep.Sweeper$"))
                        ? Optional.of("SweeperFunction")
                        : Optional.empty());
        return function.map(f -> new Attribution(f, priming));
    }

    /** What a request names: one call per table of a batch, per key of a multi-delete. */
    @SuppressWarnings("deprecation") // copySource(): where the SDK has put a copy's source by the time interceptors run
    static List<SdkCall> calls(Attribution by, SdkRequest request) {
        String type = request.getClass().getName();
        String operation = request.getClass().getSimpleName().replaceFirst("Request$", "");
        List<SdkCall> calls = new ArrayList<>();
        if (type.startsWith("software.amazon.awssdk.services.s3.")) {
            String bucket = field(request, "Bucket");
            if (request instanceof DeleteObjectsRequest delete) {
                for (ObjectIdentifier object : delete.delete().objects())
                    calls.add(SdkCall.s3(by.function(), by.priming(), operation, bucket, object.key()));
            } else {
                SdkCall call = SdkCall.s3(by.function(), by.priming(), operation, bucket, field(request, "Key"));
                // The SDK has folded a copy's sourceBucket and sourceKey into CopySource by now.
                if (request instanceof CopyObjectRequest copy) call = withSource(call, copy.copySource());
                if (request instanceof UploadPartCopyRequest copy) call = withSource(call, copy.copySource());
                calls.add(call);
            }
        } else if (type.startsWith("software.amazon.awssdk.services.dynamodb.")) {
            if (request instanceof BatchGetItemRequest batch) {
                batch.requestItems()
                        .keySet()
                        .forEach(t -> calls.add(SdkCall.dynamo(by.function(), by.priming(), operation, t, null)));
            } else if (request instanceof BatchWriteItemRequest batch) {
                batch.requestItems()
                        .keySet()
                        .forEach(t -> calls.add(SdkCall.dynamo(by.function(), by.priming(), operation, t, null)));
            } else if (request instanceof TransactWriteItemsRequest transaction) {
                for (TransactWriteItem item : transaction.transactItems()) calls.add(transactItem(by, item));
            } else if (request instanceof TransactGetItemsRequest transaction) {
                transaction
                        .transactItems()
                        .forEach(item -> calls.add(SdkCall.dynamo(
                                by.function(),
                                by.priming(),
                                "GetItem",
                                item.get().tableName(),
                                null)));
            } else {
                calls.add(SdkCall.dynamo(
                        by.function(),
                        by.priming(),
                        operation,
                        field(request, "TableName"),
                        field(request, "IndexName")));
            }
        } else {
            calls.add(new SdkCall(
                    by.function(), by.priming(), type, operation, null, null, null, null, null, null, false));
        }
        return calls;
    }

    /** {@code bucket/key} (URL-encoded, perhaps {@code ?versionId=...}), as x-amz-copy-source carries it. */
    static SdkCall withSource(SdkCall call, String copySource) {
        if (copySource == null) return call;
        String source = copySource.startsWith("/") ? copySource.substring(1) : copySource;
        int query = source.indexOf('?');
        if (query >= 0) source = source.substring(0, query);
        int slash = source.indexOf('/');
        if (slash < 0) return call;
        return call.withSource(
                URLDecoder.decode(source.substring(0, slash), StandardCharsets.UTF_8),
                URLDecoder.decode(source.substring(slash + 1), StandardCharsets.UTF_8));
    }

    /** A transaction's item needs the permission of the single-item operation it is. */
    private static SdkCall transactItem(Attribution by, TransactWriteItem item) {
        if (item.put() != null)
            return SdkCall.dynamo(
                    by.function(), by.priming(), "PutItem", item.put().tableName(), null);
        if (item.update() != null)
            return SdkCall.dynamo(
                    by.function(), by.priming(), "UpdateItem", item.update().tableName(), null);
        if (item.delete() != null)
            return SdkCall.dynamo(
                    by.function(), by.priming(), "DeleteItem", item.delete().tableName(), null);
        return SdkCall.dynamo(
                by.function(),
                by.priming(),
                "ConditionCheckItem",
                item.conditionCheck().tableName(),
                null);
    }

    private static String field(SdkRequest request, String name) {
        return request.getValueForField(name, String.class).orElse(null);
    }

    private static void record(SdkCall call) {
        if (!SEEN.add(call)) return;
        try {
            Files.createDirectories(DIRECTORY);
            byte[] line = (JSON.writeValueAsString(call) + "\n").getBytes(StandardCharsets.UTF_8);
            // One write per line on an O_APPEND file: lines of other JVMs' files never interleave here.
            synchronized (SEEN) {
                Files.write(
                        DIRECTORY.resolve("calls-" + ProcessHandle.current().pid() + ".jsonl"),
                        line,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record an AWS call for the IAM check", e);
        }
    }
}

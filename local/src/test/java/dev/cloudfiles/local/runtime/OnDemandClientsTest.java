package dev.cloudfiles.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudfiles.CloudFiles;
import dev.cloudfiles.config.UniqueIds;
import dev.cloudfiles.functions.DeleteFilesHandler;
import dev.cloudfiles.functions.GetFileHandler;
import dev.cloudfiles.functions.ListFilesHandler;
import dev.cloudfiles.functions.ShareLinkHandler;
import dev.cloudfiles.functions.SharesHandler;
import dev.cloudfiles.functions.SweeperHandler;
import dev.cloudfiles.functions.WriteFilesHandler;
import dev.cloudfiles.local.FunctionScope;
import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.faults.FaultInjector;
import dev.cloudfiles.runtime.Clients;
import dev.cloudfiles.runtime.Clients.OnDemand;
import dev.cloudfiles.runtime.Priming;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;

/**
 * S3's client and presigner as one Lambda container of each function has them ({@link
 * Clients.OnDemand}): a function that never calls S3 never builds them, not even in SnapStart's
 * priming, and priming builds exactly what a function's requests use, so that none pays for it
 * after a restore. A container here is a handler on its own {@link Clients} (nothing built) over the
 * stack's emulators, called with events/*.json and events of the routes those do not cover.
 */
class OnDemandClientsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The drive's routes' prefix. */
    private static final String D = "/v1/{project_id}/{drive_name}";

    @RegisterExtension
    static final LocalStackExtension stack = LocalStackExtension.inMemory();

    private static String apiKey;

    @BeforeAll
    static void key() {
        apiKey = stack.createKey("dev", Set.of(), false).secret();
    }

    /** The file to read and share (delete-many.json deletes it). */
    @BeforeEach
    void fileToReadAndShare() {
        try (Container put = new Container(WriteFilesHandler::new)) {
            assertThat(put.status(file("put.json"))).isEqualTo(201);
        }
    }

    /**
     * One function's container: its own clients, none built yet, and its handler on them. What it
     * calls, priming included, is its function's ({@link FunctionScope}): the IAM check holds it to
     * that function's policy.
     */
    private static final class Container implements AutoCloseable {
        final Clients clients;
        final CloudFiles app;
        final RequestStreamHandler handler;
        final String function;

        Container(Function<CloudFiles, RequestStreamHandler> constructor) {
            this(constructor, List.of());
        }

        /** With {@code interceptors} on its clients: faults injected at the SDK boundary. */
        Container(Function<CloudFiles, RequestStreamHandler> constructor, List<ExecutionInterceptor> interceptors) {
            clients = Clients.create(stack.config(), interceptors);
            app = CloudFiles.create(stack.config(), clients);
            handler = constructor.apply(app);
            function = TemplateFunctions.logicalIdOf(handler.getClass());
        }

        JsonNode invoke(String event) {
            return FunctionScope.call(function, () -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try {
                    handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
                    return JSON.readTree(out.toByteArray());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }

        int status(String event) {
            return invoke(event).path("statusCode").asInt();
        }

        /** SnapStart's beforeCheckpoint, as the container's {@code CloudFiles.shared()} registers it. */
        void prime() {
            FunctionScope.run(
                    function,
                    () -> new Priming(app.config(), clients, app.authenticator(), UniqueIds.shared()).prime());
        }

        @Override
        public void close() {
            clients.close();
        }
    }

    /** A function, and the events (with their expected statuses) that cover what its routes call. */
    private record Workload(
            String function, Function<CloudFiles, RequestStreamHandler> handler, Map<String, Integer> events) {}

    private static List<Workload> workloads() {
        String share = createShare();
        return List.of(
                new Workload(
                        "PutFile",
                        WriteFilesHandler::new,
                        Map.of(
                                file("put-binary.json"), 201,
                                file("copy.json"), 201,
                                event(
                                                "POST",
                                                D + "/uploads",
                                                "name=big.bin&size=20000000&presigned=true",
                                                Map.of(),
                                                null),
                                        202)),
                new Workload(
                        "GetFile",
                        GetFileHandler::new,
                        Map.of(
                                file("get.json"), 200,
                                event(
                                                "GET",
                                                D + "/files/download",
                                                "name=notes/hello.txt&redirect=false",
                                                Map.of(),
                                                null),
                                        200)),
                new Workload(
                        "ShareLink",
                        ShareLinkHandler::new,
                        Map.of(event("GET", "/s/{token}", "", Map.of("token", share), null), 302)),
                new Workload("ListFiles", ListFilesHandler::new, Map.of(file("list.json"), 200)),
                new Workload("Shares", SharesHandler::new, sharesEvents()),
                new Workload("DeleteFiles", DeleteFilesHandler::new, Map.of(file("delete-many.json"), 200)),
                new Workload("Sweeper", SweeperHandler::new, Map.of(file("sweep.json"), 0)));
    }

    @Test
    void functionsThatNeverCallS3NeverBuildItsClientsNorPrimeThem() {
        for (Workload w : workloads()) {
            if (!Set.of("ListFiles", "Shares", "DeleteFiles").contains(w.function())) continue;
            try (Container container = new Container(w.handler())) {
                container.prime();
                w.events()
                        .forEach((event, status) -> assertThat(container.status(event))
                                .as(w.function())
                                .isEqualTo(status));
                assertThat(container.clients.built()).as(w.function()).isEmpty();
            }
        }
    }

    /**
     * What a function's requests build, in a container never primed, is exactly what its handler
     * built at init and what priming builds in another: every client it uses is built during init
     * and primed, and no more.
     */
    @Test
    void primingBuildsExactlyWhatEachFunctionsRequestsUse() {
        Map<String, Set<OnDemand>> expected = Map.of(
                "PutFile", EnumSet.of(OnDemand.S3, OnDemand.PRESIGNER),
                "GetFile", EnumSet.of(OnDemand.S3, OnDemand.PRESIGNER),
                "ShareLink", EnumSet.of(OnDemand.PRESIGNER),
                "ListFiles", EnumSet.noneOf(OnDemand.class),
                "Shares", EnumSet.noneOf(OnDemand.class),
                "DeleteFiles", EnumSet.noneOf(OnDemand.class),
                "Sweeper", EnumSet.of(OnDemand.S3));
        for (Workload w : workloads()) {
            Set<OnDemand> used;
            Set<OnDemand> atInit;
            try (Container serving = new Container(w.handler())) {
                atInit = serving.clients.built();
                w.events().forEach((event, status) -> {
                    if (status > 0)
                        assertThat(serving.status(event)).as(w.function()).isEqualTo(status);
                    else serving.invoke(event);
                });
                used = serving.clients.built();
            }
            Set<OnDemand> primed;
            try (Container primedOnly = new Container(w.handler())) {
                primedOnly.prime();
                primed = primedOnly.clients.built();
            }
            assertThat(primed).as(w.function() + ": primed vs used").isEqualTo(used);
            assertThat(atInit).as(w.function() + ": built at init vs used").isEqualTo(used);
            assertThat(used).as(w.function()).isEqualTo(expected.get(w.function()));
        }
    }

    /**
     * DeleteFiles' one S3 call, off its usual path and never primed: when the deleted blob's garbage
     * record fails, the recheck marker is written with S3's client built there and then, with the
     * container's settings (emulator endpoint, path style, credentials), so the blob still reaches
     * the sweeper.
     */
    @Test
    void deleteFilesBuildsS3ForARecheckMarkerWhenTheGarbageRecordFails() {
        FaultInjector faults = new FaultInjector();
        try (Container delete = new Container(DeleteFilesHandler::new, List.of(faults))) {
            delete.prime();
            assertThat(delete.clients.built()).isEmpty();
            long unrecorded = delete.app.garbage().unrecorded();
            faults.fail(BatchWriteItemRequest.class, FaultInjector.When.BEFORE_SENDING);
            JsonNode answer = delete.invoke(file("delete-many.json"));
            faults.clear();
            assertThat(answer.path("statusCode").asInt()).isEqualTo(200);
            assertThat(faults.injected()).as("the garbage record failed").isPositive();
            assertThat(delete.app.garbage().unrecorded()).isEqualTo(unrecorded + 1);
            assertThat(delete.app.garbage().orphaned())
                    .as("the marker was written")
                    .isZero();
            assertThat(delete.clients.built()).isEqualTo(EnumSet.of(OnDemand.S3));
            var markers = stack.clients()
                    .s3()
                    .listObjectsV2(b -> b.bucket(stack.config().bucket()).prefix("#recheck/"))
                    .contents();
            assertThat(markers).isNotEmpty();
        }
    }

    private static Map<String, Integer> sharesEvents() {
        String body = "{\"name\":\"notes/hello.txt\",\"ttl\":3600}";
        return Map.of(
                event("POST", D + "/shares", "", Map.of(), body), 201,
                event("GET", D + "/shares", "", Map.of(), null), 200,
                event("DELETE", D + "/shares/{share_id}", "", Map.of("share_id", "0".repeat(26)), null), 404);
    }

    /** A live share link's token, made through SharesFunction. */
    private static String createShare() {
        try (Container shares = new Container(SharesHandler::new)) {
            String body = "{\"name\":\"notes/hello.txt\",\"ttl\":3600}";
            JsonNode answer = shares.invoke(event("POST", D + "/shares", "", Map.of(), body));
            assertThat(answer.path("statusCode").asInt()).isEqualTo(201);
            String url = readTree(answer.path("body").asText()).path("url").asText();
            String path = URI.create(url).getPath();
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    private static String file(String name) {
        return RepoFiles.read("events/" + name).replace("dev_REPLACE_WITH_YOUR_KEY", apiKey);
    }

    /**
     * An event of a route events/ has no file for, shaped as list.json: {@code route} as template.yaml
     * has it, of drive dev/docs, with {@code parameters} besides the drive's.
     */
    private static String event(
            String method, String route, String query, Map<String, String> parameters, String body) {
        ObjectNode event = (ObjectNode) readTree(file("list.json"));
        String routeKey = method + " " + route;
        String path = route.replace("{project_id}", "dev").replace("{drive_name}", "docs");
        ObjectNode pathParameters = (ObjectNode) event.path("pathParameters");
        if (!route.startsWith(D)) pathParameters.removeAll();
        for (var p : parameters.entrySet()) {
            pathParameters.put(p.getKey(), p.getValue());
            path = path.replace("{" + p.getKey() + "}", p.getValue());
        }
        event.put("routeKey", routeKey).put("rawPath", path).put("rawQueryString", query);
        ObjectNode queryParameters = event.putObject("queryStringParameters");
        for (String pair : query.isEmpty() ? new String[0] : query.split("&")) {
            String[] kv = pair.split("=", 2);
            queryParameters.put(kv[0], kv[1]);
        }
        ObjectNode context = (ObjectNode) event.path("requestContext");
        context.put("routeKey", routeKey);
        ((ObjectNode) context.path("http")).put("method", method).put("path", path);
        if (body != null) {
            event.put("body", body);
            ((ObjectNode) event.path("headers")).put("content-type", "application/json");
        }
        return event.toString();
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

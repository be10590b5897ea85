package dev.cloudfiles.local.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.http.Json;
import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.local.testing.MutableClock;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.FileName;
import dev.cloudfiles.store.files.FileStore;
import dev.cloudfiles.store.index.ListQuery;
import dev.cloudfiles.store.index.Precondition;
import dev.cloudfiles.store.moves.MovedNames;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A blob's moved-names item stays bounded however often the blob is moved or copied: names that no
 * longer point at it are pruned, and copies that all still do are refused past
 * {@link MovedNames#MAX_NAMES} with a clear 409 — never DynamoDB's 400 KB item limit and a 500.
 */
class MovedNamesBoundTest {
    static final MutableClock clock = new MutableClock();

    @RegisterExtension
    static final LocalStackExtension stack =
            LocalStackExtension.builder().clock(clock).build();

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Names near the 1,024-byte limit: unbounded, the item would pass 400 KB within ~400 moves. */
    private static final String LONG = "x".repeat(990) + "/";

    private final Blobs blobs = new Blobs(stack);

    private static FileName name(String prefix, int i) {
        return FileName.of(LONG + prefix + i);
    }

    @Test
    void aFileMovedAThousandTimesAndCopiedAlongTheWayKeepsItsItemBoundedAndLosesNothing() throws Exception {
        FileStore files = stack.app().files();
        Drive drive = Drive.of("bound", "renames");
        byte[] content = "renamed again and again".getBytes(StandardCharsets.UTF_8);
        files.put(drive, name("n", 0), content, "text/plain", Precondition.NONE);
        String blob = blobs.current(drive.partitionKey(), name("n", 0).value());
        int moves = 1_000;
        int mostNames = 0;
        List<FileName> copies = new ArrayList<>();
        for (int i = 1; i <= moves; i++) {
            assertThat(files.move(drive, name("n", i - 1), name("n", i), Precondition.NONE))
                    .as("move %d", i)
                    .isPresent();
            if (i % 4 == 0) {
                // a copy under a new name, and the one before last deleted: stale names of copies too
                copies.add(name("c", i));
                assertThat(files.copy(drive, name("n", i), copies.get(copies.size() - 1), Precondition.NONE))
                        .isPresent();
                if (copies.size() > 2) {
                    assertThat(files.deleteAll(drive, List.of(copies.remove(0)))
                                    .get(0)
                                    .failure())
                            .isEmpty();
                }
            }
            if (i % 50 == 0)
                mostNames = Math.max(mostNames, blobs.movedNames(blob).size());
        }
        assertThat(mostNames).isBetween(MovedNames.MAX_NAMES / 2, MovedNames.MAX_NAMES + 9);
        assertThat(blobs.movedNames(blob))
                .as("every name the blob has now is on its item")
                .contains(name("n", moves).value())
                .containsAll(copies.stream().map(FileName::value).toList());

        List<String> listed = new ArrayList<>();
        files.list(drive, new ListQuery("", Optional.empty(), 1000, true))
                .entries()
                .forEach(e -> listed.add(e.name()));
        List<String> expected =
                new ArrayList<>(copies.stream().map(FileName::value).toList());
        expected.add(name("n", moves).value());
        assertThat(listed).containsExactlyInAnyOrderElementsOf(expected);
        blobs.settle(clock);
        for (String n : expected) assertThat(blobs.read(drive, n)).as(n).isEqualTo(content);
        blobs.assertNoDanglingEntries(drive.partitionKey());
        blobs.assertNoOrphans();
    }

    @Test
    void copiesThatAllStillShareTheBlobAreRefusedPastTheBoundWithA409() throws Exception {
        Drive drive = Drive.of("bound", "copies");
        String key = stack.createKey("bound", Set.of(), false).secret();
        assertThat(send(key, drive, "POST", "/files?name=orig", "shared bytes").statusCode())
                .isEqualTo(201);
        String blob = blobs.current(drive.partitionKey(), "orig");
        int copied = 0;
        HttpResponse<String> answer;
        while ((answer = copy(key, drive, "orig", "copy-" + copied)).statusCode() == 201) copied++;
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(409);
        assertThat(answer.body()).contains("\"code\":\"too_many_copies\"");
        assertThat(copied + 1)
                .as("the source and its copies")
                .isBetween(MovedNames.MAX_NAMES, MovedNames.MAX_NAMES + 1);
        assertThat(blobs.current(drive.partitionKey(), "copy-" + copied))
                .as("the refused copy left nothing")
                .isNull();
        assertThat(blobs.movedNames(blob)).hasSizeLessThanOrEqualTo(MovedNames.MAX_NAMES + 1);
        // A move adds no holder: it is never refused, however often it runs at the bound.
        for (int i = 0; i < 20; i++) {
            var moved = send(
                    key,
                    drive,
                    "POST",
                    "/files/move",
                    new String(
                            Json.write(Map.of("from", "copy-" + (i == 0 ? 1 : "m" + (i - 1)), "to", "copy-m" + i)),
                            StandardCharsets.UTF_8));
            assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        }
        assertThat(blobs.movedNames(blob)).hasSizeLessThanOrEqualTo(MovedNames.MAX_NAMES + 9);

        // One name less, and there is room again: the deleted name is pruned.
        assertThat(send(key, drive, "DELETE", "/files", "{\"names\":[\"copy-0\"]}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(copy(key, drive, "orig", "copy-" + copied).statusCode()).isEqualTo(201);
        assertThat(blobs.movedNames(blob)).doesNotContain("copy-0");

        blobs.settle(clock);
        assertThat(send(key, drive, "GET", "/files/download?name=copy-" + copied, null)
                        .body())
                .isEqualTo("shared bytes");
        blobs.assertNoDanglingEntries(drive.partitionKey());
        blobs.assertNoOrphans();
    }

    private static HttpResponse<String> copy(String key, Drive drive, String from, String to) throws Exception {
        return send(
                key,
                drive,
                "POST",
                "/files/copy",
                new String(Json.write(Map.of("from", from, "to", to)), StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> send(String key, Drive drive, String method, String path, String body)
            throws Exception {
        var request = HttpRequest.newBuilder(URI.create(
                        stack.gatewayUri() + "/v1/bound/" + drive.name().value() + path))
                .header("X-Api-Key", key)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

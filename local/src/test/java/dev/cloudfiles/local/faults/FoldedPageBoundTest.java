package dev.cloudfiles.local.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.store.index.ListPage;
import dev.cloudfiles.store.index.ListQuery;
import dev.cloudfiles.store.table.Items;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The work of one folded page is bounded whatever the drive's shape (issue 12): counted in
 * Queries and items read at the SDK boundary, and every directory is listed exactly once when
 * all pages are walked.
 */
class FoldedPageBoundTest {
    static final AtomicInteger queries = new AtomicInteger();
    static final AtomicInteger itemsRead = new AtomicInteger();
    static final ExecutionInterceptor counter = new ExecutionInterceptor() {
        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (context.response() instanceof QueryResponse q) {
                queries.incrementAndGet();
                itemsRead.addAndGet(q.count());
            }
        }
    };

    @RegisterExtension
    static final LocalStackExtension stack =
            LocalStackExtension.builder().interceptors(List.of(counter)).build();

    /** Index entries written directly (the listing reads only the index), 25 a request. */
    static void fill(Drive drive, List<String> names) {
        List<WriteRequest> batch = new ArrayList<>();
        for (String name : names) {
            Map<String, AttributeValue> item = new HashMap<>(Items.key(drive.partitionKey(), name));
            item.put("size", Items.n(1));
            item.put("content_type", Items.s("application/octet-stream"));
            item.put("etag", Items.s("\"e\""));
            item.put("last_modified", Items.n(1_700_000_000_000L));
            item.put("blob", Items.s(drive.partitionKey() + "/blob-" + name.hashCode()));
            item.put("version", Items.n(1));
            batch.add(WriteRequest.builder()
                    .putRequest(PutRequest.builder().item(item).build())
                    .build());
            if (batch.size() == 25) flush(batch);
        }
        if (!batch.isEmpty()) flush(batch);
    }

    private static void flush(List<WriteRequest> batch) {
        var response = stack.app()
                .clients()
                .dynamo()
                .batchWriteItem(b -> b.requestItems(Map.of(stack.app().config().table(), List.copyOf(batch))));
        assertThat(response.unprocessedItems()).isEmpty();
        batch.clear();
    }

    /** Walks every folded page; returns the names in order and checks each page's Query count. */
    static List<String> walk(Drive drive, int limit, List<Integer> queriesPerPage) {
        List<String> names = new ArrayList<>();
        Optional<String> after = Optional.empty();
        do {
            queries.set(0);
            ListPage page = stack.app().files().list(drive, new ListQuery("", after, limit, false));
            queriesPerPage.add(queries.get());
            page.entries().forEach(e -> names.add(e.name()));
            after = page.last();
        } while (after.isPresent());
        return names;
    }

    @Test
    void oneFileDirectoriesCostAboutAFlatPageAndAreEachListedOnce() {
        Drive drive = Drive.of("bound", "flatdirs");
        List<String> files = new ArrayList<>();
        List<String> dirs = new ArrayList<>();
        for (int d = 0; d < 1500; d++) {
            files.add("d%04d/only.txt".formatted(d));
            dirs.add("d%04d/".formatted(d));
        }
        fill(drive, files);

        queries.set(0);
        itemsRead.set(0);
        ListPage first = stack.app().files().list(drive, new ListQuery("", Optional.empty(), 1000, false));
        assertThat(first.entries()).hasSize(1000);
        assertThat(queries.get()).as("Queries for the first folded page").isLessThanOrEqualTo(8);
        assertThat(itemsRead.get())
                .as("items read for 1,000 one-file directories")
                .isLessThanOrEqualTo(2 * 1001);

        List<Integer> perPage = new ArrayList<>();
        assertThat(walk(drive, 1000, perPage)).containsExactlyElementsOf(dirs);
    }

    @Test
    void manyFileDirectoriesEndThePageEarlyWithPagingAndAreEachListedOnce() {
        Drive drive = Drive.of("bound", "deepdirs");
        List<String> files = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int d = 0; d < 100; d++) { // 100 directories of 6: more than 24 Queries

            for (int f = 0; f < 6; f++) files.add("d%03d/f%d".formatted(d, f));
            expected.add("d%03d/".formatted(d));
        }
        files.add("zz-top.txt");
        expected.add("zz-top.txt");
        fill(drive, files);

        List<Integer> perPage = new ArrayList<>();
        List<String> listed = walk(drive, 1000, perPage);

        assertThat(listed).containsExactlyElementsOf(expected);
        assertThat(perPage).as("Queries per page").allSatisfy(q -> assertThat(q).isLessThanOrEqualTo(24));
        assertThat(perPage.size()).as("pages: the bound ends pages early").isGreaterThan(1);
    }
}

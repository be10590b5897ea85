package dev.cloudfiles.local.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.local.LocalStackExtension;
import dev.cloudfiles.names.Drive;
import dev.cloudfiles.names.FileName;
import dev.cloudfiles.store.index.ListPage;
import dev.cloudfiles.store.index.ListQuery;
import dev.cloudfiles.store.index.Precondition;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Folding skips sub-trees instead of reading them: counted in items DynamoDB returns, the unit it
 * bills, through an interceptor at the SDK boundary.
 */
class FoldingCostTest {
    static final AtomicInteger itemsRead = new AtomicInteger();
    static final ExecutionInterceptor counter = new ExecutionInterceptor() {
        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (context.response() instanceof QueryResponse q) itemsRead.addAndGet(q.count());
        }
    };

    @RegisterExtension
    static final LocalStackExtension stack =
            LocalStackExtension.builder().interceptors(List.of(counter)).build();

    static final Drive drive = Drive.of("fold", "tree");
    static final int DIRS = 20;
    static final int FILES_PER_DIR = 30;

    @BeforeAll
    static void fill() {
        for (int d = 0; d < DIRS; d++) {
            for (int f = 0; f < FILES_PER_DIR; f++) {
                stack.app()
                        .files()
                        .put(
                                drive,
                                FileName.of("dir%02d/file%02d".formatted(d, f)),
                                new byte[] {1},
                                "application/octet-stream",
                                Precondition.NONE);
            }
        }
        stack.app().files().put(drive, FileName.of("top.txt"), new byte[] {1}, "text/plain", Precondition.NONE);
    }

    @Test
    void aFoldedListingReadsAFewItemsPerDirectoryNotTheWholeTree() {
        itemsRead.set(0);
        ListPage page = stack.app().files().list(drive, new ListQuery("", Optional.empty(), 1000, false));
        assertThat(page.entries()).hasSize(DIRS + 1);
        assertThat(page.entries().get(0).name()).isEqualTo("dir00/");
        assertThat(page.entries().get(DIRS).name()).isEqualTo("top.txt");
        assertThat(itemsRead.get())
                .as("items read for %d folded directories", DIRS)
                .isLessThanOrEqualTo((DIRS + 1) * 4)
                .isLessThan(DIRS * FILES_PER_DIR / 4);
    }

    @Test
    void aFlatListingStillReadsInLargePages() {
        itemsRead.set(0);
        ListPage page = stack.app().files().list(drive, new ListQuery("dir03/", Optional.empty(), 1000, true));
        assertThat(page.entries()).hasSize(FILES_PER_DIR);
        assertThat(itemsRead.get()).isEqualTo(FILES_PER_DIR);
    }
}

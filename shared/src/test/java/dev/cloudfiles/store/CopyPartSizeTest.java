package dev.cloudfiles.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The part size of a copy over 5 GiB: within S3's rules (≤ 10,000 parts, each ≤ 5 GiB) for any file up to 5 TiB. */
class CopyPartSizeTest {
    private static final long MIB = 1024 * 1024;
    private static final long GIB = 1024 * MIB;

    @Test
    void partsStayWithinS3sRulesUpToFiveTebibytes() {
        for (long size : new long[] {5 * GIB + 1, 100 * GIB, 4_883 * GIB, 5 * 1024 * GIB}) {
            long part = BlobStore.partSizeForCopy(size);
            assertThat(part).as("%d", size).isBetween(512 * MIB, BlobStore.MAX_SINGLE_COPY);
            assertThat((size + part - 1) / part).as("parts of %d", size).isLessThanOrEqualTo(10_000);
        }
        assertThat(BlobStore.partSizeForCopy(6 * GIB)).isEqualTo(512 * MIB); // 12 parts
    }
}

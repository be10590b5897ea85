package dev.cloudfiles.store.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudfiles.store.StoreException;
import dev.cloudfiles.store.UploadException;
import dev.cloudfiles.store.blobs.Multipart;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules a commit checks S3's parts against, without S3. */
class PartLayoutTest {
    private static final long MIB = 1024 * 1024;

    private static UploadSession session(long partSize, Optional<Long> size) {
        Instant t = Instant.EPOCH;
        return new UploadSession("u", "p/d", "f", "b", "s3", Optional.empty(), t, t, partSize, size, false);
    }

    private static Multipart.Part part(int number, long size) {
        return new Multipart.Part(number, size, "e" + number);
    }

    private static void refused(UploadSession session, List<Multipart.Part> parts, String saying) {
        assertThatThrownBy(() -> PartLayout.check(session, parts))
                .isInstanceOfSatisfying(UploadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(UploadException.Kind.INCOMPLETE);
                    assertThat(e.code()).isEqualTo(StoreException.Code.UPLOAD_INCOMPLETE);
                })
                .hasMessageContaining(saying);
    }

    @Test
    void noPartsIsAnEmptyFileUnlessASizeWasDeclared() {
        assertThat(PartLayout.check(session(0, Optional.empty()), List.of())).isZero();
        assertThat(PartLayout.check(session(0, Optional.of(0L)), List.of())).isZero();
        refused(session(0, Optional.of(5L)), List.of(), "nothing has been uploaded yet");
    }

    @Test
    void partsRunFromOneWithoutGaps() {
        refused(session(0, Optional.empty()), List.of(part(1, 5 * MIB), part(3, 1)), "part 2 is missing");
    }

    @Test
    void everyPartButTheLastIsAtLeastFiveMiB() {
        assertThat(PartLayout.check(session(0, Optional.empty()), List.of(part(1, 5 * MIB), part(2, 1))))
                .isEqualTo(5 * MIB + 1);
        refused(session(0, Optional.empty()), List.of(part(1, 5 * MIB - 1), part(2, 1)), "at least 5 MiB");
    }

    @Test
    void aDeclaredSizeIsTheTotal() {
        refused(session(0, Optional.of(10L)), List.of(part(1, 9)), "add up to 9 bytes");
    }

    @Test
    void aPresignedUploadHasExactlyThePartsHandedOut() {
        UploadSession presigned = session(8 * MIB, Optional.of(17 * MIB));
        assertThat(PartLayout.partCount(17 * MIB, 8 * MIB)).isEqualTo(3);
        assertThat(PartLayout.check(presigned, List.of(part(1, 8 * MIB), part(2, 8 * MIB), part(3, MIB))))
                .isEqualTo(17 * MIB);
        refused(presigned, List.of(part(1, 8 * MIB), part(2, 8 * MIB)), "part 3 is missing");
        refused(
                presigned,
                List.of(part(1, 8 * MIB), part(2, 8 * MIB), part(3, MIB), part(4, 1)),
                "part 4 was never handed out");
        refused(presigned, List.of(part(1, 8 * MIB), part(2, 8 * MIB - 1), part(3, MIB + 1)), "part 2 is");
    }
}

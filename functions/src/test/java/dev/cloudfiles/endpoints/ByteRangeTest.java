package dev.cloudfiles.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ByteRangeTest {

    private static Optional<ByteRange> parse(String header, long size) throws ByteRange.Unsatisfiable {
        return ByteRange.parse(Optional.of(header), size);
    }

    @Test
    void forms() throws Exception {
        assertThat(parse("bytes=0-9", 100)).contains(new ByteRange(0, 9));
        assertThat(parse("bytes=90-", 100)).contains(new ByteRange(90, 99));
        assertThat(parse("bytes=-10", 100)).contains(new ByteRange(90, 99));
        assertThat(parse("bytes=-500", 100)).contains(new ByteRange(0, 99));
        assertThat(parse("bytes=50-500", 100)).contains(new ByteRange(50, 99));
        assertThat(parse("bytes=0-9", 100).get().contentRange(100)).isEqualTo("bytes 0-9/100");
    }

    @Test
    void malformedOrMultipleRangesAreIgnored() throws Exception {
        assertThat(parse("bytes=0-1,5-6", 100)).isEmpty();
        assertThat(parse("items=0-1", 100)).isEmpty();
        assertThat(parse("bytes=9-1", 100)).isEmpty();
        assertThat(parse("bytes=-", 100)).isEmpty();
        assertThat(ByteRange.parse(Optional.empty(), 100)).isEmpty();
    }

    @Test
    void outsideTheFileIsUnsatisfiable() {
        assertThatThrownBy(() -> parse("bytes=100-", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThatThrownBy(() -> parse("bytes=-0", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThatThrownBy(() -> parse("bytes=0-0", 0)).isInstanceOf(ByteRange.Unsatisfiable.class);
    }
}

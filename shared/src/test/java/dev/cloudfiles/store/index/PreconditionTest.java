package dev.cloudfiles.store.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PreconditionTest {
    @Test
    void ifMatchAdmitsItsETagOrAnyForStar() {
        assertThat(new Precondition.IfMatch("\"a\"").admits("\"a\"")).isTrue();
        assertThat(new Precondition.IfMatch("\"a\"").admits("\"b\"")).isFalse();
        assertThat(new Precondition.IfMatch("*").admits("\"b\"")).isTrue();
    }
}

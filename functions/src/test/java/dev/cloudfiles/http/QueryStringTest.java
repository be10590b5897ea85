package dev.cloudfiles.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QueryStringTest {

    @Test
    void plusIsSpaceAndEscapesDecode() {
        QueryString q = QueryString.parse("name=a+b%2Bc%20d%2Fe%3F%23%25&x=1");
        assertThat(q.get("name")).contains("a b+c d/e?#%");
        assertThat(q.get("x")).contains("1");
    }

    @Test
    void decodesUtf8() {
        assertThat(QueryString.parse("name=%C3%BC%F0%9F%98%80").get("name")).contains("ü😀");
    }

    @Test
    void keepsAStrayPercentAsItIs() {
        assertThat(QueryString.parse("prefix=100%").get("prefix")).contains("100%");
        assertThat(QueryString.parse("prefix=%zz").get("prefix")).contains("%zz");
        assertThat(QueryString.parse("prefix=%4").get("prefix")).contains("%4");
    }

    @Test
    void emptyValueIsNoValue() {
        QueryString q = QueryString.parse("last=&limit=5&flag");
        assertThat(q.get("last")).isEmpty();
        assertThat(q.get("flag")).isEmpty();
        assertThat(q.get("absent")).isEmpty();
        assertThat(q.integer("limit", 1, 1000)).contains(5);
    }

    @Test
    void rawUnencodedValuesFromDetaSdks() {
        assertThat(QueryString.parse("prefix=notes/sep&last=notes/a b").get("last"))
                .contains("notes/a b");
    }

    @Test
    void repeatedParameterIsRejected() {
        assertThatThrownBy(() -> QueryString.parse("name=a&name=b"))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("more than once");
    }

    @Test
    void invalidUtf8IsRejected() {
        for (String bad : new String[] {"name=%FF", "name=%C0%AF", "name=%ED%A0%80", "name=%E2%82"}) {
            assertThatThrownBy(() -> QueryString.parse(bad))
                    .as(bad)
                    .isInstanceOf(ApiException.class)
                    .hasMessageContaining("UTF-8");
        }
    }

    @Test
    void integersAndFlagsAreChecked() {
        assertThatThrownBy(() -> QueryString.parse("limit=0").integer("limit", 1, 1000))
                .hasMessageContaining("1 to 1000");
        assertThatThrownBy(() -> QueryString.parse("limit=1001").integer("limit", 1, 1000))
                .isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> QueryString.parse("limit=ten").integer("limit", 1, 1000))
                .isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> QueryString.parse("limit=99999999999").integer("limit", 1, 1000))
                .isInstanceOf(ApiException.class);
        assertThat(QueryString.parse("recursive=false").flag("recursive", true)).isFalse();
        assertThat(QueryString.parse("recursive=TRUE").flag("recursive", false)).isTrue();
        assertThatThrownBy(() -> QueryString.parse("recursive=maybe").flag("recursive", true))
                .isInstanceOf(ApiException.class);
    }

    @Test
    void requireNamesTheMissingParameter() {
        assertThatThrownBy(() -> QueryString.parse("").require("name"))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("'name' is required");
    }
}

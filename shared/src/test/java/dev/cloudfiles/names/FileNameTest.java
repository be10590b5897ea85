package dev.cloudfiles.names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileNameTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a",
                "notes/hello.txt",
                "with space",
                "plus+sign",
                "100%",
                "what?",
                "#hash",
                "ünïcödé/日本語.txt",
                "emoji 😀.png",
                ".hidden",
                "a/.b/c",
                "...",
                "a..b",
                " leading space",
                "trailing space "
            })
    void acceptsOddButLegalNames(String name) {
        assertThat(FileName.of(name).value()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "\t",
                "/a",
                "a/",
                "a//b",
                ".",
                "..",
                "a/./b",
                "a/../b",
                "../a",
                "a/..",
                "a\u0000b",
                "a\nb",
                "a\u001fb",
                "a\u007fb",
                "\ud800",
                "a\udc00b",
                "x\ud83d"
            })
    void rejectsEveryInvalidRule(String name) {
        assertThatThrownBy(() -> FileName.of(name)).isInstanceOf(InvalidNameException.class);
    }

    @Test
    void nullIsMissing() {
        assertThat(FileName.problem(null)).isEqualTo("name is missing");
    }

    @Test
    void lengthIsCountedInUtf8Bytes() {
        assertThat(FileName.isValid("a".repeat(1024))).isTrue();
        assertThat(FileName.isValid("a".repeat(1025))).isFalse();
        // é is two bytes: 512 of them are exactly 1,024 bytes, one more is over.
        assertThat(FileName.isValid("é".repeat(512))).isTrue();
        assertThat(FileName.isValid("é".repeat(512) + "a")).isFalse();
        // 😀 is four bytes (two UTF-16 units): 256 fit.
        assertThat(FileName.isValid("😀".repeat(256))).isTrue();
        assertThat(FileName.isValid("😀".repeat(256) + "a")).isFalse();
        assertThat(FileName.of("é😀").byteLength()).isEqualTo(6);
    }

    @Test
    void messagesSayWhichRuleBroke() {
        assertThat(FileName.problem("a//b")).contains("//");
        assertThat(FileName.problem("a/")).contains("end");
        assertThat(FileName.problem("a\nb")).contains("control");
        assertThat(FileName.problem("\ud800")).contains("UTF-8");
    }

    @Test
    void baseNameIsTheLastSegment() {
        assertThat(FileName.of("a/b/c.txt").baseName()).isEqualTo("c.txt");
        assertThat(FileName.of("c.txt").baseName()).isEqualTo("c.txt");
    }

    @Test
    void ordersByUtf8Bytes() {
        // U+FF61 sorts before U+1F600 in bytes (EF.. < F0..), after it in UTF-16 units.
        String halfwidth = "\uff61";
        String emoji = "😀";
        assertThat(halfwidth.compareTo(emoji)).isPositive();
        assertThat(FileName.of(halfwidth).compareTo(FileName.of(emoji))).isNegative();
        assertThat(Utf8.compare("a", "ab")).isNegative();
        assertThat(Utf8.compare("ab", "ab")).isZero();
    }

    @Test
    void driveAndProjectNames() {
        assertThat(DriveName.isValid("my_drive-1")).isTrue();
        assertThat(DriveName.isValid("a".repeat(64))).isTrue();
        assertThat(DriveName.isValid("a".repeat(65))).isFalse();
        assertThat(DriveName.isValid("bad/drive")).isFalse();
        assertThat(DriveName.isValid("")).isFalse();
        assertThat(ProjectId.isValid("dev")).isTrue();
        assertThat(ProjectId.isValid("has_underscore")).isFalse();
        assertThatThrownBy(() -> new DriveName("a b")).isInstanceOf(InvalidNameException.class);
        assertThat(Drive.of("p1", "d").partitionKey()).isEqualTo("p1/d");
    }
}

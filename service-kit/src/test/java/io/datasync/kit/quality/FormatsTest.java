package io.datasync.kit.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FormatsTest {

    private static final List<String> EMAILS = List.of(
            "a@b.co",
            "first.last+tag@sub.example.org",
            "o'brien@example.ie",
            "x_y%z-1@a-b.example.com",
            "UPPER@EXAMPLE.COM",
            "",
            "@example.com",
            "a@",
            "a@b",
            "a@b.c",
            "a@b.c1",
            "a@@b.com",
            "a b@c.com",
            ".a@b.com",
            "a.@b.com",
            "a..b@c.com",
            "a@-b.com",
            "a@b-.com",
            "a@b..com",
            "a@.b.com",
            "a@b.com.",
            "a@b_c.com",
            "ä@b.com",
            "a@b.com\n",
            "a@b.c" + "o".repeat(62),
            "a@b.c" + "o".repeat(63),
            "a@1.2.3.4");

    private static final List<String> PHONES = List.of(
            "+8613812345678",
            "138 1234 5678",
            "(030) 123-4567",
            "+1 (555) 010-9999",
            "1234567",
            "123456",
            "+123456789012345",
            "+1234567890123456",
            "12345678901234567890",
            "123456789012345678901",
            "+",
            "",
            "++1234567",
            "1234567a",
            "+1-2-3-4-5-6-7",
            "-------7654321");

    private static final List<String> UUIDS = List.of(
            "123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-426614174000",
            "123e4567e89b12d3a456426614174000", "123e4567-e89b-12d3-a456-42661417400g",
            "123e4567-e89b-12d3-a456-4266141740000", " 23e4567-e89b-12d3-a456-426614174000");

    @Test
    void theEmailScannerAcceptsExactlyWhatTheRegexMatches() {
        Pattern regex = Pattern.compile(Formats.EMAIL_REGEX);
        for (String email : EMAILS) {
            assertThat(Formats.isEmail(email))
                    .as(email)
                    .isEqualTo(regex.matcher(email).matches());
        }
        assertThat(EMAILS.stream().filter(Formats::isEmail)).hasSize(6);
    }

    @Test
    void thePhoneScannerAcceptsExactlyWhatTheRegexAndDigitCountAllow() {
        Pattern regex = Pattern.compile(Formats.PHONE_REGEX);
        for (String phone : PHONES) {
            long digits = phone.chars().filter(Character::isDigit).count();
            boolean expected = regex.matcher(phone).matches() && digits >= 7 && digits <= 15;
            assertThat(Formats.isPhone(phone)).as(phone).isEqualTo(expected);
        }
    }

    @Test
    void theUuidScannerAcceptsExactlyWhatTheRegexMatches() {
        Pattern regex = Pattern.compile(Formats.UUID_REGEX);
        for (String uuid : UUIDS) {
            assertThat(Formats.isUuid(uuid))
                    .as(uuid)
                    .isEqualTo(regex.matcher(uuid).matches());
        }
    }

    @Test
    void urlsAreAbsoluteHttpWithAHost() {
        assertThat(Formats.isUrl("https://example.com")).isTrue();
        assertThat(Formats.isUrl("HTTP://example.com:8080/a/b?c=d#e")).isTrue();
        assertThat(Formats.isUrl("https://[::1]/x")).isTrue();
        assertThat(Formats.isUrl("mailto:a@b.com")).isFalse();
        assertThat(Formats.isUrl("https:///path")).isFalse();
        assertThat(Formats.isUrl("https://exa mple.com")).isFalse();
        assertThat(Formats.isUrl("example.com")).isFalse();
    }

    @Test
    void regularExpressionsAreBoundedBeforeTheyAreCompiled() {
        assertThat(Formats.regex("(a{100}){10}").matches("a".repeat(1000))).isTrue();
        assertThatThrownBy(() -> Formats.regex("(a{100}){11}")).hasMessageContaining("repeats too much");
        assertThatThrownBy(() -> Formats.regex("a".repeat(1001))).hasMessageContaining("at most 1000");
        assertThatThrownBy(() -> Formats.regex("(a|b")).hasMessageContaining("not a regular expression");
    }

    @Test
    void datePatternsAreStrict() {
        assertThat(Formats.datePattern("yyyy-MM-dd").parse("2024-02-29")).isNotNull();
        assertThatThrownBy(() -> Formats.datePattern("yyyy-MM-dd").parse("2023-02-29"))
                .isInstanceOf(java.time.format.DateTimeParseException.class);
        assertThat(Formats.datePattern("'year' yyyy").parse("year 2024")).isNotNull();
    }
}

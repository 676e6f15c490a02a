package io.datasync.sync.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written readers of common timestamps and UUIDs agree with the general ones they short-cut. */
class ConversionsFastPathTest {

    /** What {@code parseTimestamp} gave before the fast path, for a text in the fast path's shape. */
    private static OffsetDateTime general(String text) {
        String iso = text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
        if (iso.endsWith("Z") || iso.lastIndexOf('+') > 10 || iso.lastIndexOf('-') > 10) {
            return OffsetDateTime.parse(iso);
        }
        return LocalDateTime.parse(iso).atOffset(ZoneOffset.UTC);
    }

    @Test
    void commonTimestampsReadAsJavaTimeReadsThem() {
        for (String text : List.of(
                "2026-01-01T00:00:00Z",
                "2026-06-01T12:34:56",
                "2026-06-01 12:34:56",
                "2026-06-01T12:34:56.1Z",
                "2026-06-01T12:34:56.123456789+05:30",
                "2024-02-29T23:59:59.5-08:00",
                "1999-12-31T23:59:59-00:00",
                "0001-01-01T00:00:00+18:00",
                "2026-06-01 12:34:56.000120-03:00")) {
            assertThat(Conversions.parseCommonTimestamp(text)).as(text).isEqualTo(general(text));
            assertThat(Conversions.parseTimestamp(text)).as(text).isEqualTo(general(text));
        }
    }

    @Test
    void otherShapesAndOutOfRangeValuesAreLeftToTheGeneralParser() {
        for (String text : List.of(
                "2026-06-01",
                "2026-06-01T12:34",
                "2026-06-01T12:34:56.",
                "2026-06-01T12:34:56.1234567891Z",
                "2026-06-01t12:34:56z",
                "2026-06-01T12:34:56+0530",
                "2026-06-01T12:34:56+05",
                "2026-06-01T12:34:56+05:30:15",
                "2026-06-01T12:34:56+19:00",
                "2026-13-01T00:00:00Z",
                "2026-02-30T00:00:00Z",
                "2026-06-01T24:00:00Z",
                "2026-06-01T12:60:00Z",
                "+12026-06-01T12:34:56Z",
                "2026-O6-01T12:34:56Z")) {
            assertThat(Conversions.parseCommonTimestamp(text)).as(text).isNull();
        }
        // the general parser still answers them as before
        assertThat(Conversions.parseTimestamp("2026-06-01T12:34:56+0530"))
                .isEqualTo(OffsetDateTime.parse("2026-06-01T12:34:56+05:30"));
        assertThatThrownBy(() -> Conversions.parseTimestamp("2026-02-30T00:00:00Z"))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("not an ISO-8601 timestamp");
    }

    @Test
    void uuidCheckMatchesTheCanonicalPattern() {
        Pattern canonical =
                Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
        String random = UUID.randomUUID().toString();
        for (String text : List.of(
                random,
                random.toUpperCase(),
                "1679091c-5a88-3faf-afb5-e6087eb1b2dc",
                "1679091c5a883fafafb5e6087eb1b2dc",
                "1679091c-5a88-3faf-afb5-e6087eb1b2d",
                "1679091c-5a88-3faf-afb5-e6087eb1b2dcc",
                "1679091g-5a88-3faf-afb5-e6087eb1b2dc",
                "1679091c-5a88-3faf_afb5-e6087eb1b2dc",
                "{679091c-5a88-3faf-afb5-e6087eb1b2dc",
                "")) {
            assertThat(Conversions.isCanonicalUuid(text))
                    .as(text)
                    .isEqualTo(canonical.matcher(text).matches());
        }
    }
}

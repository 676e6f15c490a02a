package io.datasync.sync.transform.builtin;

import io.datasync.models.transform.TransformCatalog;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.types.Conversions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * {@code mask: {email: hash}}: hides values, one of {@link TransformCatalog#MASKS} per column.
 *
 * <ul>
 *   <li>{@code hash}: the lower-case hex SHA-256 of the value (its UTF-8 text form; bytes as they are). Unsalted, so
 *       equal values hash equally across jobs and runs and still join; the price is that a guessable value (a phone
 *       number) can be found by hashing candidates. The column becomes TEXT.
 *   <li>{@code partial}: keeps the first and last character with one {@code *} per hidden character ({@code "alice"}
 *       → {@code "a***e"}); for an email only the part before {@code @} is masked ({@code "a***e@example.com"}).
 *       Values of one or two characters are masked entirely. The column becomes TEXT.
 *   <li>{@code null}: the value becomes null and the column nullable.
 * </ul>
 */
final class MaskTransform extends ColumnValueTransform<String> {

    private static final HexFormat HEX = HexFormat.of();

    MaskTransform(Map<String, String> masks) {
        super("mask", masks);
        masks.forEach((column, mask) -> {
            if (!TransformCatalog.MASKS.contains(mask)) {
                throw new IllegalArgumentException("'" + mask + "' is not a mask");
            }
        });
    }

    @Override
    Column outputColumn(Column column, String mask) {
        return switch (mask) {
            case "null" -> new Column(column.name(), column.type(), true, column.precision(), column.scale());
            case "partial" -> column.type() == DataType.TEXT ? column : column.withType(DataType.TEXT, 0, 0);
            default -> column.withType(DataType.TEXT, 0, 0);
        };
    }

    @Override
    Object value(Object value, String mask) {
        return switch (mask) {
            case "hash" -> hash(value);
            case "partial" -> partial(Conversions.text(value));
            default -> null;
        };
    }

    static String hash(Object value) {
        byte[] bytes =
                value instanceof byte[] raw ? raw : Conversions.text(value).getBytes(StandardCharsets.UTF_8);
        try {
            // A new digest per value: MessageDigest is not thread-safe, and this is cheap next to the hashing.
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static String partial(String text) {
        int at = text.lastIndexOf('@');
        if (at > 0) {
            return stars(text.substring(0, at)) + text.substring(at);
        }
        return stars(text);
    }

    /** First and last code point kept, so a Chinese name or an emoji is never cut in half. */
    private static String stars(String text) {
        int length = text.codePointCount(0, text.length());
        if (length <= 2) {
            return "*".repeat(length);
        }
        int first = text.codePointAt(0);
        int last = text.codePointBefore(text.length());
        return new StringBuilder(length)
                .appendCodePoint(first)
                .append("*".repeat(length - 2))
                .appendCodePoint(last)
                .toString();
    }
}

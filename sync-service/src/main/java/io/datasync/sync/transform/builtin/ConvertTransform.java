package io.datasync.sync.transform.builtin;

import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.transform.spi.TransformException;
import io.datasync.sync.types.Conversions;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code convert: {note: {from: GBK, to: UTF-8}}}: repairs text a source decoded with the wrong character set.
 *
 * <p>The model: the source's bytes are in {@code from}; rows carry Java strings (UTF-16); the sink writes them in its
 * own encoding, which must be able to hold them, and {@code to} names it. So:
 *
 * <ul>
 *   <li>a BYTES value is decoded with {@code from};
 *   <li>a TEXT value is taken as mojibake, the {@code from} bytes read one byte per character as ISO-8859-1 (what a
 *       driver or file reader defaulting to Latin-1 does): its characters become bytes again through ISO-8859-1 and
 *       are decoded with {@code from}. Text with a character beyond U+00FF cannot be such mojibake (it was decoded
 *       correctly already, or with another charset) and is reported rather than corrupted further;
 *   <li>the result must be encodable in {@code to}, so the sink never writes {@code ?} in place of a character.
 * </ul>
 *
 * <p>Bytes that are not valid {@code from} are reported, never replaced with U+FFFD. The column becomes TEXT.
 */
final class ConvertTransform extends ColumnValueTransform<ConvertTransform.Charsets> {

    /** The two charsets of one column. */
    record Charsets(Charset from, Charset to) {
        Charsets {
            if (from == null || to == null) {
                throw new IllegalArgumentException("convert needs from and to");
            }
        }
    }

    ConvertTransform(Map<String, Charsets> conversions) {
        super("convert", conversions);
    }

    @Override
    Column outputColumn(Column column, Charsets charsets) {
        if (column.type() != DataType.TEXT && column.type() != DataType.BYTES) {
            throw new TransformException(
                    "convert works on TEXT and BYTES columns, but " + column.name() + " is " + column.type());
        }
        return column.type() == DataType.BYTES ? column.withType(DataType.TEXT, 0, 0) : column;
    }

    @Override
    Object value(Object value, Charsets charsets) {
        return convert(value, charsets);
    }

    static String convert(Object value, Charsets charsets) {
        byte[] bytes;
        if (value instanceof byte[] raw) {
            bytes = raw;
        } else if (value instanceof String text) {
            if (!StandardCharsets.ISO_8859_1.newEncoder().canEncode(text)) {
                throw new RowFailure(Conversions.show(text) + " has characters beyond ISO-8859-1, so it is not "
                        + charsets.from().name() + " text read as Latin-1 (already converted?)");
            }
            bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        } else {
            throw new RowFailure("convert needs text or bytes, not " + Conversions.show(value));
        }
        String decoded;
        try {
            decoded = charsets.from()
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new RowFailure("the value is not valid " + charsets.from().name() + " text");
        }
        if (!charsets.to().newEncoder().canEncode(CharBuffer.wrap(decoded))) {
            throw new RowFailure(Conversions.show(decoded) + " cannot be written as "
                    + charsets.to().name());
        }
        return decoded;
    }
}

package io.datasync.sync.transform.builtin;

import static io.datasync.sync.transform.builtin.Rows.chunk;
import static io.datasync.sync.transform.builtin.Rows.only;
import static io.datasync.sync.transform.builtin.Rows.onlyError;
import static io.datasync.sync.transform.builtin.Rows.row;
import static io.datasync.sync.transform.builtin.Rows.schema;
import static io.datasync.sync.transform.builtin.Rows.transform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.transform.spi.Transform;
import io.datasync.sync.transform.spi.TransformException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConvertTransformTest {

    private static final Charset GBK = Charset.forName("GBK");
    private static final Map<String, Object> GBK_TO_UTF8 = Map.of("note", Map.of("from", "GBK", "to", "UTF-8"));

    @Test
    void decodesGbkBytesToText() {
        Schema bytes = schema("id:BIGINT", "note:BYTES");
        Transform convert = transform("convert", GBK_TO_UTF8);

        assertThat(convert.outputSchema(bytes).column(1).type()).isEqualTo(DataType.TEXT);
        assertThat(only(convert.apply(chunk(bytes, row(1L, "中文".getBytes(GBK))))))
                .containsExactly(1L, "中文");
    }

    @Test
    void repairsGbkTextThatWasReadAsLatin1() {
        String mojibake = new String("中文".getBytes(GBK), StandardCharsets.ISO_8859_1);
        assertThat(mojibake).isNotEqualTo("中文");

        Object[] out = only(
                transform("convert", GBK_TO_UTF8).apply(chunk(schema("id:BIGINT", "note:TEXT"), row(1L, mojibake))));

        assertThat(out[1]).isEqualTo("中文");
        assertThat(((String) out[1]).getBytes(StandardCharsets.UTF_8)).isEqualTo("中文".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void textThatIsNotLatin1MojibakeIsReportedNotCorruptedFurther() {
        String reason = onlyError(
                transform("convert", GBK_TO_UTF8).apply(chunk(schema("id:BIGINT", "note:TEXT"), row(1L, "中文"))));
        assertThat(reason).contains("beyond ISO-8859-1").contains("already converted?");
    }

    @Test
    void bytesThatAreNotValidInTheSourceCharsetAreReported() {
        Transform convert = transform("convert", Map.of("note", Map.of("from", "UTF-8", "to", "UTF-8")));
        assertThat(onlyError(convert.apply(
                        chunk(schema("id:BIGINT", "note:BYTES"), row(1L, new byte[] {(byte) 0xC3})))))
                .contains("not valid UTF-8");
    }

    @Test
    void textTheTargetCharsetCannotHoldIsReportedInsteadOfWrittenAsQuestionMarks() {
        Transform convert = transform("convert", Map.of("note", Map.of("from", "GBK", "to", "ISO-8859-1")));
        assertThat(onlyError(convert.apply(chunk(schema("id:BIGINT", "note:BYTES"), row(1L, "中文".getBytes(GBK))))))
                .contains("cannot be written as ISO-8859-1");
    }

    @Test
    void onlyTextAndBytesColumnsConvert() {
        assertThatThrownBy(() -> transform("convert", GBK_TO_UTF8).outputSchema(schema("id:BIGINT", "note:INT")))
                .isInstanceOf(TransformException.class);
    }
}

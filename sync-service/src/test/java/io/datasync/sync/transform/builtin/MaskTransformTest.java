package io.datasync.sync.transform.builtin;

import static io.datasync.sync.transform.builtin.Rows.chunk;
import static io.datasync.sync.transform.builtin.Rows.only;
import static io.datasync.sync.transform.builtin.Rows.onlyError;
import static io.datasync.sync.transform.builtin.Rows.row;
import static io.datasync.sync.transform.builtin.Rows.schema;
import static io.datasync.sync.transform.builtin.Rows.transform;
import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.transform.spi.Transform;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaskTransformTest {

    @Test
    void hashIsTheHexSha256OfTheValue() {
        Schema schema = schema("id:BIGINT", "email:TEXT", "n:INT");
        Transform mask = transform("mask", Map.of("email", "hash", "n", "hash"));

        Object[] out = only(mask.apply(chunk(schema, row(1L, "abc", 42))));

        assertThat(out[1]).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(out[2]).isEqualTo(MaskTransform.hash("42"));
        assertThat(mask.outputSchema(schema).column(2).type()).isEqualTo(DataType.TEXT);
    }

    @Test
    void partialKeepsFirstAndLastCharacterAndTheEmailDomain() {
        assertThat(MaskTransform.partial("alice")).isEqualTo("a***e");
        assertThat(MaskTransform.partial("alice@example.com")).isEqualTo("a***e@example.com");
        assertThat(MaskTransform.partial("a@example.com")).isEqualTo("*@example.com");
        assertThat(MaskTransform.partial("张三丰")).isEqualTo("张*丰");
        assertThat(MaskTransform.partial("ab")).isEqualTo("**");
        assertThat(MaskTransform.partial("😀bc😀")).isEqualTo("😀**😀");
    }

    @Test
    void nullMaskEmptiesTheValueAndMakesTheColumnNullable() {
        Schema schema = new Schema(
                java.util.List.of(
                        io.datasync.sync.connector.spi.Column.of("id", DataType.BIGINT),
                        new io.datasync.sync.connector.spi.Column("phone", DataType.TEXT, false, 0, 0)),
                java.util.List.of("id"));
        Transform mask = transform("mask", Map.of("phone", "null"));

        assertThat(only(mask.apply(chunk(schema, row(1L, "13800000000"))))).containsExactly(1L, null);
        assertThat(mask.outputSchema(schema).column(1).nullable()).isTrue();
    }

    @Test
    void partialOfBytesThatAreNotUtf8IsARowError() {
        Schema schema = schema("id:BIGINT", "raw:BYTES");
        Transform mask = transform("mask", Map.of("raw", "partial"));

        Transform.Result result = mask.apply(chunk(schema, row(1L, new byte[] {(byte) 0xff, (byte) 0xfe})));

        assertThat(result.chunk().size()).isZero();
        assertThat(onlyError(result)).isEqualTo("the bytes are not UTF-8 text (use convert with the right charset)");
    }
}

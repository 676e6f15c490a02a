package io.datasync.sync.connector.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.sync.connector.push.PushBody.Format;
import io.datasync.sync.connector.push.PushBody.MalformedException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PushBodyTest {

    private static List<String> records(String body, Format format) {
        return PushBody.records(body.getBytes(StandardCharsets.UTF_8), format, 1000).stream()
                .map(b -> new String(b, StandardCharsets.UTF_8))
                .toList();
    }

    private static MalformedException malformed(String body, Format format) {
        return org.assertj.core.api.Assertions.catchThrowableOfType(
                MalformedException.class, () -> PushBody.records(body.getBytes(StandardCharsets.UTF_8), format, 3));
    }

    @Test
    void ndjsonKeepsEachObjectAsSentAndSkipsBlankLines() {
        assertThat(records("{\"id\":1}\r\n\n  {\"id\": 2, \"n\": {\"x\": [1]}}  \n", Format.NDJSON))
                .containsExactly("{\"id\":1}", "{\"id\": 2, \"n\": {\"x\": [1]}}");
        assertThat(records("", Format.NDJSON)).isEmpty();
    }

    @Test
    void ndjsonNamesTheLineOfTheFirstBadRecord() {
        MalformedException e = malformed("{\"id\":1}\n\n{\"id\":\n{\"id\":3}", Format.NDJSON);
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage()).startsWith("not valid JSON");

        assertThat(malformed("{\"id\":1}\n[1,2]", Format.NDJSON).getMessage())
                .isEqualTo("expected a JSON object, found an array");
        assertThat(malformed("{\"id\":1} {\"id\":2}", Format.NDJSON).getMessage())
                .contains("more than one JSON value");
        assertThat(malformed("42", Format.NDJSON).getMessage()).isEqualTo("expected a JSON object, found a number");
    }

    @Test
    void arrayRecordsAreSlicedWithoutReencoding() {
        assertThat(records("[ {\"id\":1} ,\n {\"id\" : \"ü\"} ]", Format.JSON_ARRAY))
                .containsExactly("{\"id\":1}", "{\"id\" : \"ü\"}");
        assertThat(records("[]", Format.JSON_ARRAY)).isEmpty();
    }

    @Test
    void arrayNamesTheLineOfTheFirstBadRecord() {
        MalformedException notObject = malformed("[\n{\"id\":1},\n\"x\"\n]", Format.JSON_ARRAY);
        assertThat(notObject.line()).isEqualTo(3);
        assertThat(notObject.getMessage()).isEqualTo("record 2 is a string, not a JSON object");

        MalformedException broken = malformed("[\n{\"id\":1},\n{\"id\" 2}\n]", Format.JSON_ARRAY);
        assertThat(broken.line()).isEqualTo(3);

        assertThat(malformed("{\"id\":1}", Format.JSON_ARRAY).getMessage())
                .isEqualTo("expected a JSON array of objects, found an object");
        assertThat(malformed("[{\"id\":1}", Format.JSON_ARRAY).getMessage()).startsWith("not valid JSON");
        assertThat(malformed("[{\"id\":1}] x", Format.JSON_ARRAY).getMessage()).startsWith("not valid JSON");
        assertThat(malformed("[{\"id\":1}] {}", Format.JSON_ARRAY).getMessage())
                .isEqualTo("found an object after the closing bracket of the array");
    }

    @Test
    void tooManyRecordsIsRefused() {
        assertThatThrownBy(() -> PushBody.records("{}\n{}\n{}\n{}".getBytes(StandardCharsets.UTF_8), Format.NDJSON, 3))
                .isInstanceOf(MalformedException.class)
                .hasMessage("more than 3 records in one request");
        assertThat(malformed("[{},{},{},{}]", Format.JSON_ARRAY).getMessage())
                .isEqualTo("more than 3 records in one request");
    }
}

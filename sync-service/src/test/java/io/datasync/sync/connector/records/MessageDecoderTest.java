package io.datasync.sync.connector.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.RejectedRecord;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.types.ColumnTypes;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MessageDecoderTest {

    /** id bigint (key), amount decimal(12,2), name text from "Full Name", city text from /address/city. */
    private static final RecordColumns ORDERS = columns(
            List.of("id", "amount", "name", "city"),
            List.of("bigint", "decimal(12,2)", "text", "text"),
            List.of("id", "amount", "Full Name", "/address/city"),
            List.of("id"));

    private static RecordColumns columns(
            List<String> names, List<String> types, List<String> fields, List<String> keys) {
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            columns.add(ColumnTypes.column(names.get(i), types.get(i)));
        }
        return new RecordColumns(new Schema(columns, keys), fields);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String reason(MessageDecoder decoder, String payload) {
        List<RejectedRecord> rejected = new ArrayList<>();
        Object[] row = decoder.decode(bytes(payload), () -> "orders/0@7", rejected::add);
        assertThat(row).isNull();
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).locator()).isEqualTo("orders/0@7");
        assertThat(rejected.get(0).raw()).isEqualTo(bytes(payload));
        return rejected.get(0).reason();
    }

    @Nested
    class Json {

        private final MessageDecoder decoder = new MessageDecoder(ORDERS, PayloadFormat.JSON, null, 0);

        @Test
        void readsAnObjectsPropertiesIntoTypedColumnsSkippingTheRest() {
            Object[] row = decoder.decode(bytes("{\"skip\": {\"deep\": [1, {\"x\": 2}]}, \"amount\": 12.345,"
                    + " \"id\": 7, \"Full Name\": \"Ann\", \"address\": {\"zip\": \"1\", \"city\": \"Oslo\"}}"));

            assertThat(row).containsExactly(7L, new BigDecimal("12.35"), "Ann", "Oslo");
        }

        @Test
        void anAbsentOrNullPropertyIsNull() {
            assertThat(decoder.decode(bytes("{\"id\": 1, \"amount\": null}"))).containsExactly(1L, null, null, null);
        }

        @Test
        void leavesTrailingSlotsForTheCallersColumns() {
            MessageDecoder withMeta = new MessageDecoder(ORDERS, PayloadFormat.JSON, null, 2);

            assertThat(withMeta.decode(bytes("{\"id\": 1}"))).hasSize(6).startsWith(1L);
        }

        @Test
        void twoColumnsMayReadOneProperty() {
            RecordColumns both = columns(
                    List.of("address", "city"),
                    List.of("json", "text"),
                    List.of("address", "/address/city"),
                    List.of());
            MessageDecoder twice = new MessageDecoder(both, PayloadFormat.JSON, null, 0);

            Object[] row = twice.decode(bytes("{\"address\": {\"city\": \"Oslo\"}}"));

            assertThat(row).containsExactly("{\"city\":\"Oslo\"}", "Oslo");
        }

        @Test
        void aNestedValueFillsAJsonColumnAndAnEpochNumberATimestamp() {
            RecordColumns typed = columns(
                    List.of("tags", "at", "ok"),
                    List.of("json", "timestamptz", "boolean"),
                    List.of("tags", "at", "ok"),
                    List.of());
            MessageDecoder json = new MessageDecoder(typed, PayloadFormat.JSON, null, 0);

            Object[] row = json.decode(bytes("{\"tags\": [\"a\", 1], \"at\": 0, \"ok\": true}"));

            assertThat(row)
                    .containsExactly("[\"a\",1]", OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), true);
        }

        @Test
        void aPayloadThatIsNotJsonIsRejectedWithItsBytes() {
            assertThat(reason(decoder, "{\"id\": 1,")).startsWith("payload is not valid JSON");
            assertThat(reason(decoder, "hello")).startsWith("payload is not valid JSON");
        }

        @Test
        void aPayloadThatIsNotAnObjectIsRejected() {
            assertThat(reason(decoder, "[{\"id\": 1}]")).isEqualTo("payload must be a JSON object, not an array");
            assertThat(reason(decoder, "42")).isEqualTo("payload must be a JSON object, not a number");
            assertThat(reason(decoder, "")).isEqualTo("payload is empty, not a JSON object");
        }

        @Test
        void twoObjectsInOneMessageAreRejected() {
            assertThat(reason(decoder, "{\"id\": 1} {\"id\": 2}")).isEqualTo("payload holds more than one JSON value");
        }

        @Test
        void aValueThatDoesNotFitItsColumnRejectsTheMessageNamingTheColumn() {
            assertThat(reason(decoder, "{\"id\": \"seven\"}"))
                    .startsWith("column id: cannot convert 'seven' to bigint");
            assertThat(reason(decoder, "{\"id\": 1, \"amount\": 12345678901.5}"))
                    .startsWith("column amount:");
        }

        @Test
        void aMissingKeyRejectsTheMessage() {
            assertThat(reason(decoder, "{\"amount\": 1}")).isEqualTo("key column id is empty");
        }

        @Test
        void invalidUtf8IsRejected() {
            List<RejectedRecord> rejected = new ArrayList<>();
            byte[] payload = {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

            assertThat(decoder.decode(payload, () -> "t/0@1", rejected::add)).isNull();

            assertThat(rejected.get(0).reason()).startsWith("payload is not valid JSON");
            assertThat(rejected.get(0).raw()).isEqualTo(payload);
        }

        @Test
        void aMessageWithoutPayloadIsRejected() {
            List<RejectedRecord> rejected = new ArrayList<>();

            assertThat(decoder.decode(null, () -> "t/0@1", rejected::add)).isNull();

            assertThat(rejected.get(0).reason()).contains("no payload");
            assertThat(rejected.get(0).raw()).isNull();
        }
    }

    @Nested
    class JsonSchema {

        private final MessageDecoder decoder = new MessageDecoder(ORDERS, PayloadFormat.JSON_SCHEMA, null, 0);

        @Test
        void readsThePayloadOfAConnectEnvelopeWhereverTheSchemaIs() {
            String schema = "{\"type\": \"struct\", \"fields\": [{\"field\": \"id\", \"type\": \"int64\"}]}";

            assertThat(decoder.decode(bytes("{\"schema\": " + schema + ", \"payload\": {\"id\": 3, \"amount\": 1}}")))
                    .containsExactly(3L, new BigDecimal("1.00"), null, null);
            assertThat(decoder.decode(bytes("{\"payload\": {\"id\": 4}, \"schema\": " + schema + "}")))
                    .startsWith(4L);
        }

        @Test
        void anObjectWithoutPayloadIsRejectedHintingAtTheFormat() {
            assertThat(reason(decoder, "{\"id\": 1}"))
                    .contains("without \"payload\"")
                    .contains("json?");
        }

        @Test
        void aNullOrScalarPayloadIsRejected() {
            assertThat(reason(decoder, "{\"schema\": null, \"payload\": null}"))
                    .isEqualTo("the envelope's payload must be a JSON object, not null");
            assertThat(reason(decoder, "{\"payload\": 5}"))
                    .isEqualTo("the envelope's payload must be a JSON object, not a number");
        }

        @Test
        void aPayloadThatIsNotAnObjectIsRejected() {
            assertThat(reason(decoder, "[1]")).startsWith("payload is not a Kafka Connect JSON envelope");
        }
    }

    @Nested
    class Csv {

        private static final RecordColumns BY_POSITION = columns(
                List.of("id", "amount", "name"),
                List.of("bigint", "decimal(12,2)", "text"),
                List.of("id", "amount", "name"),
                List.of("id"));

        @Test
        void readsFieldsByTheColumnsOrder() {
            MessageDecoder decoder = new MessageDecoder(BY_POSITION, PayloadFormat.CSV, null, 1);

            assertThat(decoder.decode(bytes("7,12.5,\"Ann, Jr.\"\n")))
                    .containsExactly(7L, new BigDecimal("12.50"), "Ann, Jr.", null);
        }

        @Test
        void aNumericFieldNamesAPosition() {
            RecordColumns numbered =
                    columns(List.of("name", "id"), List.of("text", "bigint"), List.of("3", "1"), List.of("id"));
            MessageDecoder decoder = new MessageDecoder(numbered, PayloadFormat.CSV, null, 0);

            assertThat(decoder.decode(bytes("7,x,Ann"))).containsExactly("Ann", 7L);
        }

        @Test
        void readsFieldsByNameWithAHeader() {
            RecordColumns named =
                    columns(List.of("id", "name"), List.of("bigint", "text"), List.of("ID", "Name"), List.of("id"));
            MessageDecoder.Csv csv = new MessageDecoder.Csv(';', '\'', (char) 0, "NULL", List.of("Name", "X", "ID"));
            MessageDecoder decoder = new MessageDecoder(named, PayloadFormat.CSV, csv, 0);

            assertThat(decoder.decode(bytes("'Ann;B';x;9"))).containsExactly(9L, "Ann;B");
            assertThat(decoder.decode(bytes("NULL;x;9"))).containsExactly(9L, null);
            assertThat(decoder.decode(bytes("'NULL';x;9"))).containsExactly(9L, "NULL");
            assertThat(reason(decoder, "Ann;9")).isEqualTo("payload has 2 fields where the header has 3");
        }

        @Test
        void aHeaderWithoutAColumnsFieldIsRefusedUpFront() {
            MessageDecoder.Csv csv = new MessageDecoder.Csv(',', '"', (char) 0, "", List.of("a", "b"));

            assertThatThrownBy(() -> new MessageDecoder(BY_POSITION, PayloadFormat.CSV, csv, 0))
                    .hasMessageContaining("'id' is not one of the CSV header's fields [a, b]");
        }

        @Test
        void tooFewFieldsAreRejected() {
            MessageDecoder decoder = new MessageDecoder(BY_POSITION, PayloadFormat.CSV, null, 0);

            assertThat(reason(decoder, "7,1")).isEqualTo("payload has 2 fields where the columns need 3");
        }

        @Test
        void aMalformedLineIsRejected() {
            MessageDecoder decoder = new MessageDecoder(BY_POSITION, PayloadFormat.CSV, null, 0);

            assertThat(reason(decoder, "7,1,\"Ann")).startsWith("payload is not a valid CSV line: a quote opened");
            assertThat(reason(decoder, "7,1,a\n8,2,b")).isEqualTo("payload holds more than one CSV line");
            assertThat(reason(decoder, "")).isEqualTo("payload is empty, not a CSV line");
        }

        @Test
        void aValueThatDoesNotFitOrBytesThatAreNotUtf8AreRejected() {
            MessageDecoder decoder = new MessageDecoder(BY_POSITION, PayloadFormat.CSV, null, 0);
            List<RejectedRecord> rejected = new ArrayList<>();

            decoder.decode(new byte[] {'1', ',', '2', ',', (byte) 0xFF}, () -> "t/1@2", rejected::add);

            assertThat(rejected.get(0).reason()).isEqualTo("payload holds bytes that are not valid UTF-8");
            assertThat(reason(decoder, "x,1,a")).startsWith("column id: cannot convert 'x' to bigint");
            assertThat(reason(decoder, ",1,a")).isEqualTo("key column id is empty");
        }
    }

    @Test
    void formatsAreNamedAsInOptions() {
        assertThat(PayloadFormat.of("json-schema")).isEqualTo(PayloadFormat.JSON_SCHEMA);
        assertThatThrownBy(() -> PayloadFormat.of("avro")).hasMessageContaining("[json, json-schema, csv]");
    }
}

package io.datasync.sync.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.models.problem.FieldError;
import io.datasync.sync.connector.records.PayloadFormat;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.InvalidOptionsException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaSourceOptionsTest {

    private static final List<Object> COLUMNS =
            List.of(Map.of("name", "id", "type", "bigint"), Map.of("name", "name", "field", "Full Name"));

    private static Map<String, Object> options(Object... pairs) {
        Map<String, Object> options = new HashMap<>();
        options.put("topics", List.of("orders"));
        options.put("columns", COLUMNS);
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                options.remove((String) pairs[i]);
            } else {
                options.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return options;
    }

    private static List<String> problems(Map<String, Object> raw) {
        try {
            KafkaSourceOptions.parse(raw);
        } catch (InvalidOptionsException e) {
            return e.errors().stream()
                    .map(f -> f.pointer() + ": " + f.message())
                    .toList();
        }
        return List.of();
    }

    @Test
    void defaultsReadJsonFromTheEarliestRecordInTheJobsGroup() {
        KafkaSourceOptions options = KafkaSourceOptions.parse(options());

        assertThat(options.topics()).containsExactly("orders");
        assertThat(options.topicPattern()).isNull();
        assertThat(options.groupId("job-1")).isEqualTo("datasync-job-1");
        assertThat(options.fromEarliest()).isTrue();
        assertThat(options.format()).isEqualTo(PayloadFormat.JSON);
        assertThat(options.schema().columns())
                .containsExactly(Column.of("id", DataType.BIGINT), Column.of("name", DataType.TEXT));
    }

    @Test
    void metadataColumnsFollowTheDeclaredOnesAndMayBeKeys() {
        KafkaSourceOptions options = KafkaSourceOptions.parse(options(
                "metaColumns",
                List.of("_partition", "_offset", "_key", "_headers", "_timestamp"),
                "key",
                List.of("_partition", "_offset"),
                "groupId",
                "shared",
                "startFrom",
                "latest"));

        assertThat(options.schema().names())
                .containsExactly("id", "name", "_partition", "_offset", "_key", "_headers", "_timestamp");
        assertThat(options.schema().keys()).containsExactly("_partition", "_offset");
        assertThat(options.schema().column(6).type()).isEqualTo(DataType.TIMESTAMPTZ);
        assertThat(options.columns().schema().keys()).isEmpty();
        assertThat(options.groupId("job-1")).isEqualTo("shared");
        assertThat(options.fromEarliest()).isFalse();
    }

    @Test
    void topicsOrATopicPatternIsRequiredNotBoth() {
        assertThat(problems(options("topics", null)))
                .containsExactly("/source/options/topics: is required: name the topics to read, or give topicPattern");
        assertThat(problems(options("topicPattern", "orders\\..*")))
                .containsExactly("/source/options/topicPattern: give either topics or topicPattern, not both");
        assertThat(KafkaSourceOptions.parse(options("topics", null, "topicPattern", "orders\\..*"))
                        .topicPattern()
                        .pattern())
                .isEqualTo("orders\\..*");
    }

    @Test
    void badTopicsAndPatternsAreNamed() {
        assertThat(problems(options("topics", List.of("ok", "no/slash"))))
                .singleElement()
                .asString()
                .startsWith("/source/options/topics/1: 'no/slash' is not a topic name");
        assertThat(problems(options("topics", List.of())))
                .containsExactly("/source/options/topics: must list at least one entry");
        assertThat(problems(options("topics", null, "topicPattern", "orders(")))
                .singleElement()
                .asString()
                .startsWith("/source/options/topicPattern: is not a regular expression");
    }

    @Test
    void columnsAreRequired() {
        assertThat(problems(options("columns", null)))
                .singleElement()
                .asString()
                .startsWith("/source/options/columns: is required for a kafka source");
    }

    @Test
    void unknownChoicesAndMetaColumnsAreRefused() {
        assertThat(problems(options("startFrom", "middle")))
                .singleElement()
                .asString()
                .startsWith("/source/options/startFrom:");
        assertThat(problems(options("format", "avro")))
                .singleElement()
                .asString()
                .startsWith("/source/options/format:");
        assertThat(problems(options("metaColumns", List.of("_offset", "_offset"))))
                .containsExactly("/source/options/metaColumns: names '_offset' twice");
        assertThat(problems(options("metaColumns", List.of("_topic"))))
                .singleElement()
                .asString()
                .startsWith("/source/options/metaColumns/0:");
    }

    @Test
    void aMetaColumnMayNotAlsoBeDeclaredAndKeysMustBeColumns() {
        List<Object> clash = List.of(Map.of("name", "_offset", "type", "bigint"));

        assertThat(problems(options("columns", clash, "metaColumns", List.of("_offset"))))
                .containsExactly(
                        "/source/options/metaColumns/0: '_offset' is also a declared column; rename that column");
        assertThat(problems(options("key", List.of("_offset"))))
                .containsExactly("/source/options/key/0: '_offset' is not one of the columns [id, name]");
    }

    @Test
    void csvOptionsApplyOnlyToCsvAndTheHeaderNamesEveryField() {
        assertThat(problems(options("delimiter", ";")))
                .containsExactly("/source/options/delimiter: applies only when format is csv");
        assertThat(problems(options("format", "csv", "csvHeader", List.of("id", "x"))))
                .containsExactly(
                        "/source/options/columns/1/field: 'Full Name' is not one of the csvHeader fields [id, x]");

        KafkaSourceOptions csv = KafkaSourceOptions.parse(options(
                "format", "csv", "csvHeader", List.of("Full Name", "id"), "delimiter", ";", "nullValue", "\\N"));

        assertThat(csv.csv().delimiter()).isEqualTo(';');
        assertThat(csv.csv().nullValue()).isEqualTo("\\N");
        assertThat(csv.decoder().decode("Ann;7".getBytes())).containsExactly(7L, "Ann");
    }

    @Test
    void theParseFailureIsTheInvalidOptionsCode() {
        assertThatThrownBy(() -> KafkaSourceOptions.parse(options("topics", null)))
                .isInstanceOf(InvalidOptionsException.class)
                .extracting(e -> ((InvalidOptionsException) e).errors())
                .asList()
                .extracting(e -> ((FieldError) e).pointer())
                .containsExactly("/source/options/topics");
    }
}

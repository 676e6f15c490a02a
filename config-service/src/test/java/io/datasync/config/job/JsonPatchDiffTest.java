package io.datasync.config.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JsonPatchDiffTest {

    private final JsonMapper mapper = JsonMapper.builder().build();

    private List<JsonPatchDiff.Operation> diff(String before, String after) {
        return JsonPatchDiff.diff(mapper.readTree(before), mapper.readTree(after));
    }

    @Test
    void identicalDocumentsHaveNoOperations() {
        assertThat(diff("{\"a\":[1,{\"b\":2}]}", "{\"a\":[1,{\"b\":2}]}")).isEmpty();
    }

    @Test
    void reportsAddRemoveAndReplaceFieldByField() {
        List<JsonPatchDiff.Operation> ops = diff(
                "{\"name\":\"x\",\"target\":{\"table\":\"a\",\"keys\":[\"id\"]},\"old\":1}",
                "{\"name\":\"x\",\"target\":{\"table\":\"b\",\"keys\":[\"id\",\"day\"]},\"new/field\":true}");
        assertThat(ops)
                .extracting(JsonPatchDiff.Operation::op, JsonPatchDiff.Operation::path)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("add", "/new~1field"),
                        org.assertj.core.groups.Tuple.tuple("remove", "/old"),
                        org.assertj.core.groups.Tuple.tuple("add", "/target/keys/1"),
                        org.assertj.core.groups.Tuple.tuple("replace", "/target/table"));
        JsonNode replaced = ops.get(3).value();
        assertThat(replaced.asString()).isEqualTo("b");
        assertThat(ops.get(3).oldValue().asString()).isEqualTo("a");
    }

    @Test
    void removesShrunkArrayTailFromTheEnd() {
        assertThat(diff("[1,2,3]", "[1]"))
                .extracting(JsonPatchDiff.Operation::path)
                .containsExactly("/2", "/1");
    }
}

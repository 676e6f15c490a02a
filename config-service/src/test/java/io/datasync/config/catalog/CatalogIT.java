package io.datasync.config.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.kit.test.ServiceTestSupport;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The catalog over HTTP, as a user or a console reads it. */
class CatalogIT extends ServiceTestSupport {

    private final JsonMapper json = JsonMapper.builder().build();

    private JsonNode get(String path) {
        HttpResponse<String> response = http.get(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static JsonNode named(JsonNode array, String field, String value) {
        for (JsonNode node : array) {
            if (node.path(field).asString().equals(value)) {
                return node;
            }
        }
        throw new AssertionError("no entry with " + field + " = " + value + " in " + array);
    }

    @Test
    void listsEveryKindWithItsOptionsAndWhatItSupports() {
        JsonNode connectors = get("/api/config/connectors");

        List<String> kinds = new ArrayList<>();
        connectors.forEach(c -> kinds.add(c.get("kind").asString()));
        assertThat(kinds).containsExactly("jdbc", "file", "http", "kafka", "mqtt", "redis", "push");

        JsonNode jdbc = named(connectors, "kind", "jdbc");
        JsonNode url = named(jdbc.get("connection"), "name", "url");
        assertThat(url.get("required").asBoolean()).isTrue();
        assertThat(url.get("doc").asString()).contains("JDBC URL");
        assertThat(named(jdbc.get("connection"), "name", "password")
                        .get("secret")
                        .asBoolean())
                .isTrue();
        assertThat(named(jdbc.at("/source/options"), "name", "queryTimeout")
                        .get("defaultValue")
                        .asString())
                .isEqualTo("10m");
        assertThat(jdbc.at("/source/incremental").toString()).contains("pk-range", "timestamp", "full");
        assertThat(jdbc.at("/sink/writeModes").toString()).contains("upsert", "overwrite", "insert");

        JsonNode http = named(connectors, "kind", "http");
        JsonNode pagination = named(http.at("/source/options"), "name", "pagination");
        assertThat(named(pagination.get("fields"), "name", "type").get("type").asString())
                .isEqualTo("one of none, page, offset, cursor, link");
        assertThat(http.get("sink").isNull()).isTrue();

        JsonNode push = named(connectors, "kind", "push");
        assertThat(push.get("connection").isEmpty())
                .as("push needs no connection")
                .isTrue();
        assertThat(push.at("/source/stream").asBoolean()).isTrue();
        assertThat(push.get("sink").isNull()).isTrue();
        assertThat(named(connectors, "kind", "kafka").at("/source/stream").asBoolean())
                .isTrue();
        assertThat(named(connectors, "kind", "kafka").at("/sink/writeModes").toString())
                .contains("insert", "upsert");
    }

    @Test
    void answersOneKindAndAnUnknownOne() {
        assertThat(get("/api/config/connectors/file")
                        .at("/source/options/0/name")
                        .asString())
                .isEqualTo("path");
        HttpResponse<String> unknown = http.get("/api/config/connectors/ftp");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(json.readTree(unknown.body()).get("detail").asString()).contains("ftp");
    }

    @Test
    void listsTheTransformsWithTheShapeOfTheirConfig() {
        JsonNode transforms = get("/api/config/transforms");
        assertThat(named(transforms, "name", "cast").get("type").asString()).isEqualTo("map of text");
        assertThat(named(transforms, "name", "filter").get("type").asString()).isEqualTo("CEL expression");
    }
}

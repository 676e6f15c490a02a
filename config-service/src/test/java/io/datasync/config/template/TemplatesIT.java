package io.datasync.config.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.kit.test.ServiceTestSupport;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Templates over HTTP against the real service: declare, instantiate, and the parameter errors. */
class TemplatesIT extends ServiceTestSupport {

    private final JsonMapper json = JsonMapper.builder().build();
    private String suffix;
    private String templateId;

    @BeforeEach
    void template() {
        suffix = UUID.randomUUID().toString().substring(0, 8);
        assertThat(http.post(
                                "/api/config/connections",
                                "{\"name\":\"dw-" + suffix + "\",\"type\":\"jdbc\",\"settings\":{\"url\":"
                                        + "\"jdbc:postgresql://127.0.0.1:5432/dw\",\"user\":\"u\",\"password\":\"p\"}}")
                        .statusCode())
                .isEqualTo(201);
        String yaml = """
                name: copy-table-%s
                description: Copies one table of the source database into the warehouse
                parameters:
                  - { name: table, description: the source table }
                  - { name: schedule, default: "0 0 3 * * ?" }
                  - { name: parallelism, default: 2 }
                definition:
                  name: "copy-${table}-%s"
                  source: { type: jdbc, connection: dw-%s, table: "public.${table}", split: { column: id, parallelism: "${parallelism}" } }
                  target: { type: jdbc, connection: dw-%s, table: "dw.${table}" }
                  schedule: { cron: "${schedule}" }
                """.formatted(suffix, suffix, suffix, suffix);
        HttpResponse<String> created = http.send("POST", "/api/config/templates", yaml, "application/yaml");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        templateId = json.readTree(created.body()).get("id").asString();
    }

    private HttpResponse<String> instantiate(String parameters) {
        return http.post("/api/config/templates/" + templateId + "/instantiate", "{\"parameters\":" + parameters + "}");
    }

    @Test
    void instantiatesANewJobWithDefaultsAndTypedValues() {
        HttpResponse<String> job = instantiate("{\"table\":\"orders\",\"parallelism\":4}");

        assertThat(job.statusCode()).as(job.body()).isEqualTo(201);
        JsonNode definition = json.readTree(job.body()).get("definition");
        assertThat(definition.get("name").asString()).isEqualTo("copy-orders-" + suffix);
        assertThat(definition.at("/source/table").asString()).isEqualTo("public.orders");
        assertThat(definition.at("/source/split/parallelism").asInt()).isEqualTo(4);
        assertThat(definition.at("/schedule/cron").asString()).isEqualTo("0 0 3 * * ?");
    }

    @Test
    void aMissingParameterIsA400NamingIt() {
        HttpResponse<String> response = instantiate("{}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"pointer\":\"/parameters/table\"", "is required");
    }

    @Test
    void anUnknownParameterIsA400NamingIt() {
        HttpResponse<String> response = instantiate("{\"table\":\"orders\",\"tabel\":\"x\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"pointer\":\"/parameters/tabel\"", "unknown parameter");
    }

    @Test
    void aValueThatMakesAnInvalidJobIsA400NamingTheJobField() {
        HttpResponse<String> response = instantiate("{\"table\":\"orders; drop table x\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"pointer\":\"/name\"", "orders; drop table x");
    }

    @Test
    void aTemplateReadBackCanBeSavedAgainWithItsDefaultsAndAStaleETagIsA412() {
        HttpResponse<String> read = http.get("/api/config/templates/" + templateId);
        String etag = read.headers().firstValue("ETag").orElseThrow();
        assertThat(read.body()).contains("\"default\":\"0 0 3 * * ?\"");

        HttpResponse<String> saved = http.send(
                "PUT", "/api/config/templates/" + templateId, read.body(), "application/json", "If-Match", etag);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        assertThat(saved.body()).contains("\"default\":\"0 0 3 * * ?\"");

        HttpResponse<String> stale = http.send(
                "PUT", "/api/config/templates/" + templateId, read.body(), "application/json", "If-Match", etag);
        assertThat(stale.statusCode()).isEqualTo(412);
    }

    @Test
    void wrongJsonTypesAreA400NotA500() {
        HttpResponse<String> response =
                http.post("/api/config/templates", "{\"name\":{},\"parameters\":[{\"name\":[1]}],\"definition\":{}}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"pointer\":\"/name\"");
    }

    @Test
    void aTemplateMustDeclareEveryPlaceholder() {
        HttpResponse<String> response = http.post(
                "/api/config/templates",
                "{\"name\":\"bad-" + suffix + "\",\"parameters\":[],\"definition\":{\"name\":\"${who}\"}}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("${who}");
    }
}

package io.datasync.config.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.models.problem.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

class TemplateParametersTest {

    private final JsonMapper mapper = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void substitutesTypedValuesWholeAndTextInsideStringsAndKeys() {
        JsonNode template = mapper.readTree("""
                {"name":"copy-${table}","source":{"table":"public.${table}","split":{"parallelism":"${parallel}"}},
                 "transforms":[{"rename":{"${from}":"name"}}]}""");
        JsonNode out = TemplateParameters.substitute(
                template,
                Map.of(
                        "table",
                        NODES.stringNode("orders"),
                        "parallel",
                        NODES.numberNode(4),
                        "from",
                        NODES.stringNode("n")));
        assertThat(out.toString())
                .isEqualTo(
                        "{\"name\":\"copy-orders\",\"source\":{\"table\":\"public.orders\",\"split\":{\"parallelism\":4}},"
                                + "\"transforms\":[{\"rename\":{\"n\":\"name\"}}]}");
    }

    @Test
    void aValueCannotChangeTheStructure() {
        JsonNode out = TemplateParameters.substitute(
                mapper.readTree("{\"name\":\"${n}\"}"), Map.of("n", NODES.stringNode("\"},\"evil\":{\"")));
        assertThat(out.properties()).hasSize(1);
    }

    @Test
    void reportsUnknownAndMissingParametersTogether() {
        List<FieldError> errors = new ArrayList<>();
        TemplateParameters.resolve(
                List.of(
                        new TemplateService.Parameter("table", "source table", null),
                        new TemplateService.Parameter("schedule", null, NODES.stringNode("0 0 * * * ?"))),
                Map.of("tabel", NODES.stringNode("orders")),
                errors);
        assertThat(errors).extracting(FieldError::pointer).containsExactly("/parameters/table", "/parameters/tabel");
    }

    @Test
    void everyPlaceholderMustBeDeclared() {
        List<FieldError> errors = TemplateParameters.checkDeclared(
                List.of(new TemplateService.Parameter("table", null, null)),
                mapper.readTree("{\"a\":\"${table}\",\"b\":\"${schedule}\"}"));
        assertThat(errors)
                .singleElement()
                .satisfies(e -> assertThat(e.message()).contains("${schedule}"));
    }
}

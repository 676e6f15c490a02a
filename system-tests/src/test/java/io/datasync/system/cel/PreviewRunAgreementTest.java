package io.datasync.system.cel;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.config.rules.Action;
import io.datasync.config.rules.CompiledRuleSet;
import io.datasync.config.rules.Rule;
import io.datasync.config.rules.RuleSetDefinition;
import io.datasync.models.job.TransformStep;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.transform.builtin.TransformRegistry;
import io.datasync.sync.transform.spi.RuleSetSpec;
import io.datasync.sync.transform.spi.Transform;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A rule set previewed in config-service ({@code /evaluate}, {@link CompiledRuleSet#evaluate}) and the same rule set
 * run by sync-service's {@code rules} transform decide the same on the same record and compute the same values: both
 * go through service-kit's one CEL wrapper. A unit test: no service is started.
 */
class PreviewRunAgreementTest {

    private static final String TAG = "hit";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("amount * 2 > 10", "amount * 2", "amount", 6, DataType.INT, true),
                Arguments.of("amount * 2 > 10", "amount * 2", "amount", 5, DataType.INT, false),
                Arguments.of("amount * 2 > 10", "amount * 2", "amount", new BigDecimal("5.5"), DataType.DECIMAL, true),
                Arguments.of("amount * 2 > 10", "amount * 2", "amount", new BigDecimal("4.5"), DataType.DECIMAL, false),
                Arguments.of("amount * 2 > 10", "amount * 2", "amount", 5.0, DataType.DOUBLE, false),
                Arguments.of("amount * 2 > 10", "amount / 4", "amount", 5.5, DataType.DOUBLE, true),
                Arguments.of("amount * 2 > 10", "amount * 2", "amount", null, DataType.INT, false),
                Arguments.of("amount == null", "amount == null", "amount", null, DataType.DECIMAL, true),
                Arguments.of(
                        "name.startsWith('Al') && size(name) > 3", "name + '!'", "name", "Alice", DataType.TEXT, true),
                Arguments.of(
                        "name.startsWith('Al') && size(name) > 3", "name + '!'", "name", "Bob", DataType.TEXT, false),
                Arguments.of("name.startsWith('Al')", "size(name)", "name", null, DataType.TEXT, false),
                Arguments.of("name.contains('x')", "name", "name", 7, DataType.INT, false));
    }

    @ParameterizedTest(name = "{0} / {1} with {2} = {3}")
    @MethodSource("cases")
    void previewAndRunAgree(
            String condition, String expression, String field, Object value, DataType type, boolean matches) {
        Map<String, Object> record = new HashMap<>();
        record.put(field, value);

        Outcome preview = preview(condition, expression, record);
        Outcome run = run(condition, expression, field, value, type);

        assertThat(preview.matched()).as("condition matched in the preview").isEqualTo(matches);
        assertThat(run.matched()).as("condition matched in the run").isEqualTo(matches);
        assertThat(run.computed()).as("computed").isEqualTo(preview.computed());
        if (value != null || expression.contains("==")) {
            assertThat(preview.computed()).as("computed in the preview").isTrue();
        }
        assertThat(same(run.value(), preview.value()))
                .as("value: run %s, preview %s", run.value(), preview.value())
                .isTrue();
    }

    /** Whether two results are the same value, numbers by value (a run writes a DECIMAL column as BigDecimal). */
    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        return a == null ? b == null : a.equals(b);
    }

    /** config-service: the rule set's preview of one record. */
    private static Outcome preview(String condition, String expression, Map<String, Object> record) {
        CompiledRuleSet rules = CompiledRuleSet.of(new RuleSetDefinition(
                "agreement",
                null,
                List.of(
                        new Rule("match", condition, new Action.Tag(TAG), 2),
                        new Rule(
                                "compute",
                                "true",
                                new Action.SetFields(Map.of("out", new Action.Computed(expression))),
                                1))));
        CompiledRuleSet.RecordResult result = rules.evaluate(record);
        boolean computed = result.record().containsKey("out");
        return new Outcome(
                result.tags().contains(TAG),
                computed,
                computed ? result.record().get("out") : null);
    }

    /** sync-service: the same rule set run by the {@code rules} transform on one row. */
    private static Outcome run(String condition, String expression, String field, Object value, DataType type) {
        RuleSetSpec spec = new RuleSetSpec(
                "agreement",
                1,
                List.of(
                        new RuleSetSpec.Rule("match", condition, 2, new RuleSetSpec.Tag(TAG)),
                        new RuleSetSpec.Rule(
                                "compute",
                                "true",
                                1,
                                new RuleSetSpec.SetFields(Map.of("out", new RuleSetSpec.Expr(expression))))));
        TransformRegistry registry = new TransformRegistry(name -> Optional.of(spec));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("ruleSet", "agreement");
        Transform rules = registry.create(new TransformStep("rules", config), "/transforms/0");
        // The computed column takes the type the derive transform would infer; JSON for anything else keeps text.
        Schema schema = new Schema(
                List.of(
                        Column.of("id", DataType.BIGINT),
                        Column.of(field, type),
                        Column.of("out", outType(expression, type)),
                        Column.of("_tags", DataType.TEXT)),
                List.of("id"));
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {1L, value, null, null});
        Transform.Result result = rules.apply(new Chunk(schema, rows, Position.START, 0));
        if (result.chunk().rows().isEmpty()) {
            // The run drops a row whose set fails, where the preview reports the rule as failed and goes on.
            return new Outcome(false, false, null);
        }
        Object[] row = result.chunk().rows().get(0);
        String tags = (String) row[3];
        return new Outcome(tags != null && List.of(tags.split(",")).contains(TAG), true, row[2]);
    }

    private static DataType outType(String expression, DataType input) {
        if (expression.contains("==")) {
            return DataType.BOOLEAN;
        }
        if (expression.contains("size(")) {
            return DataType.BIGINT;
        }
        if (expression.contains("'")) {
            return DataType.TEXT;
        }
        return input == DataType.INT ? DataType.BIGINT : input == DataType.TEXT ? DataType.TEXT : DataType.DOUBLE;
    }

    private record Outcome(boolean matched, boolean computed, Object value) {}
}

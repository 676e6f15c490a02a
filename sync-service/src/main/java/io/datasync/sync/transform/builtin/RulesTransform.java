package io.datasync.sync.transform.builtin;

import io.datasync.kit.cel.CelExpression;
import io.datasync.kit.cel.CelExpressions;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.transform.spi.RowError;
import io.datasync.sync.transform.spi.RuleSetProvider;
import io.datasync.sync.transform.spi.RuleSetSpec;
import io.datasync.sync.transform.spi.Transform;
import io.datasync.sync.transform.spi.TransformException;
import io.datasync.sync.types.ConversionException;
import io.datasync.sync.types.Conversions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code rules: {ruleSet: orders-rules}}: runs a rule set from a {@link RuleSetProvider} on every row. The provider is
 * asked on every chunk, so a new version applies from the next chunk on; it is compiled once per version.
 *
 * <p>On one row, as config-service's rule sets are documented to run:
 *
 * <ol>
 *   <li>Rules run by priority, higher first; equal priorities in list order.
 *   <li>Every condition and expression reads the row as it came in, never another rule's changes.
 *   <li>A condition that is not {@code true}, or fails on the row, does not match; one that breaks a CEL limit
 *       ({@code datasync.service.cel.*}) drops the row as a {@link RowError} with the limit, as config-service's
 *       preview refuses the record.
 *   <li>{@code set} writes its columns unless a rule that ran earlier set them already (first writer wins). Values
 *       are converted to the column's type. Unlike config-service's preview, which reports such a rule as failed and
 *       goes on, a value that cannot be computed or converted drops the row as a {@link RowError}: the engine keeps
 *       no trace, and silently skipping a rule would write data the rule set says is wrong.
 *   <li>{@code reject} stops: the row is dropped as a {@link RowError} with the rule's reason.
 *   <li>{@code tag} adds a label. Labels go to a {@code _tags} TEXT column, comma-separated after the labels already
 *       there, each once, only when the rows have that column; otherwise they are discarded.
 * </ol>
 *
 * <p>Rules never change the shape of the rows, since a hot-reloaded rule set must not change the sink's table in the
 * middle of a run: {@code set} writes columns the rows have. A rule that sets another column drops the rows it
 * matches, with a reason saying to declare the column first (e.g. {@code defaults: {tier: null}}).
 *
 * <p>A rule set the provider does not have, or one that does not compile, fails the chunk ({@link
 * TransformException}): running a job without its rules would let through what they are there to stop.
 */
final class RulesTransform implements Transform {

    static final String TAGS = "_tags";

    private final String ruleSetName;
    private final RuleSetProvider provider;

    /** The last version compiled and the last schema bound; replaced whole, so concurrent readers are consistent. */
    private volatile Compiled compiled;

    private volatile Plan plan;

    RulesTransform(String ruleSetName, RuleSetProvider provider) {
        if (ruleSetName == null || ruleSetName.isBlank()) {
            throw new IllegalArgumentException("rules needs a rule set name");
        }
        if (provider == null) {
            throw new IllegalArgumentException("rules needs a rule set provider");
        }
        this.ruleSetName = ruleSetName;
        this.provider = provider;
    }

    @Override
    public Schema outputSchema(Schema input) {
        input.indexOf(TAGS).ifPresent(at -> tagsColumn(input, at));
        return input;
    }

    @Override
    public Result apply(Chunk chunk) {
        RuleSetSpec spec = provider.current(ruleSetName)
                .orElseThrow(() -> new TransformException("rule set '" + ruleSetName + "' is not available"));
        Plan current = plan(compiled(spec), chunk.schema());
        return RowTransform.applyRows("rules", chunk, chunk.schema(), current::apply);
    }

    private Compiled compiled(RuleSetSpec spec) {
        Compiled last = compiled;
        if (last != null && (last.spec() == spec || last.spec().equals(spec))) {
            return last;
        }
        Compiled fresh = compile(spec);
        compiled = fresh;
        return fresh;
    }

    private static Compiled compile(RuleSetSpec spec) {
        List<CompiledRule> rules = new ArrayList<>();
        for (RuleSetSpec.Rule rule : spec.rules()) {
            try {
                Map<String, CelExpression> expressions = new HashMap<>();
                if (rule.then() instanceof RuleSetSpec.SetFields set) {
                    set.fields().forEach((field, value) -> {
                        if (value instanceof RuleSetSpec.Expr expr) {
                            expressions.put(field, CelExpressions.compile(expr.expr()));
                        }
                    });
                }
                rules.add(new CompiledRule(rule, CelExpressions.compile(rule.when()), expressions));
            } catch (CelExpressions.InvalidExpressionException e) {
                throw new TransformException(
                        "rule set '" + spec.name() + "' version " + spec.version() + ", rule '" + rule.name() + "': "
                                + e.getMessage(),
                        e);
            }
        }
        // Stable sort: equal priorities keep their order in the list.
        rules.sort(
                Comparator.comparingInt((CompiledRule r) -> r.rule().priority()).reversed());
        return new Compiled(spec, List.copyOf(rules));
    }

    private Plan plan(Compiled rules, Schema schema) {
        Plan last = plan;
        if (last != null
                && last.rules() == rules
                && (last.schema() == schema || last.schema().equals(schema))) {
            return last;
        }
        Plan fresh = bind(rules, schema);
        plan = fresh;
        return fresh;
    }

    private static Plan bind(Compiled rules, Schema schema) {
        OptionalInt tags = schema.indexOf(TAGS);
        tags.ifPresent(at -> tagsColumn(schema, at));
        List<BoundRule> bound = new ArrayList<>(rules.rules().size());
        Map<Integer, Integer> slots = new HashMap<>();
        for (CompiledRule compiled : rules.rules()) {
            RuleSetSpec.Rule rule = compiled.rule();
            if (!(rule.then() instanceof RuleSetSpec.SetFields set)) {
                bound.add(new BoundRule(rule, RowExpression.bind(compiled.when(), schema), List.of()));
                continue;
            }
            List<BoundSet> sets = new ArrayList<>();
            set.fields().forEach((field, value) -> {
                OptionalInt at = schema.indexOf(field);
                if (at.isEmpty()) {
                    sets.add(BoundSet.failing(
                            field,
                            "rule '" + rule.name() + "' sets '" + field + "', which is not a column; declare it"
                                    + " before the rules step, e.g. defaults: {" + field + ": null}"));
                    return;
                }
                Column column = schema.column(at.getAsInt());
                int slot = slots.computeIfAbsent(at.getAsInt(), k -> slots.size());
                if (value instanceof RuleSetSpec.Expr) {
                    sets.add(new BoundSet(
                            field,
                            at.getAsInt(),
                            slot,
                            column,
                            null,
                            RowExpression.bind(compiled.expressions().get(field), schema),
                            null));
                    return;
                }
                Object constant = ((RuleSetSpec.Constant) value).value();
                try {
                    sets.add(new BoundSet(
                            field, at.getAsInt(), slot, column, Conversions.to(constant, column), null, null));
                } catch (ConversionException e) {
                    sets.add(BoundSet.failing(
                            field,
                            "rule '" + rule.name() + "' sets " + field + " to " + Conversions.show(constant)
                                    + ", not a " + column.type() + ": " + e.getMessage()));
                }
            });
            bound.add(new BoundRule(rule, RowExpression.bind(compiled.when(), schema), List.copyOf(sets)));
        }
        return new Plan(rules, schema, tags.orElse(-1), slots.size(), List.copyOf(bound));
    }

    private static void tagsColumn(Schema schema, int at) {
        if (schema.column(at).type() != DataType.TEXT) {
            throw new TransformException("rules write tags to a TEXT column " + TAGS + ", but it is "
                    + schema.column(at).type());
        }
    }

    private record Compiled(RuleSetSpec spec, List<CompiledRule> rules) {}

    private record CompiledRule(RuleSetSpec.Rule rule, CelExpression when, Map<String, CelExpression> expressions) {}

    /** A rule bound to a schema; {@code sets} is empty unless it sets columns. */
    private record BoundRule(RuleSetSpec.Rule rule, RowExpression when, List<BoundSet> sets) {}

    /**
     * One column a rule sets.
     *
     * @param slot the column's index among the columns any rule sets, for first-writer-wins
     * @param constant the constant converted to the column's type, when not an expression
     * @param failure why every row this set applies to is dropped, when it cannot apply on this schema
     */
    private record BoundSet(
            String field,
            int position,
            int slot,
            Column column,
            Object constant,
            RowExpression expression,
            String failure) {

        static BoundSet failing(String field, String failure) {
            return new BoundSet(field, -1, -1, null, null, null, failure);
        }

        Object value(String ruleName, Object[] row) {
            if (failure != null) {
                throw new RowFailure(failure);
            }
            if (expression == null) {
                return constant;
            }
            Object value;
            try {
                value = expression.evaluate(row);
            } catch (CelExpression.EvaluationException e) {
                throw new RowFailure("rule '" + ruleName + "' could not compute " + field + ": " + e.getMessage());
            }
            try {
                return Conversions.to(value, column);
            } catch (ConversionException e) {
                throw new RowFailure("rule '" + ruleName + "' sets " + field + " to " + Conversions.show(value)
                        + ", not a " + column.type() + ": " + e.getMessage());
            }
        }
    }

    private record Plan(Compiled rules, Schema schema, int tagsAt, int slotCount, List<BoundRule> bound) {

        Object[] apply(Object[] row) {
            Object[] out = null;
            boolean[] written = null;
            Set<String> tags = null;
            for (BoundRule rule : bound) {
                if (!matches(rule, row)) {
                    continue;
                }
                RuleSetSpec.Action action = rule.rule().then();
                if (action instanceof RuleSetSpec.Reject reject) {
                    throw new RowFailure("rejected by rule '" + rule.rule().name() + "': " + reject.reason());
                }
                if (action instanceof RuleSetSpec.Tag tag) {
                    tags = tags == null ? new LinkedHashSet<>() : tags;
                    tags.add(tag.label());
                    continue;
                }
                // All values first: a rule that cannot compute one of its columns must not have set the others.
                Object[] values = new Object[rule.sets().size()];
                for (int s = 0; s < values.length; s++) {
                    values[s] = rule.sets().get(s).value(rule.rule().name(), row);
                }
                out = out == null ? row.clone() : out;
                written = written == null ? new boolean[slotCount] : written;
                for (int s = 0; s < values.length; s++) {
                    BoundSet set = rule.sets().get(s);
                    if (!written[set.slot()]) {
                        written[set.slot()] = true;
                        out[set.position()] = values[s];
                    }
                }
            }
            if (tags != null && tagsAt >= 0) {
                out = out == null ? row.clone() : out;
                out[tagsAt] = withTags((String) row[tagsAt], tags);
            }
            return out == null ? row : out;
        }

        private static boolean matches(BoundRule rule, Object[] row) {
            try {
                return Boolean.TRUE.equals(rule.when().evaluate(row));
            } catch (CelExpression.LimitExceededException e) {
                // Stopped, not false: skipping the rule would let through what it is there to judge.
                throw new RowFailure("rule '" + rule.rule().name() + "' condition failed: " + e.getMessage());
            } catch (CelExpression.EvaluationException e) {
                return false;
            }
        }

        private static String withTags(String existing, Set<String> added) {
            Set<String> all = new LinkedHashSet<>();
            if (existing != null && !existing.isBlank()) {
                for (String label : existing.split(",")) {
                    if (!label.isBlank()) {
                        all.add(label.strip());
                    }
                }
            }
            all.addAll(added);
            return String.join(",", all);
        }
    }
}

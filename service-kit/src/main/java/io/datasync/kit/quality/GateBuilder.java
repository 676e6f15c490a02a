package io.datasync.kit.quality;

import io.datasync.kit.cel.CelExpression;
import io.datasync.kit.cel.CelExpressions;
import io.datasync.models.problem.FieldError;
import io.datasync.models.quality.Dimension;
import io.datasync.models.quality.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Binds a rule set to the columns of the rows it will check, for {@link QualityGate#compile}: every column a step or
 * check names must exist (and not have been dropped by an earlier step) and be of a type the step fits. Every problem
 * is reported, each at the pointer of the rule set member it concerns.
 */
final class GateBuilder {

    private final QualityRuleSet set;
    private final List<QualityColumn> columns;
    private final QualityGate.Settings settings;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<Integer, String> droppedBy = new LinkedHashMap<>();
    private final Fields errors = new Fields();

    /** In rule set order: each makes a session's step (a fresh one for steps that keep state). */
    final List<Supplier<Chunk.Step>> steps = new ArrayList<>();

    final List<Chunk.Tallied> tallied = new ArrayList<>();

    GateBuilder(QualityRuleSet set, List<QualityColumn> columns, QualityGate.Settings settings) {
        this.set = set;
        this.columns = List.copyOf(columns);
        this.settings = settings;
        for (int i = 0; i < this.columns.size(); i++) {
            if (index.putIfAbsent(this.columns.get(i).name(), i) != null) {
                throw new IllegalArgumentException(
                        "column '" + this.columns.get(i).name() + "' appears twice");
            }
        }
    }

    /** Binds everything; the problems found, or none. */
    List<FieldError> build() {
        for (int i = 0; i < set.cleansing().size(); i++) {
            cleansing(set.cleansing().get(i), "/cleansing/" + i);
        }
        for (int i = 0; i < set.checks().size(); i++) {
            check(set.checks().get(i), "/checks/" + i);
        }
        return errors.errors();
    }

    /** The positions of the columns the output rows keep, in order. */
    int[] output() {
        return IntStream.range(0, columns.size())
                .filter(i -> !droppedBy.containsKey(i))
                .toArray();
    }

    /** The position of a column, or -1 after recording why it cannot be used. */
    private int column(String name, String at) {
        Integer position = index.get(name);
        if (position == null) {
            errors.add(
                    at,
                    "no column '" + name + "' in the rows (columns: "
                            + columns.stream().map(QualityColumn::name).collect(Collectors.joining(", ")) + ")");
            return -1;
        }
        String dropped = droppedBy.get(position);
        if (dropped != null) {
            errors.add(at, "column '" + name + "' is dropped by " + dropped + " before this");
            return -1;
        }
        return position;
    }

    private ColumnType type(int column) {
        return columns.get(column).columnType();
    }

    private void cleansing(CleansingStep step, String at) {
        String stepAt = at + "/" + step.key();
        if (step instanceof CleansingStep.Nulls nulls) {
            int column = column(nulls.column(), stepAt + "/column");
            if (column < 0) {
                return;
            }
            switch (nulls.action()) {
                case DEFAULT -> {
                    try {
                        Object value = Values.convert(nulls.value(), type(column));
                        steps.add(stateless(Cleansers.defaultFor(column, value)));
                    } catch (IllegalArgumentException e) {
                        errors.add(
                                stepAt + "/value",
                                e.getMessage() + " (column '" + nulls.column() + "' is " + type(column) + ")");
                    }
                }
                case DROP_ROW -> steps.add(stateless(Cleansers.dropRowIfNull(column)));
                case DROP_FIELD -> droppedBy.put(column, at);
            }
        } else if (step instanceof CleansingStep.Dedupe dedupe) {
            int[] keys = new int[dedupe.keys().size()];
            boolean bound = true;
            for (int k = 0; k < keys.length; k++) {
                keys[k] = column(dedupe.keys().get(k), stepAt + "/keys/" + k);
                bound &= keys[k] >= 0;
            }
            int by = dedupe.by() == null ? -1 : column(dedupe.by(), stepAt + "/by");
            if (by >= 0 && !type(by).ordered()) {
                errors.add(
                        stepAt + "/by",
                        "'" + dedupe.by() + "' is " + type(by) + ", which has no order to tell the newest by");
                return;
            }
            if (!bound || (dedupe.by() != null && by < 0)) {
                return;
            }
            switch (dedupe.keep()) {
                case FIRST -> steps.add(() -> new Cleansers.KeepFirst(keys));
                case LAST -> steps.add(stateless(Cleansers.keepLast(keys)));
                case NEWEST -> steps.add(() -> new Cleansers.KeepNewest(keys, by));
            }
        } else if (step instanceof CleansingStep.Normalize normalize) {
            int column = textColumn(normalize.column(), stepAt + "/column", "normalize");
            if (column >= 0) {
                steps.add(stateless(Cleansers.normalize(column, normalize.op())));
            }
        } else if (step instanceof CleansingStep.Mask mask) {
            int column = textColumn(mask.column(), stepAt + "/column", "mask");
            byte[] key = settings.maskKey();
            if (mask.method() != CleansingStep.MaskMethod.PARTIAL && (key == null || key.length == 0)) {
                errors.add(
                        stepAt + "/method",
                        mask.method() + " masking needs the gate's mask key, and none is"
                                + " configured; use partial, or configure a key");
                return;
            }
            if (column >= 0) {
                Masking masking = mask.method() == CleansingStep.MaskMethod.PARTIAL ? null : new Masking(key);
                steps.add(stateless(Cleansers.mask(column, mask, masking)));
            }
        } else {
            CleansingStep.Outliers outliers = (CleansingStep.Outliers) step;
            int column = column(outliers.column(), stepAt + "/column");
            if (column >= 0 && !type(column).numeric()) {
                errors.add(
                        stepAt + "/column",
                        "'" + outliers.column() + "' is " + type(column)
                                + "; outliers are found in INT, BIGINT, DECIMAL or DOUBLE columns");
                return;
            }
            int slot = tallied.size();
            Chunk.Tallied tally =
                    new Chunk.Tallied(outliers.checkName(), Dimension.ACCURACY, Severity.QUARANTINE, null);
            tallied.add(tally);
            if (column >= 0) {
                steps.add(() -> new OutlierStep(slot, tally, column, outliers.method(), outliers.threshold()));
            }
        }
    }

    private int textColumn(String name, String at, String what) {
        int column = column(name, at);
        if (column >= 0 && type(column) != ColumnType.TEXT) {
            errors.add(at, "'" + name + "' is " + type(column) + "; " + what + " works on TEXT columns");
            return -1;
        }
        return column;
    }

    private void check(CheckSpec check, String at) {
        int slot = tallied.size();
        Chunk.Tallied tally = new Chunk.Tallied(
                check.name(), check.dimension(), check.severityOr(settings.defaultSeverity()), check.message());
        tallied.add(tally);
        CheckKind kind = check.kind();
        if (kind instanceof CheckKind.Rule rule) {
            CelExpression expression = CelExpressions.compile(rule.expression());
            Map<String, Integer> positions = new HashMap<>();
            for (String field : expression.fields()) {
                int column = column(field, at + "/rule");
                positions.put(field, column);
            }
            if (!positions.containsValue(-1)) {
                steps.add(stateless(new RowChecks.Rule(slot, tally, expression, positions)));
            }
            return;
        }
        int column = column(check.column(), at + "/column");
        if (column < 0) {
            return;
        }
        if (kind instanceof CheckKind.Unique unique) {
            if (unique.scope() == CheckKind.Scope.RUN) {
                steps.add(() -> new RowChecks.UniqueInRun(slot, tally, column));
            } else {
                steps.add(stateless(
                        new RowChecks.InTarget(slot, tally, column, null, check.column(), false, settings.lookup())));
            }
        } else if (kind instanceof CheckKind.Reference reference) {
            steps.add(stateless(new RowChecks.InTarget(
                    slot, tally, column, reference.table(), reference.column(), true, settings.lookup())));
        } else {
            ValueChecks.ValueTest test = ValueChecks.compile(
                    check, type(column), at, errors, settings.clock().getZone());
            if (test != null) {
                steps.add(stateless(new ValueChecks.ValueCheck(slot, tally, column, kind.passesNulls(), test)));
            }
        }
    }

    private static Supplier<Chunk.Step> stateless(Chunk.Step step) {
        return () -> step;
    }
}

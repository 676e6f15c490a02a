package io.datasync.kit.quality;

import io.datasync.kit.cel.CelExpression;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks that look beyond one value: uniqueness within a run (state kept by the session), presence in a table of
 * the target (one {@link Lookup} per chunk), and CEL rules over several columns.
 */
final class RowChecks {

    private RowChecks() {}

    /**
     * {@code unique: run}: a value seen before in the session, in this chunk or any other, breaks it; the first
     * occurrence passes. The seen values are one thread-safe set, so chunks applied at the same time still count each
     * duplicate exactly once.
     */
    static final class UniqueInRun implements Chunk.Step {

        private final int slot;
        private final Chunk.Tallied tallied;
        private final int column;
        private final SeenSet seen = new SeenSet("a unique: run check");

        UniqueInRun(int slot, Chunk.Tallied tallied, int column) {
            this.slot = slot;
            this.tallied = tallied;
            this.column = column;
        }

        @Override
        public void apply(Chunk chunk) {
            List<Object> added = new ArrayList<>();
            long evaluated = 0;
            for (int i = 0; i < chunk.size; i++) {
                Object value = chunk.live(i) ? chunk.rows[i][column] : null;
                if (value == null) {
                    continue;
                }
                evaluated++;
                Object key = Values.key(value);
                if (seen.add(key)) {
                    added.add(key);
                } else {
                    chunk.violate(i, slot, tallied.violation(Values.quote(value) + " appeared before in this run"));
                }
            }
            chunk.evaluated[slot] += evaluated;
            chunk.onFailure(() -> added.forEach(seen::remove));
        }
    }

    /**
     * Whether values are present in a column of the target: {@code reference} wants them there, {@code unique:
     * target} wants them absent. One lookup per chunk with the chunk's distinct values.
     *
     * @param table null for the job's target table
     */
    static final class InTarget implements Chunk.Step {

        private final int slot;
        private final Chunk.Tallied tallied;
        private final int column;
        private final String table;
        private final String targetColumn;
        private final boolean mustExist;
        private final Lookup lookup;
        private final String where;

        InTarget(
                int slot,
                Chunk.Tallied tallied,
                int column,
                String table,
                String targetColumn,
                boolean mustExist,
                Lookup lookup) {
            this.slot = slot;
            this.tallied = tallied;
            this.column = column;
            this.table = table;
            this.targetColumn = targetColumn;
            this.mustExist = mustExist;
            this.lookup = lookup;
            this.where = mustExist ? " is not in " + table + "." + targetColumn : " is already in the target table";
        }

        @Override
        public void apply(Chunk chunk) {
            Object[] keys = new Object[chunk.size];
            Map<Object, Object> distinct = new LinkedHashMap<>();
            long evaluated = 0;
            for (int i = 0; i < chunk.size; i++) {
                Object value = chunk.live(i) ? chunk.rows[i][column] : null;
                if (value != null) {
                    evaluated++;
                    keys[i] = Values.key(value);
                    distinct.putIfAbsent(keys[i], value);
                }
            }
            chunk.evaluated[slot] += evaluated;
            if (distinct.isEmpty()) {
                return;
            }
            Set<Object> present = new HashSet<>();
            for (Object value : lookup.present(table, targetColumn, List.copyOf(distinct.values()))) {
                present.add(Values.key(value));
            }
            for (int i = 0; i < chunk.size; i++) {
                if (keys[i] != null && present.contains(keys[i]) != mustExist) {
                    chunk.violate(i, slot, tallied.violation(Values.quote(chunk.rows[i][column]) + where));
                }
            }
        }
    }

    /**
     * A CEL condition bound to column positions, as sync-service's transforms bind theirs: a row is read by index,
     * never turned into a map. False, a failure or a non-boolean result breaks it; every live row is evaluated.
     */
    static final class Rule implements Chunk.Step {

        private final int slot;
        private final Chunk.Tallied tallied;
        private final CelExpression expression;
        private final Map<String, Integer> positions;
        private final String shown;

        Rule(int slot, Chunk.Tallied tallied, CelExpression expression, Map<String, Integer> positions) {
            this.slot = slot;
            this.tallied = tallied;
            this.expression = expression;
            this.positions = Map.copyOf(positions);
            this.shown = Values.quote(expression.source());
        }

        @Override
        public void apply(Chunk chunk) {
            long evaluated = 0;
            for (int i = 0; i < chunk.size; i++) {
                if (!chunk.live(i)) {
                    continue;
                }
                evaluated++;
                String problem = problem(chunk.rows[i]);
                if (problem != null) {
                    chunk.violate(i, slot, tallied.violation(problem));
                }
            }
            chunk.evaluated[slot] += evaluated;
        }

        private String problem(Object[] row) {
            Object result;
            try {
                result = expression.evaluate(name -> {
                    Integer position = positions.get(name);
                    return position == null ? null : row[position];
                });
            } catch (CelExpression.EvaluationException e) {
                return "rule " + shown + " could not be evaluated: " + e.getMessage();
            }
            if (Boolean.TRUE.equals(result)) {
                return null;
            }
            if (Boolean.FALSE.equals(result)) {
                return "rule " + shown + " does not hold";
            }
            return "rule " + shown + " gave " + Values.quote(result) + ", not true or false";
        }
    }
}

package io.datasync.kit.quality;

import io.datasync.models.quality.Dimension;
import io.datasync.models.quality.Severity;
import io.datasync.models.quality.Violation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One chunk on its way through a session's steps: the rows as the steps leave them, which rows are still in, and the
 * violations found so far. A chunk belongs to the one thread applying it; the steps hold what must outlive it.
 *
 * <p>Rows are copied on write: {@link #rows} holds the caller's arrays until a step changes a value, and then a copy,
 * so the caller's rows are never changed and unchanged rows cost nothing.
 */
final class Chunk {

    /** A cleansing step or a check, as bound to the columns of one gate. */
    interface Step {
        /**
         * Applies the step to the live rows of a chunk. Called from any number of threads at once, one chunk each;
         * what a step keeps across chunks (the keys a dedupe has seen) it guards itself.
         */
        void apply(Chunk chunk);
    }

    /** A check or outlier step as tallied: its violations carry these. */
    record Tallied(String name, Dimension dimension, Severity severity, String message) {
        Violation violation(String reason) {
            return new Violation(name, dimension, severity, message == null ? reason : message + ": " + reason);
        }
    }

    private static final byte LIVE = 0;
    private static final byte DROPPED = 1;
    private static final byte DEDUPLICATED = 2;

    final int size;
    /** The rows as the steps left them: the input's arrays until a step changes one. */
    final Object[][] rows;
    /** The gate's clock when the chunk came in, for freshness. */
    final Instant now;

    final long[] evaluated;
    final long[] violated;

    private final Object[][] input;
    private final boolean[] copied;
    private final byte[] removed;
    private final Severity[] actions;
    private final List<Violation>[] violations;
    private int dropped;
    private int deduplicated;
    private List<Runnable> undo;

    @SuppressWarnings("unchecked")
    Chunk(List<Object[]> input, int tallied, Instant now) {
        this.input = input.toArray(new Object[0][]);
        this.size = this.input.length;
        this.rows = this.input.clone();
        this.now = now;
        this.evaluated = new long[tallied];
        this.violated = new long[tallied];
        this.copied = new boolean[size];
        this.removed = new byte[size];
        this.actions = new Severity[size];
        this.violations = new List[size];
    }

    /** Whether the row is still in: not dropped by a null rule nor removed as a duplicate. */
    boolean live(int row) {
        return removed[row] == LIVE;
    }

    /** Sets a value, copying the row first if it is still the caller's. */
    void set(int row, int column, Object value) {
        if (!copied[row]) {
            rows[row] = rows[row].clone();
            copied[row] = true;
        }
        rows[row][column] = value;
    }

    /** Leaves a row out as dropped by a {@code drop-row} null rule. */
    void drop(int row) {
        if (removed[row] == LIVE) {
            removed[row] = DROPPED;
            dropped++;
        }
    }

    /** Leaves a row out as a duplicate. */
    void deduplicate(int row) {
        if (removed[row] == LIVE) {
            removed[row] = DEDUPLICATED;
            deduplicated++;
        }
    }

    /** Records that a row broke a check; each check calls this at most once per row. */
    void violate(int row, int check, Violation violation) {
        List<Violation> list = violations[row];
        if (list == null) {
            list = new ArrayList<>(2);
            violations[row] = list;
        }
        list.add(violation);
        actions[row] = Severity.worst(actions[row], violation.severity());
        violated[check]++;
    }

    /** What to undo in a session's state should the chunk fail before its outcome, so that a retry starts clean. */
    void onFailure(Runnable action) {
        if (undo == null) {
            undo = new ArrayList<>();
        }
        undo.add(action);
    }

    void rollBack() {
        if (undo != null) {
            for (int i = undo.size() - 1; i >= 0; i--) {
                undo.get(i).run();
            }
        }
    }

    /** The worst severity among the row's violations, or null when it has none. */
    Severity action(int row) {
        return actions[row];
    }

    List<Violation> violations(int row) {
        return violations[row] == null ? List.of() : violations[row];
    }

    /** The row exactly as the caller gave it. */
    Object[] input(int row) {
        return input[row];
    }

    int dropped() {
        return dropped;
    }

    int deduplicated() {
        return deduplicated;
    }
}

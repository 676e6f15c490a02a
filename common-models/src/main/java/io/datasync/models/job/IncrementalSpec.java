package io.datasync.models.job;

import java.time.Duration;

/**
 * How a source picks up only what changed.
 *
 * @param column the watermark column for {@code timestamp}, the key column for {@code pk-range}
 * @param safetyLag re-read this far behind the watermark, so rows committed late with an older timestamp are not missed
 */
public record IncrementalSpec(IncrementalMode mode, String column, Duration safetyLag) {

    public static final IncrementalSpec FULL = new IncrementalSpec(IncrementalMode.FULL, null, null);

    public IncrementalSpec {
        Check.required(mode, "mode");
        if ((mode == IncrementalMode.TIMESTAMP || mode == IncrementalMode.PK_RANGE)
                && (column == null || column.isBlank())) {
            throw new InvalidFieldException("column", "is required for incremental mode " + mode);
        }
        safetyLag = Check.notNegative(safetyLag == null ? Duration.ZERO : safetyLag, "safetyLag");
    }
}

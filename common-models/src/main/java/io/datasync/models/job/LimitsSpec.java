package io.datasync.models.job;

/** Speed limits of a run; 0 means unlimited. */
public record LimitsSpec(Long rowsPerSecond, Long bytesPerSecond) {

    public static final LimitsSpec UNLIMITED = new LimitsSpec(0L, 0L);

    public LimitsSpec {
        rowsPerSecond = Check.notNegative(rowsPerSecond == null ? 0 : rowsPerSecond, "rowsPerSecond");
        bytesPerSecond = Check.notNegative(bytesPerSecond == null ? 0 : bytesPerSecond, "bytesPerSecond");
    }
}

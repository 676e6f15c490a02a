package io.datasync.models.job;

/** Split a table into key ranges of {@code column} read in parallel by up to {@code parallelism} readers. */
public record SplitSpec(String column, Integer parallelism) {

    public static final int MAX_PARALLELISM = 64;

    public SplitSpec {
        Check.requiredText(column, "column");
        parallelism = Check.between(parallelism == null ? 1 : parallelism, 1, MAX_PARALLELISM, "parallelism");
    }
}

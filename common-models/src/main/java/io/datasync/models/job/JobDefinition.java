package io.datasync.models.job;

import java.util.List;

/**
 * A job as a user writes it: read from a source, transform, check quality, write to a target, on a schedule, with
 * retries and speed limits. Immutable; config-service stores every saved version.
 *
 * @param transforms applied in order to every chunk; empty when none
 * @param quality never null: {@link QualitySpec#OFF} when the definition has none
 * @param schedule null for a job that only runs when triggered
 * @param retry never null: {@link RetrySpec#DEFAULT} when the definition has none
 * @param limits never null: {@link LimitsSpec#UNLIMITED} when the definition has none
 * @param batch how a stream source's records form micro-batches; null when the definition has none (a batch source
 *     must have none; a stream source then uses {@link BatchSpec#DEFAULT}, see {@link #batchOrDefault})
 */
public record JobDefinition(
        String name,
        String description,
        SourceSpec source,
        List<TransformStep> transforms,
        QualitySpec quality,
        TargetSpec target,
        ScheduleSpec schedule,
        RetrySpec retry,
        LimitsSpec limits,
        BatchSpec batch) {

    /** A definition without a {@code batch} block, as every job that reads a finite source has. */
    public JobDefinition(
            String name,
            String description,
            SourceSpec source,
            List<TransformStep> transforms,
            QualitySpec quality,
            TargetSpec target,
            ScheduleSpec schedule,
            RetrySpec retry,
            LimitsSpec limits) {
        this(name, description, source, transforms, quality, target, schedule, retry, limits, null);
    }

    /** The micro-batch settings a stream run uses: the definition's, else the defaults. */
    public BatchSpec batchOrDefault() {
        return batch == null ? BatchSpec.DEFAULT : batch;
    }

    public JobDefinition {
        Check.name(name, "name");
        Check.required(source, "source");
        Check.required(target, "target");
        transforms = transforms == null ? List.of() : List.copyOf(transforms);
        quality = quality == null ? QualitySpec.OFF : quality;
        retry = retry == null ? RetrySpec.DEFAULT : retry;
        limits = limits == null ? LimitsSpec.UNLIMITED : limits;
    }
}

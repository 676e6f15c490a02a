package io.datasync.models.job;

/**
 * Which quality rules a job's rows must pass, when, and what happens to those that fail.
 *
 * @param maxErrorRatio the run fails once more than this share of the rows reaching the gate are dropped or
 *     quarantined by it (0 = none tolerated); absent: no limit (1)
 */
public record QualitySpec(String ruleSet, QualityMode mode, ViolationPolicy onViolation, Double maxErrorRatio) {

    public static final QualitySpec OFF = new QualitySpec(null, QualityMode.OFF, null, null);

    public QualitySpec {
        mode = mode == null ? (ruleSet == null ? QualityMode.OFF : QualityMode.INLINE) : mode;
        if (mode != QualityMode.OFF) {
            Check.name(ruleSet, "ruleSet");
        }
        onViolation = onViolation == null ? ViolationPolicy.QUARANTINE : onViolation;
        maxErrorRatio = Check.between(maxErrorRatio == null ? 1.0 : maxErrorRatio, 0.0, 1.0, "maxErrorRatio");
    }
}

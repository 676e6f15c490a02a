package io.datasync.models.job;

import java.time.Duration;

/**
 * How failed runs are retried: after attempt {@code n} fails, wait {@code min(maxDelay, initialDelay × multiplier^(n−1))},
 * spread by ± {@code jitter} (a share of that delay), up to {@code maxAttempts} attempts in all. The jitter applies
 * after the cap, so retries that reached {@code maxDelay} still spread out instead of all waiting exactly
 * {@code maxDelay}; a delay may therefore exceed {@code maxDelay} by up to {@code jitter × maxDelay}.
 */
public record RetrySpec(
        Integer maxAttempts, Duration initialDelay, Double multiplier, Duration maxDelay, Double jitter) {

    public static final RetrySpec DEFAULT = new RetrySpec(3, Duration.ofSeconds(10), 2.0, Duration.ofMinutes(10), 0.2);

    public RetrySpec {
        maxAttempts = Check.between(maxAttempts == null ? 3 : maxAttempts, 1, 100, "maxAttempts");
        initialDelay = Check.notNegative(initialDelay == null ? Duration.ofSeconds(10) : initialDelay, "initialDelay");
        multiplier = Check.between(multiplier == null ? 2.0 : multiplier, 1.0, 100.0, "multiplier");
        maxDelay = Check.notNegative(maxDelay == null ? Duration.ofMinutes(10) : maxDelay, "maxDelay");
        jitter = Check.between(jitter == null ? 0.2 : jitter, 0.0, 1.0, "jitter");
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new InvalidFieldException(
                    "maxDelay",
                    "must not be shorter than initialDelay (" + Durations.format(initialDelay) + "), was "
                            + Durations.format(maxDelay));
        }
    }

    /** The delay before the next attempt after attempt {@code failedAttempt} (1-based) failed, without jitter. */
    public Duration baseDelayAfter(int failedAttempt) {
        if (failedAttempt < 1) {
            throw new IllegalArgumentException("failedAttempt must be at least 1, was " + failedAttempt);
        }
        double millis = initialDelay.toMillis() * Math.pow(multiplier, failedAttempt - 1);
        return millis >= maxDelay.toMillis() ? maxDelay : Duration.ofMillis(Math.round(millis));
    }

    /**
     * The delay with jitter applied; {@code random} in [0, 1] picks a point within ± {@code jitter} of the base delay
     * (0 the shortest, 1 the longest). Never below zero; at most {@code (1 + jitter) × maxDelay}.
     */
    public Duration delayAfter(int failedAttempt, double random) {
        long base = baseDelayAfter(failedAttempt).toMillis();
        long spread = Math.round(base * jitter * (2 * random - 1));
        return Duration.ofMillis(Math.max(0, base + spread));
    }

    /** Whether another attempt follows a failed {@code attempt}. */
    public boolean allowsAnotherAfter(int attempt) {
        return attempt < maxAttempts;
    }
}

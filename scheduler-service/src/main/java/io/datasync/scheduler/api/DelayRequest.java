package io.datasync.scheduler.api;

import io.datasync.models.job.Durations;
import io.datasync.models.job.InvalidFieldException;
import java.time.Duration;

/**
 * The optional body of a manual trigger or retry: how long from now the run waits before it is dispatched.
 *
 * @param delay {@code 0s} when absent; never negative
 */
public record DelayRequest(Duration delay) {

    public static final DelayRequest NOW = new DelayRequest(Duration.ZERO);

    public DelayRequest {
        delay = delay == null ? Duration.ZERO : delay;
        if (delay.isNegative()) {
            throw new InvalidFieldException("delay", "must not be negative, was " + Durations.format(delay));
        }
        if (delay.compareTo(Duration.ofDays(31)) > 0) {
            throw new InvalidFieldException("delay", "must be at most 31d, was " + Durations.format(delay));
        }
    }
}

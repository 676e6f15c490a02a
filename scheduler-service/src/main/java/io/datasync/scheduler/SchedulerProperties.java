package io.datasync.scheduler;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * scheduler-service's settings ({@code datasync.scheduler.*}).
 *
 * @param configUrl where config-service listens (its internal API is not behind the gateway)
 * @param internalToken the token config-service expects on {@code /internal/**}
 * @param maxConcurrentRuns runs dispatched and not yet ended across the whole cluster; further tasks wait in the
 *     queue and are dispatched, oldest first, as runs end
 * @param maxQueuedPerJob how many tasks of one job may wait in the queue ({@code concurrency: queue}); a further fire
 *     or trigger is recorded as skipped, so a job slower than its schedule does not pile up an endless backlog
 * @param runTimeout how long a dispatched run may go before it is cancelled ({@code RunCancelRequested}) and its task
 *     marked timed out
 * @param stopGracePeriod how long a cancelled or timed-out run keeps its slot, and keeps its job from starting
 *     another run, while the sync engine stops it: until the run reports its end or this much time passes; zero frees
 *     them as soon as the stop is asked for, which lets a replacement or a retry run beside a run still stopping
 * @param dispatchInterval how often due tasks (retries whose delay is over, deferred fires) and overdue runs are looked
 *     for; a run ending or a fire dispatches at once without waiting for it
 * @param reconcileOnStart whether to align the schedules with config-service's jobs at start, healing missed
 *     {@code JobChanged} events
 * @param reconcileRetryInterval how long to wait before trying again when config-service does not answer at start
 * @param reconcileInterval how often to reconcile again after the start (default 5 minutes), healing what events
 *     cannot: a change whose event was lost before it reached Kafka, or one applied while this scheduler was cut off
 *     from config-service; zero for only at start
 * @param consumerGroup the Kafka consumer group of this service's listeners; all instances of one cluster share it, so
 *     each event is handled once
 */
@Validated
@ConfigurationProperties("datasync.scheduler")
public record SchedulerProperties(
        @DefaultValue("http://127.0.0.1:8081") URI configUrl,
        @DefaultValue("") String internalToken,
        @DefaultValue("8") @Min(1) @Max(10_000) int maxConcurrentRuns,
        @DefaultValue("10") @Min(1) @Max(10_000) int maxQueuedPerJob,
        @DefaultValue("2h") Duration runTimeout,
        @DefaultValue("2m") Duration stopGracePeriod,
        @DefaultValue("1s") Duration dispatchInterval,
        @DefaultValue("true") boolean reconcileOnStart,
        @DefaultValue("30s") Duration reconcileRetryInterval,
        @DefaultValue("5m") Duration reconcileInterval,
        @DefaultValue("scheduler-service") @NotBlank String consumerGroup) {

    public SchedulerProperties {
        if (configUrl == null) {
            throw new IllegalArgumentException("datasync.scheduler.config-url is required");
        }
        if (runTimeout.isNegative() || runTimeout.isZero()) {
            throw new IllegalArgumentException("datasync.scheduler.run-timeout must be positive, was " + runTimeout);
        }
        if (stopGracePeriod.isNegative()) {
            throw new IllegalArgumentException(
                    "datasync.scheduler.stop-grace-period must not be negative, was " + stopGracePeriod);
        }
        if (dispatchInterval.toMillis() < 10) {
            throw new IllegalArgumentException(
                    "datasync.scheduler.dispatch-interval must be at least 10ms, was " + dispatchInterval);
        }
        if (reconcileInterval.isNegative()) {
            throw new IllegalArgumentException(
                    "datasync.scheduler.reconcile-interval must not be negative, was " + reconcileInterval);
        }
    }
}

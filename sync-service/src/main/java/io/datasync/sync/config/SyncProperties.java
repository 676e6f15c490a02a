package io.datasync.sync.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * sync-service's settings ({@code datasync.sync.*}).
 *
 * @param configUrl where config-service listens (its internal API is not behind the gateway)
 * @param internalToken the token config-service expects on {@code /internal/**}
 * @param chunkSize rows per chunk read, transformed and committed together; 2,000 measured best on two cores (1,000:
 *     more round trips; 5,000 and 20,000: more garbage per chunk, slower — see docs/benchmarks.md)
 * @param maxConcurrentRuns runs executing at once on this instance; more wait in the queue
 * @param progressInterval how often a running run saves its counters and publishes {@code RunProgress}
 * @param splitRetries how often a split failing with a retriable error (lost connection, I/O, 429) is read again from
 *     its last checkpoint inside the run before the run fails
 * @param splitRetryBackoff the wait before the first such retry, doubled for each further one
 * @param splitRetryMaxBackoff the longest wait between such retries
 * @param runLease how long a run stays with the instance executing it without a heartbeat before another instance may
 *     take it over and resume it from its checkpoints (after a crash, or a network partition)
 * @param controlPoll how often an instance renews the leases of its runs and applies stop, pause and resume requests
 *     that reached another instance
 * @param maxResumes how often a run is resumed after the instance executing it stopped (a crash, a kill, a lost lease)
 *     before it is failed instead: a run that is itself what crashes its service must not be resumed forever
 * @param readLimits the most a connector reads of one response, field, line or compressed file
 * @param instanceId this instance's identity as a run owner; empty for {@code <hostname>:<server port>}, which a
 *     restarted process keeps, so it resumes its own runs at once instead of waiting for their lease to expire
 * @param maxStreamRuns stream runs executing at once on this instance, on a pool of their own: a stream holds its
 *     thread until stopped, so sharing {@code maxConcurrentRuns} would starve batch runs
 * @param streamHealthyAfter how long a stream run makes progress without a failure before its crash-resume count is
 *     reset: a stream lives through many deploys, and must not fail for {@code maxResumes} crashes spread over months
 * @param streamErrorWindow the sliding window a stream run's error budget ({@code limits}) applies to, unless its job
 *     names one ({@code limits.errorWindow})
 * @param deadLetterRetention how long a stream job's dead letters (records it refused, with their raw payload) are kept
 * @param deadLetterPurgeInterval how often dead letters past their retention are deleted
 * @param joinStreamRuns whether this instance joins stream runs other instances own as a member, reading a share of
 *     their stream (a Kafka consumer group's partitions, an MQTT shared subscription's messages, a Redis consumer
 *     group's entries) while it has room on its stream pool, so that replicas of sync-service split the load
 */
@Validated
@ConfigurationProperties("datasync.sync")
public record SyncProperties(
        @DefaultValue("http://127.0.0.1:8081") URI configUrl,
        @DefaultValue("") String internalToken,
        @DefaultValue("2000") @Min(1) @Max(100_000) int chunkSize,
        @DefaultValue("4") @Min(1) @Max(64) int maxConcurrentRuns,
        @DefaultValue("2s") Duration progressInterval,
        @DefaultValue("3") @Min(0) @Max(20) int splitRetries,
        @DefaultValue("1s") Duration splitRetryBackoff,
        @DefaultValue("30s") Duration splitRetryMaxBackoff,
        @DefaultValue("30s") Duration runLease,
        @DefaultValue("1s") Duration controlPoll,
        @DefaultValue("3") @Min(0) @Max(100) int maxResumes,
        @DefaultValue ReadLimitsProperties readLimits,
        @DefaultValue("") String instanceId,
        @DefaultValue("8") @Min(1) @Max(256) int maxStreamRuns,
        @DefaultValue("10m") Duration streamHealthyAfter,
        @DefaultValue("5m") Duration streamErrorWindow,
        @DefaultValue("7d") Duration deadLetterRetention,
        @DefaultValue("1h") Duration deadLetterPurgeInterval,
        @DefaultValue("true") boolean joinStreamRuns) {

    /** {@code datasync.sync.read-limits.*}; see {@link io.datasync.sync.connector.spi.ReadLimits}. */
    public record ReadLimitsProperties(
            @DefaultValue("64MB") org.springframework.util.unit.DataSize httpBody,
            @DefaultValue("1048576") int csvFieldChars,
            @DefaultValue("8388608") int csvRecordChars,
            @DefaultValue("8388608") int jsonLineChars,
            @DefaultValue("16GB") org.springframework.util.unit.DataSize decompressedBytes,
            @DefaultValue("200") int decompressionRatio) {

        public io.datasync.sync.connector.spi.ReadLimits toLimits() {
            return new io.datasync.sync.connector.spi.ReadLimits(
                    httpBody.toBytes(),
                    csvFieldChars,
                    csvRecordChars,
                    jsonLineChars,
                    decompressedBytes.toBytes(),
                    decompressionRatio);
        }
    }

    public SyncProperties {
        if (configUrl == null) {
            throw new IllegalArgumentException("datasync.sync.config-url is required");
        }
        if (deadLetterRetention.isNegative() || deadLetterRetention.isZero()) {
            throw new IllegalArgumentException(
                    "datasync.sync.dead-letter-retention must be positive, was " + deadLetterRetention);
        }
        if (deadLetterPurgeInterval.isNegative() || deadLetterPurgeInterval.isZero()) {
            throw new IllegalArgumentException(
                    "datasync.sync.dead-letter-purge-interval must be positive, was " + deadLetterPurgeInterval);
        }
    }
}

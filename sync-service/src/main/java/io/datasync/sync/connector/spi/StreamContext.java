package io.datasync.sync.connector.spi;

import java.time.Duration;

/**
 * What a stream reader needs from the run.
 *
 * @param scope whose positions the reader resumes from and the sink commits ({@code <jobId>/stream}); survives runs
 *     and job versions
 * @param jobId the job, for default consumer group names
 * @param memberId a stable name of this reader among the run's readers on all instances (Kafka
 *     {@code group.instance.id}, MQTT client id, Redis consumer name)
 * @param positions the committed positions, read on start and whenever splits are assigned
 * @param maxRows a micro-batch closes at this many records...
 * @param maxDelay ...or this long after its first record arrived, whichever comes first
 */
public record StreamContext(
        String scope, String jobId, String memberId, PositionLookup positions, int maxRows, Duration maxDelay) {

    public StreamContext {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1");
        }
        if (maxDelay == null || maxDelay.isNegative() || maxDelay.isZero()) {
            throw new IllegalArgumentException("maxDelay must be positive");
        }
    }
}

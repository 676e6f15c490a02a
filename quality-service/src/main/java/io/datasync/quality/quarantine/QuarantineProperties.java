package io.datasync.quality.quarantine;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The quarantine's settings ({@code datasync.quality.quarantine.*}).
 *
 * @param retention entries older than this are deleted, whatever their status
 * @param retentionInterval how often the retention sweep runs
 * @param replayBatchSize rows per replay command at most; a replay of more rows sends several commands
 */
@Validated
@ConfigurationProperties("datasync.quality.quarantine")
public record QuarantineProperties(
        @DefaultValue("30d") Duration retention,
        @DefaultValue("1h") Duration retentionInterval,
        @DefaultValue("500") @Min(1) @Max(500) int replayBatchSize) {

    public QuarantineProperties {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException(
                    "datasync.quality.quarantine.retention must be positive, was " + retention);
        }
        if (retentionInterval.toMillis() < 1000) {
            throw new IllegalArgumentException(
                    "datasync.quality.quarantine.retention-interval must be at least 1s, was " + retentionInterval);
        }
    }
}

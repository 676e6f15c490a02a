package io.datasync.kit;

import io.datasync.kit.cel.CelLimits;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What every service configures about itself ({@code datasync.service.*}).
 *
 * @param name the service's name, e.g. {@code sync-service}; the events' {@code source}
 * @param apiBase the path its public API lives under, e.g. {@code /api/sync}; the gateway routes it unchanged
 * @param database the PostgreSQL database it owns; created at start when missing
 * @param startupTimeout how long start-up waits for PostgreSQL and Kafka before failing with a message naming them
 * @param maxBodySize larger request bodies are refused with a 413
 * @param bodySizeByPath larger limits for the request paths starting with a key (e.g. {@code /api/sync/push/} for
 *     records pushed in bulk); the endpoint there applies its own, usually smaller, limit too
 * @param cel the limits of every CEL evaluation (rule sets, transforms), the same in previews and runs
 */
@Validated
@ConfigurationProperties("datasync.service")
public record KitProperties(
        @NotBlank String name,
        @NotBlank @Pattern(regexp = "/api/[a-z-]+") String apiBase,
        @NotBlank @Pattern(regexp = "[a-z][a-z0-9_]{0,62}") String database,
        @DefaultValue("10s") Duration startupTimeout,
        @DefaultValue("1MB") DataSize maxBodySize,
        java.util.Map<String, DataSize> bodySizeByPath,
        @DefaultValue Outbox outbox,
        @DefaultValue Topics topics,
        @DefaultValue Cel cel) {

    public KitProperties {
        bodySizeByPath = bodySizeByPath == null ? java.util.Map.of() : java.util.Map.copyOf(bodySizeByPath);
    }

    /** The source attribute of this service's events. */
    public String eventSource() {
        return "/datasync/" + name;
    }

    /**
     * @param pollInterval how often the relay looks for unpublished events when no commit woke it up
     * @param batchSize events relayed per database transaction
     * @param sendTimeout how long the relay waits for Kafka to acknowledge a batch before retrying it; longer than the
     *     producer's {@code delivery.timeout.ms}, so an abandoned batch is not still being delivered when it is retried
     * @param retention how long published events (and the inbox's processed ids) are kept
     */
    public record Outbox(
            @DefaultValue("500ms") Duration pollInterval,
            @DefaultValue("200") @Min(1) int batchSize,
            @DefaultValue("30s") Duration sendTimeout,
            @DefaultValue("7d") Duration retention) {}

    /** Partitions and replication of the platform topics, created at start when missing. */
    public record Topics(
            @DefaultValue("3") @Min(1) int partitions,
            @DefaultValue("1") @Min(1) short replicationFactor) {}

    /**
     * The limits of one evaluation of a user's CEL expression, as {@link CelLimits} describes them; a breach fails the
     * evaluation with a message naming the setting. The defaults are those of {@link CelLimits#DEFAULTS}, also listed
     * in {@code datasync-kit-defaults.properties}.
     */
    public record Cel(
            @DefaultValue("1048576") @Min(1) int maxStringLength,
            @DefaultValue("100000") @Min(1) int maxListSize,
            @DefaultValue("8388608") @Min(1) long maxTotalStringLength,
            @DefaultValue("1000000") @Min(1) long maxTotalListSize,
            @DefaultValue("100000") @Min(1) int maxIterations,
            @DefaultValue("2000") @Min(1) int maxRegexProgramSize,
            @DefaultValue("250ms") Duration timeLimit,
            @DefaultValue("10s") Duration totalTimeLimit) {

        /**
         * @throws IllegalArgumentException when the values do not work together, e.g. a total below its per-value limit
         */
        public CelLimits limits() {
            return new CelLimits(
                    maxStringLength,
                    maxListSize,
                    maxTotalStringLength,
                    maxTotalListSize,
                    maxIterations,
                    maxRegexProgramSize,
                    timeLimit,
                    totalTimeLimit);
        }
    }
}

package io.datasync.sync.connector.push;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How {@code POST /api/sync/push/{jobId}} takes records ({@code datasync.sync.push.*}).
 *
 * @param maxBodySize a larger body is refused with 413; {@code datasync.service.body-size-by-path} must allow at least
 *     this much for {@code /api/sync/push/}
 * @param maxRecords more records in one request is a 400 (split the body)
 * @param maxBacklog pushes are refused with 429 while the job's push topic holds more records than this that its run
 *     has not consumed yet
 * @param partitions partitions of a job's push topic, created on the first push; the most readers that share one job
 * @param replicationFactor replicas of a push topic; capped at the number of brokers
 * @param retention how long Kafka keeps pushed records (consumed or not)
 * @param sendTimeout how long a push waits for Kafka to acknowledge its records before answering 503
 */
@Validated
@ConfigurationProperties("datasync.sync.push")
public record PushProperties(
        @DefaultValue("10MB") DataSize maxBodySize,
        @DefaultValue("100000") @Min(1) @Max(1_000_000) int maxRecords,
        @DefaultValue("1000000") @Min(1) long maxBacklog,
        @DefaultValue("6") @Min(1) @Max(1000) int partitions,
        @DefaultValue("3") @Min(1) short replicationFactor,
        @DefaultValue("7d") Duration retention,
        @DefaultValue("30s") Duration sendTimeout) {}

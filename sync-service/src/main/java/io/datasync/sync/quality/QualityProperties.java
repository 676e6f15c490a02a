package io.datasync.sync.quality;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The quality gate's settings ({@code datasync.sync.quality.*}).
 *
 * @param url where quality-service listens (its internal API is not behind the gateway)
 * @param maskKey the key of the {@code mask} cleansing rule's salted hashes and tokens; empty derives one from the
 *     service token, so hashes stay the same across restarts without another secret to manage
 * @param quarantineRowsPerEvent quarantined rows per event to quality-service (a chunk's rows are split over several)
 * @param ratioAfterRows how many rows a run's gate must have seen before {@code maxErrorRatio} is enforced mid-run
 */
@Validated
@ConfigurationProperties("datasync.sync.quality")
public record QualityProperties(
        @DefaultValue("http://127.0.0.1:8083") java.net.URI url,
        @DefaultValue("") String maskKey,
        @DefaultValue("200") @Min(1) @Max(5000) int quarantineRowsPerEvent,
        @DefaultValue("1000") @Min(1) long ratioAfterRows) {}

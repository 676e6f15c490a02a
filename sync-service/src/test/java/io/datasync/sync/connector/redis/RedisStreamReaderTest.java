package io.datasync.sync.connector.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure parts of the stream reader: entry ids, split ids, the raw form of a rejected entry. */
class RedisStreamReaderTest {

    @Test
    void entryIdsCompareAsNumbersNotAsText() {
        assertThat(RedisStreamReader.compareIds("9-0", "10-0")).isNegative();
        assertThat(RedisStreamReader.compareIds("10-2", "10-10")).isNegative();
        assertThat(RedisStreamReader.compareIds("10-10", "10-10")).isZero();
        assertThat(RedisStreamReader.compareIds("1701000000000-1", "1701000000000-0"))
                .isPositive();
    }

    @Test
    void anEntryIdCarriesItsTime() {
        assertThat(RedisStreamReader.timeOf("1701000000123-4")).isEqualTo(Instant.ofEpochMilli(1701000000123L));
    }

    @Test
    void splitsAreNamedByStreamAndConsumer() {
        assertThat(RedisStreamReader.splitId("orders", "pod-0")).isEqualTo("redis/orders/pod-0");
    }

    @Test
    void aRejectedEntryKeepsItsStreamIdAndFieldsAsJson() {
        assertThat(new String(RedisStreamReader.raw("s", "1-0", Map.of("a", "x")), StandardCharsets.UTF_8))
                .isEqualTo("{\"stream\":\"s\",\"id\":\"1-0\",\"fields\":{\"a\":\"x\"}}");
        assertThat(new String(RedisStreamReader.raw("s", "1-0", null), StandardCharsets.UTF_8))
                .isEqualTo("{\"stream\":\"s\",\"id\":\"1-0\",\"fields\":null}");
    }
}

package io.datasync.sync.connector.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.sync.connector.spi.InvalidOptionsException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Redis source's options: defaults, and which options each mode takes, with messages naming the field. */
class RedisSourceOptionsTest {

    @Test
    void aStreamSourceHasDefaultsForEverythingButItsStreams() {
        RedisSourceOptions options = RedisSourceOptions.parse(Map.of("streams", List.of("orders")));
        assertThat(options.stream()).isTrue();
        assertThat(options.groupFor("j1")).isEqualTo("datasync-j1");
        assertThat(options.startId()).isEqualTo("$");
        assertThat(options.claimIdle()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.columns()).isEmpty();
    }

    @Test
    void aStreamSourceNeedsStreamsAndTakesNoChannels() {
        assertThatThrownBy(() -> RedisSourceOptions.parse(Map.of("channels", List.of("c"))))
                .isInstanceOf(InvalidOptionsException.class)
                .hasMessageContaining("/source/options/streams: is required for mode stream")
                .hasMessageContaining("/source/options/channels: does not apply to mode stream");
    }

    @Test
    void pubSubTakesChannelsOrPatternsButNoStreamOptions() {
        assertThat(RedisSourceOptions.parse(Map.of("mode", "pubsub", "patterns", List.of("a.*")))
                        .patterns())
                .containsExactly("a.*");
        assertThatThrownBy(() -> RedisSourceOptions.parse(Map.of("mode", "pubsub", "group", "g")))
                .isInstanceOf(InvalidOptionsException.class)
                .hasMessageContaining("/source/options/channels: mode pubsub needs channels, patterns or both")
                .hasMessageContaining("/source/options/group: does not apply to mode pubsub");
    }

    @Test
    void keyspaceNeedsPatternsAndHasFixedColumns() {
        assertThatThrownBy(() ->
                        RedisSourceOptions.parse(Map.of("mode", "keyspace", "columns", List.of(Map.of("name", "a")))))
                .isInstanceOf(InvalidOptionsException.class)
                .hasMessageContaining("/source/options/patterns: is required for mode keyspace")
                .hasMessageContaining("/source/options/columns: does not apply to mode keyspace");
    }

    @Test
    void badValuesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> RedisSourceOptions.parse(
                        Map.of("streams", List.of("a", "a"), "startId", "1-0", "claimIdle", "10ms")))
                .isInstanceOf(InvalidOptionsException.class)
                .hasMessageContaining("/source/options/streams")
                .hasMessageContaining("/source/options/startId")
                .hasMessageContaining("/source/options/claimIdle");
    }
}

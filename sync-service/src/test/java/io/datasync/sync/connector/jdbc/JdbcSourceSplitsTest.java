package io.datasync.sync.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.models.job.SourceSpec;
import io.datasync.models.job.SourceType;
import io.datasync.models.job.SplitSpec;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.Split;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Split ranges and positions, which need no database. */
class JdbcSourceSplitsTest {

    private static final JdbcEndpoint ENDPOINT = new JdbcEndpoint("jdbc:postgresql://db/app", "u", "p");

    @Test
    void rangesAreContiguousWithStableIdsAndOpenOuterEnds() {
        List<Split> splits = KeyRanges.ranges("id", BigInteger.ZERO, BigInteger.valueOf(999_999), 4);

        assertThat(splits)
                .extracting(Split::id)
                .containsExactly("id[0,250000)", "id[250000,500000)", "id[500000,750000)", "id[750000,999999]");
        assertThat(splits.get(0).bounds()).isEqualTo(Map.of("column", "id", "to", 250_000L));
        assertThat(splits.get(1).bounds()).isEqualTo(Map.of("column", "id", "from", 250_000L, "to", 500_000L));
        assertThat(splits.get(3).bounds()).isEqualTo(Map.of("column", "id", "from", 750_000L));
        assertThat(KeyRanges.ranges("id", BigInteger.ZERO, BigInteger.valueOf(999_999), 4))
                .isEqualTo(splits);
    }

    @Test
    void fewerKeysThanParallelismGiveOneSplitPerKey() {
        assertThat(KeyRanges.ranges("k", BigInteger.valueOf(5), BigInteger.valueOf(6), 8))
                .extracting(Split::id)
                .containsExactly("k[5,6)", "k[6,6]");
        assertThat(KeyRanges.ranges("k", BigInteger.TEN, BigInteger.TEN, 8))
                .extracting(Split::id)
                .containsExactly("k[10,10]");
    }

    @Test
    void extremeLongKeysDoNotOverflow() {
        List<Split> splits =
                KeyRanges.ranges("k", BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE), 3);

        assertThat(splits).hasSize(3);
        assertThat(splits.get(2).id()).endsWith(Long.MAX_VALUE + "]");
    }

    @Test
    void keyPositionsSurviveAJsonRoundTrip() {
        KeyPositions single = new KeyPositions(List.of(DataType.BIGINT), false);
        assertThat(single.encode(new Object[] {41230L}).values()).isEqualTo(Map.of("lastKey", 41230L));
        assertThat(single.decode(new Position(Map.of("lastKey", 41230)))).containsExactly(41230L);

        KeyPositions timestamp = new KeyPositions(List.of(DataType.TIMESTAMP, DataType.INT, DataType.TEXT), true);
        LocalDateTime at = LocalDateTime.of(2026, 11, 27, 10, 0, 0, 123_456_000);
        Position position = timestamp.encode(new Object[] {at, 3, "b"});
        assertThat(position.values())
                .isEqualTo(Map.of("watermark", "2026-11-27T10:00:00.123456", "lastKey", List.of(3, "b")));
        assertThat(timestamp.decode(position)).containsExactly(at, 3, "b");
        assertThat(timestamp.decode(Position.START)).isNull();
    }

    @Test
    void aPositionOfAnotherShapeIsRefused() {
        KeyPositions composite = new KeyPositions(List.of(DataType.INT, DataType.TEXT), false);

        assertThatThrownBy(() -> composite.decode(new Position(Map.of("lastKey", 7))))
                .isInstanceOfSatisfying(
                        ConnectorException.class, e -> assertThat(e.code()).isEqualTo("SYNC-001"));
        assertThatThrownBy(() -> composite.decode(new Position(Map.of("offset", 7))))
                .isInstanceOf(ConnectorException.class);
    }

    @Test
    void unsafeNamesAreRefusedBeforeAnyConnection() {
        SourceSpec badSplit = new SourceSpec(
                SourceType.JDBC, "c", "orders", null, null, new SplitSpec("id; drop table x", 2), Map.of());

        assertThatThrownBy(() -> new JdbcSource(ENDPOINT, badSplit))
                .isInstanceOfSatisfying(
                        ConnectorException.class, e -> assertThat(e.code()).isEqualTo("SYNC-001"));
        assertThatThrownBy(() -> new JdbcSource(
                        ENDPOINT, new SourceSpec(SourceType.JDBC, "c", "a.b.c", null, null, null, Map.of())))
                .isInstanceOf(ConnectorException.class);
    }

    @Test
    void anEndpointNeverPrintsItsPassword() {
        JdbcEndpoint endpoint =
                new JdbcEndpoint("jdbc:postgresql://db/app?user=u&password=s3cr3t&ssl=true", "u", "s3cr3t");

        assertThat(endpoint.toString()).doesNotContain("s3cr3t").contains("password=****&ssl=true");
        assertThat(new JdbcEndpoint("jdbc:mysql://u:s3cr3t@db/app", "u", null).redactedUrl())
                .isEqualTo("jdbc:mysql://u:****@db/app");
    }
}

package io.datasync.sync.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.models.job.SplitSpec;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Split;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The conditions a reader adds for each split, which need no database. */
class KeyRangesTest {

    private static final SplitSpec BY_ID = new SplitSpec("id", 3);

    @Test
    void innerRangesAreHalfOpenAndOuterRangesOpenEnded() {
        List<Split> splits = KeyRanges.ranges("id", BigInteger.ZERO, BigInteger.valueOf(899), 3);

        KeyRanges.Filter first = KeyRanges.filter(splits.get(0), BY_ID, Dialect.POSTGRESQL);
        KeyRanges.Filter middle = KeyRanges.filter(splits.get(1), BY_ID, Dialect.POSTGRESQL);
        KeyRanges.Filter last = KeyRanges.filter(splits.get(2), BY_ID, Dialect.POSTGRESQL);

        assertThat(first.conditions()).containsExactly("\"id\" < ?");
        assertThat(first.parameters()).containsExactly(300L);
        assertThat(middle.conditions()).containsExactly("\"id\" >= ?", "\"id\" < ?");
        assertThat(middle.parameters()).containsExactly(300L, 600L);
        assertThat(last.conditions()).containsExactly("\"id\" >= ?");
        assertThat(last.parameters()).containsExactly(600L);
        assertThat(List.of(first, middle, last)).noneMatch(KeyRanges.Filter::nulls);
    }

    @Test
    void aSingleRangeReadsEveryValueButNull() {
        Split only = KeyRanges.ranges("id", BigInteger.TEN, BigInteger.TEN, 3).get(0);

        KeyRanges.Filter filter = KeyRanges.filter(only, BY_ID, Dialect.MYSQL);

        assertThat(filter.conditions()).containsExactly("`id` IS NOT NULL");
        assertThat(filter.parameters()).isEmpty();
    }

    @Test
    void theNullSplitReadsOnlyTheRowsWhoseSplitColumnIsNull() {
        Split nulls = new Split("id[null]", Map.of("column", "id", "nulls", true));

        KeyRanges.Filter filter = KeyRanges.filter(nulls, BY_ID, Dialect.POSTGRESQL);

        assertThat(filter.conditions()).containsExactly("\"id\" IS NULL");
        assertThat(filter.parameters()).isEmpty();
        assertThat(filter.nulls()).isTrue();
    }

    @Test
    void theWholeSplitAddsNoCondition() {
        KeyRanges.Filter filter = KeyRanges.filter(Split.whole(), null, Dialect.POSTGRESQL);

        assertThat(filter.conditions()).isEmpty();
        assertThat(filter.parameters()).isEmpty();
        assertThat(filter.nulls()).isFalse();
    }

    @Test
    void aSplitMadeForAnotherColumnIsRefused() {
        Split other = new Split("k[0,10)", Map.of("column", "k", "to", 10L));

        assertThatThrownBy(() -> KeyRanges.filter(other, BY_ID, Dialect.POSTGRESQL))
                .isInstanceOfSatisfying(
                        ConnectorException.class, e -> assertThat(e.code()).isEqualTo("SYNC-001"));
        assertThatThrownBy(() -> KeyRanges.filter(other, null, Dialect.POSTGRESQL))
                .isInstanceOf(ConnectorException.class);
    }
}

package io.datasync.sync.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.models.job.IncrementalSpec;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parts of the incremental window that need no database. */
class IncrementalWindowTest {

    @Test
    void aFullReadHasNoWindowAndNoState() throws SQLException {
        IncrementalWindow window = IncrementalWindow.fix(null, null, IncrementalSpec.FULL, Map.of("maxKey", 7));

        assertThat(window.conditions()).isEmpty();
        assertThat(window.parameters()).isEmpty();
        assertThat(window.empty()).isFalse();
        assertThat(window.nextState()).isEmpty();
    }

    @Test
    void theSafetyLagIsSubtractedFromATimestampWatermark() {
        Duration lag = Duration.ofMinutes(10);

        assertThat(IncrementalWindow.minus(LocalDateTime.of(2026, 11, 27, 10, 0), lag))
                .isEqualTo(LocalDateTime.of(2026, 11, 27, 9, 50));
        assertThat(IncrementalWindow.minus(OffsetDateTime.of(2026, 11, 27, 0, 5, 0, 0, ZoneOffset.UTC), lag))
                .isEqualTo(OffsetDateTime.of(2026, 11, 26, 23, 55, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void aDateWatermarkMovesBackByTheLagRoundedUpToWholeDays() {
        LocalDate day = LocalDate.of(2026, 11, 27);

        assertThat(IncrementalWindow.minus(day, Duration.ZERO)).isEqualTo(day);
        assertThat(IncrementalWindow.minus(day, Duration.ofSeconds(1))).isEqualTo(day.minusDays(1));
        assertThat(IncrementalWindow.minus(day, Duration.ofHours(24))).isEqualTo(day.minusDays(1));
        assertThat(IncrementalWindow.minus(day, Duration.ofHours(25))).isEqualTo(day.minusDays(2));
    }
}

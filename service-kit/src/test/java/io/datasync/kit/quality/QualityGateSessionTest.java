package io.datasync.kit.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.models.quality.QualityTally;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class QualityGateSessionTest {

    private static final List<QualityColumn> COLUMNS =
            List.of(new QualityColumn("id", "BIGINT"), new QualityColumn("ref", "TEXT"));

    @Test
    void chunksAppliedInParallelCountEveryDuplicateExactlyOnce() throws Exception {
        QualityGate gate = QualityGate.compile(Orders.ruleSet("""
                        {"name": "parallel",
                         "cleansing": [{"dedupe": {"keys": ["ref"]}}],
                         "checks": [{"name": "id-unique", "column": "id", "unique": "run"}]}"""), COLUMNS, QualityGate.Settings.defaults());
        QualityGate.Session session = gate.newSession();
        // 64 chunks of 1000 rows: refs repeat every 16,000 rows (48,000 duplicates to dedupe), and the id is the ref
        // modulo 10,000, so whichever copy of a ref the dedupe keeps, the ids left are 0..9,999 once and 0..5,999
        // again.
        List<List<Object[]>> chunks = new ArrayList<>();
        for (int c = 0; c < 64; c++) {
            List<Object[]> rows = new ArrayList<>();
            for (int r = 0; r < 1000; r++) {
                long ref = (c * 1000L + r) % 16_000;
                rows.add(new Object[] {ref % 10_000, "ref-" + ref});
            }
            chunks.add(rows);
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<QualityGate.Outcome>> outcomes = new ArrayList<>();
            for (List<Object[]> chunk : chunks) {
                outcomes.add(pool.submit(() -> session.apply(chunk)));
            }
            QualityTally sum = QualityTally.EMPTY;
            for (Future<QualityGate.Outcome> outcome : outcomes) {
                sum = sum.plus(outcome.get().tally());
            }
            QualityTally total = session.total();
            assertThat(total).isEqualTo(sum);
            assertThat(total.rowsIn()).isEqualTo(64_000);
            assertThat(total.rowsDeduplicated()).isEqualTo(64_000 - 16_000);
            assertThat(total.checks().get("id-unique").evaluated()).isEqualTo(16_000);
            assertThat(total.checks().get("id-unique").violations()).isEqualTo(6_000);
            assertThat(total.rowsQuarantined()).isEqualTo(6_000);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aChunkThatFailsLeavesNoKeysBehindSoItsRetryIsClean() {
        AtomicBoolean down = new AtomicBoolean(true);
        Lookup flaky = (table, column, values) -> {
            if (down.get()) {
                throw new IllegalStateException("connection refused");
            }
            return Set.copyOf(values);
        };
        QualityGate gate = QualityGate.compile(
                Orders.ruleSet("""
                        {"name": "retry",
                         "cleansing": [{"dedupe": {"keys": ["id"]}}],
                         "checks": [{"name": "ref-unique", "column": "ref", "unique": "run"},
                                    {"name": "ref-known", "column": "ref", "reference": {"table": "refs", "column": "r"}}]}"""), COLUMNS, new QualityGate.Settings(null, null, Orders.CLOCK, flaky));
        QualityGate.Session session = gate.newSession();
        List<Object[]> chunk = List.of(new Object[] {1L, "a"}, new Object[] {2L, "b"});

        assertThatThrownBy(() -> session.apply(chunk)).hasMessage("connection refused");
        down.set(false);
        QualityGate.Outcome retried = session.apply(chunk);

        assertThat(retried.accepted()).hasSize(2);
        assertThat(retried.tally().rowsDeduplicated()).isZero();
        assertThat(session.total().rowsIn())
                .as("the failed attempt is not counted")
                .isEqualTo(2);
    }
}

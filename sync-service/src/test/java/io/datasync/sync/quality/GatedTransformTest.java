package io.datasync.sync.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.kit.quality.Lookup;
import io.datasync.kit.quality.QualityGate;
import io.datasync.kit.quality.QualityRuleSets;
import io.datasync.models.quality.QualityTally;
import io.datasync.models.quality.QuarantinedRow;
import io.datasync.models.quality.Severity;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.SyncErrorCode;
import io.datasync.sync.transform.spi.Transform;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class GatedTransformTest {

    private static final Schema SCHEMA = new Schema(
            List.of(
                    Column.of("id", DataType.BIGINT),
                    Column.of("email", DataType.TEXT),
                    Column.of("amount", DataType.DECIMAL),
                    Column.of("secret", DataType.TEXT)),
            List.of("id"));

    /** Passes every row on unchanged. */
    private static final Transform NONE = new Transform() {
        @Override
        public Schema outputSchema(Schema input) {
            return input;
        }

        @Override
        public Result apply(Chunk chunk) {
            return Result.allRows(chunk);
        }
    };

    private record Report(String chunkId, QualityTally tally, List<QuarantinedRow> quarantined) {}

    private final List<Report> reports = new ArrayList<>();

    private GatedTransform gate(String amountSeverity, double maxErrorRatio, long ratioAfter) {
        var rules = QualityRuleSets.parse(JsonMapper.builder().build().readTree("""
                {"name": "orders",
                 "cleansing": [ {"normalize": {"column": "email", "op": "lower-trim"}},
                                {"nulls": {"column": "secret", "action": "drop-field"}} ],
                 "checks": [
                   {"name": "email-format", "column": "email", "format": "email"},
                   {"name": "amount-positive", "column": "amount", "range": {"min": 0}, "severity": "%s"} ]}
                """.formatted(amountSeverity)));
        return new GatedTransform(
                NONE,
                new QualityRulesCache.Loaded("rs-1", "orders", 3, rules),
                new QualityGate.Settings(Severity.QUARANTINE, new byte[32], Clock.systemUTC(), Lookup.NONE),
                maxErrorRatio,
                ratioAfter,
                "run-1",
                (chunkId, tally, quarantined) -> reports.add(new Report(chunkId, tally, quarantined)));
    }

    private static Chunk chunk() {
        List<Object[]> rows = List.of(
                new Object[] {1L, " A@Example.com ", new BigDecimal("1.00"), "s"},
                new Object[] {2L, "not-an-email", new BigDecimal("2.00"), "s"},
                new Object[] {3L, "c@example.com", new BigDecimal("-3.00"), "s"},
                new Object[] {4L, "d@example.com", new BigDecimal("4.00"), "s"});
        return new Chunk(SCHEMA, rows, new Position(Map.of("id", 4)), 100);
    }

    @Test
    void acceptedRowsGoOnCleansedAndQuarantinedRowsAreReportedWholeBeforeTheWrite() {
        GatedTransform gated = gate("quarantine", 1.0, 1000);
        assertThat(gated.outputSchema(SCHEMA).names()).containsExactly("id", "email", "amount");

        Transform.Result result = gated.apply(chunk(), "split-0@{id=4}");

        assertThat(result.chunk().rows()).extracting(r -> r[0]).containsExactly(1L, 4L);
        assertThat(result.chunk().rows().get(0)[1]).isEqualTo("a@example.com");
        assertThat(result.inputRows()).containsExactly(0, 3);
        assertThat(result.errors()).as("not transform errors").isEmpty();
        Report report = reports.get(0);
        assertThat(report.tally().rowsIn()).isEqualTo(4);
        assertThat(report.tally().rowsQuarantined()).isEqualTo(2);
        assertThat(report.tally().checks().get("email-format").violations()).isEqualTo(1);
        assertThat(report.quarantined()).extracting(q -> q.key().get("id")).containsExactly(2L, 3L);
        assertThat(report.quarantined().get(0).row())
                .as("the whole row as it reached the gate")
                .containsEntry("secret", "s")
                .containsEntry("email", "not-an-email");
    }

    @Test
    void theSameChunkOfTheSameRunQuarantinesUnderTheSameIds() {
        gate("quarantine", 1.0, 1000).apply(chunk(), "split-0@{id=4}");
        gate("quarantine", 1.0, 1000).apply(chunk(), "split-0@{id=4}");
        gate("quarantine", 1.0, 1000).apply(chunk(), "split-0@{id=8}");
        List<String> first =
                reports.get(0).quarantined().stream().map(QuarantinedRow::id).toList();
        assertThat(reports.get(1).quarantined()).extracting(QuarantinedRow::id).isEqualTo(first);
        assertThat(reports.get(2).quarantined()).extracting(QuarantinedRow::id).doesNotContainAnyElementsOf(first);
        assertThat(reports.get(0).chunkId()).isEqualTo(reports.get(1).chunkId()).hasSize(32);
    }

    @Test
    void aFailCheckStopsTheRunNamingTheCheckAndTheKeyAfterReportingTheChunk() {
        assertThatThrownBy(() -> gate("fail", 1.0, 1000).apply(chunk(), "c"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(SyncErrorCode.QUALITY_CHECK_FAILED);
                    assertThat(e.retriable()).isFalse();
                    assertThat(e.getMessage()).contains("amount-positive", "{id=3}");
                });
        assertThat(reports).hasSize(1);
    }

    @Test
    void tooManyBadRowsStopTheRunOnceEnoughWereSeen() {
        GatedTransform gated = gate("quarantine", 0.25, 4);
        assertThatThrownBy(() -> gated.apply(chunk(), "c")).isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(SyncErrorCode.QUALITY_RATIO_EXCEEDED);
            assertThat(e.getMessage()).contains("2 of 4 rows");
        });
        GatedTransform lenient = gate("quarantine", 0.25, 5);
        assertThat(lenient.apply(chunk(), "c").chunk().size())
                .as("not enough rows seen yet")
                .isEqualTo(2);
        assertThatThrownBy(lenient::finish)
                .as("but the run's end holds it to the ratio")
                .isInstanceOfSatisfying(
                        ConnectorException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SyncErrorCode.QUALITY_RATIO_EXCEEDED));
        GatedTransform tolerant = gate("quarantine", 0.5, 5);
        tolerant.apply(chunk(), "c");
        tolerant.finish();
    }

    @Test
    void aRuleSetNamingAColumnTheRowsLackIsAProblemOfTheJob() {
        GatedTransform gated = gate("quarantine", 1.0, 1000);
        Schema other = new Schema(List.of(Column.of("id", DataType.BIGINT)), List.of("id"));
        assertThatThrownBy(() -> gated.outputSchema(other)).isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(SyncErrorCode.QUALITY_RULES_INVALID);
            assertThat(e.getMessage()).contains("/checks/0/column");
        });
    }

    @Test
    void cleanChunksAreReportedTogetherAndTheRestAtTheRunsEnd() {
        GatedTransform gated = gate("quarantine", 1.0, 1000);
        Chunk clean = new Chunk(
                SCHEMA,
                List.<Object[]>of(new Object[] {1L, "a@example.com", BigDecimal.ONE, "s"}),
                new Position(Map.of("id", 1)),
                10);
        for (int i = 0; i < GatedTransform.CLEAN_CHUNKS_PER_REPORT + 3; i++) {
            gated.apply(clean, "clean-" + i);
        }
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).tally().rowsIn()).isEqualTo(GatedTransform.CLEAN_CHUNKS_PER_REPORT);
        gated.apply(chunk(), "dirty");
        assertThat(reports).hasSize(2);
        assertThat(reports.get(1).tally().rowsIn())
                .as("the 3 clean rows pending, and the 4 of the chunk")
                .isEqualTo(7);
        gated.apply(clean, "clean-last");
        gated.finish();
        assertThat(reports).hasSize(3);
        assertThat(reports.stream().mapToLong(r -> r.tally().rowsIn()).sum())
                .isEqualTo(GatedTransform.CLEAN_CHUNKS_PER_REPORT + 3 + 4 + 1);
    }

    @Test
    void aChunkReadAgainAfterAFailedWriteGetsTheSameOutcomeInsteadOfDuplicatingItself() {
        var rules = QualityRuleSets.parse(JsonMapper.builder().build().readTree("""
                {"name": "orders",
                 "cleansing": [ {"dedupe": {"keys": ["id"], "keep": "first"}} ],
                 "checks": [ {"name": "id-unique", "column": "id", "unique": "run"} ]}
                """));
        GatedTransform gated = new GatedTransform(
                NONE,
                new QualityRulesCache.Loaded("rs-1", "orders", 3, rules),
                new QualityGate.Settings(Severity.QUARANTINE, new byte[32], Clock.systemUTC(), Lookup.NONE),
                1.0,
                1000,
                "job/task",
                (chunkId, tally, quarantined) -> reports.add(new Report(chunkId, tally, quarantined)));
        Transform.Result first = gated.apply(chunk(), "split-0@{id=4}");
        Transform.Result again = gated.apply(chunk(), "split-0@{id=4}");
        assertThat(first.chunk().size()).isEqualTo(4);
        assertThat(again.chunk().size()).as("not its own duplicates").isEqualTo(4);
        assertThat(reports).as("reported once").hasSize(0); // clean: pending until the end
        gated.finish();
        assertThat(reports)
                .singleElement()
                .satisfies(r -> assertThat(r.tally().rowsIn()).isEqualTo(4));
        Transform.Result next = gated.apply(chunk(), "split-0@{id=8}");
        assertThat(next.chunk().size())
                .as("a later chunk with the same ids is a duplicate")
                .isZero();
    }
}

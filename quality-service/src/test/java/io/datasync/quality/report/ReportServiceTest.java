package io.datasync.quality.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.models.quality.CheckTally;
import io.datasync.models.quality.Dimension;
import io.datasync.models.quality.QualityTally;
import io.datasync.models.quality.Severity;
import io.datasync.quality.run.ChunkRepository;
import io.datasync.quality.run.QualityRunRepository;
import io.datasync.quality.run.QualityScore;
import io.datasync.quality.run.RunTotals;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportServiceTest {

    private static QualityTally tally(long rowsIn, long violations) {
        Map<String, CheckTally> checks = new LinkedHashMap<>();
        checks.put("amount_range", new CheckTally(Dimension.VALIDITY, Severity.QUARANTINE, rowsIn, violations));
        checks.put("email_required", new CheckTally(Dimension.COMPLETENESS, Severity.WARN, rowsIn, 1));
        return new QualityTally(rowsIn, rowsIn - violations - 1, 1, 0, violations, 0, checks, Map.of("email", 1L));
    }

    private static ChunkRepository.StoredChunk chunk(long version, QualityTally tally) {
        return new ChunkRepository.StoredChunk("job-1", 4, "orders", version, tally, Instant.EPOCH);
    }

    @Test
    void addsUpTheChunksOfARunCheckByCheck() {
        RunTotals totals = RunTotals.of(List.of(chunk(1, tally(100, 10)), chunk(2, tally(50, 0))))
                .orElseThrow();

        assertThat(totals.chunks()).isEqualTo(2);
        assertThat(totals.ruleSetVersion()).as("the last chunk's version").isEqualTo(2);
        assertThat(totals.totals().rowsIn()).isEqualTo(150);
        assertThat(totals.totals().rowsQuarantined()).isEqualTo(10);
        assertThat(totals.totals().checks().get("amount_range").violations()).isEqualTo(10);
        assertThat(totals.totals().checks().get("email_required").evaluated()).isEqualTo(150);
        assertThat(totals.totals().nulls()).containsEntry("email", 2L);
        assertThat(RunTotals.of(List.of())).isEmpty();
    }

    @Test
    void assemblesAReportWithRatesPerCheckInRuleSetOrder() {
        RunTotals totals = RunTotals.of(List.of(chunk(3, tally(200, 20)))).orElseThrow();
        QualityRunRepository.QualityRun run = new QualityRunRepository.QualityRun(
                new QualityRunRepository.RunEnd(
                        "job-1", "run-1", "completed", 200L, 1500L, null, Instant.parse("2026-12-01T00:00:00Z")),
                null,
                null,
                null,
                null,
                null,
                null);
        QualityScore score = new QualityScore(93, Map.of("validity", 90.0), Map.of("validity", 1.0));

        RunReport report = ReportService.assemble("run-1", run, totals, score, List.of(), List.of());

        assertThat(report.jobId()).isEqualTo("job-1");
        assertThat(report.ruleSet()).isEqualTo("orders");
        assertThat(report.ruleSetVersion()).isEqualTo(3L);
        assertThat(report.outcome()).isEqualTo("completed");
        assertThat(report.totals().rowsAccepted()).isEqualTo(180);
        assertThat(report.checks())
                .extracting(RunReport.CheckLine::name)
                .containsExactly("amount_range", "email_required");
        RunReport.CheckLine range = report.checks().get(0);
        assertThat(range.rate()).isEqualTo(0.1);
        assertThat(range.dimension()).isEqualTo("validity");
        assertThat(range.severity()).isEqualTo("quarantine");
        assertThat(report.score().overall()).isEqualTo(93);
    }

    @Test
    void aRunStillGoingHasNoOutcomeAndAChecklessRunNoLines() {
        RunReport report = ReportService.assemble("run-2", null, null, null, List.of(), List.of());

        assertThat(report.outcome()).isNull();
        assertThat(report.checks()).isEmpty();
        assertThat(report.totals().rowsIn()).isZero();
    }
}

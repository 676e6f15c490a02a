package io.datasync.quality.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.quality.anomaly.AnomalyRepository;
import io.datasync.quality.run.PostLoadRepository;
import io.datasync.quality.run.QualityScore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReportHtmlTest {

    private static final String EVIL = "<img src=x onerror=alert(1)>";

    private static RunReport report(QualityScore score) {
        return new RunReport(
                "job-" + EVIL,
                "run-1",
                3L,
                "rules\"><script>",
                2L,
                "completed",
                Instant.parse("2026-12-01T10:00:00Z"),
                2,
                new RunReport.Totals(100, 90, 2, 3, 5, 0, 92),
                List.of(
                        new RunReport.CheckLine(EVIL, "validity", "quarantine", 100, 5, 0.05),
                        new RunReport.CheckLine("email_required", "completeness", "drop", 100, 3, 0.03)),
                score,
                List.of(new PostLoadRepository.PostLoadCheck(
                        "unique_id",
                        "uniqueness",
                        "warn",
                        "SELECT 1",
                        "dw.orders",
                        100,
                        100,
                        0,
                        "</td><script>x</script>",
                        "rules",
                        2,
                        Instant.EPOCH)),
                List.of(new AnomalyRepository.Anomaly(
                        UUID.randomUUID(),
                        "job",
                        "run-1",
                        "row_count",
                        10,
                        1000,
                        -5.2,
                        "rows <b>dropped</b>",
                        Instant.EPOCH)));
    }

    @Test
    void escapesEveryValueAndLoadsNothing() {
        String html = ReportHtml.render(report(new QualityScore(
                91.5, Map.of("validity", 95.0, "completeness", 97.0), Map.of("validity", 2.0, "completeness", 1.0))));

        assertThat(html)
                .doesNotContain("<script", "<img", "<b>", "onerror=alert(1)>")
                .contains("&lt;img src=x onerror=alert(1)&gt;", "rules&quot;&gt;&lt;script&gt;")
                .doesNotContain("<link", "<iframe", "url(", "@import", "https://", " href=");
        assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http://");
    }

    @Test
    void drawsTheCheckRatesAndDimensionScoresAsInlineSvgBars() {
        String html =
                ReportHtml.render(report(new QualityScore(91.5, Map.of("validity", 95.0), Map.of("validity", 2.0))));

        assertThat(html).contains("<svg xmlns=\"http://www.w3.org/2000/svg\"", "Violation rate per check");
        assertThat(html).contains("Score per dimension", "validity (weight 2.00)", "95.00", "5.00%", "91.50");
    }

    @Test
    void saysSoWhenARunHasNoScore() {
        String html = ReportHtml.render(report(null));

        assertThat(html).contains("Not scored").doesNotContain("Score per dimension");
    }

    @Test
    void clampsBarsToTheChart() {
        String svg = ReportHtml.chart(
                "t", List.of(new ReportHtml.Bar("over", "x", 7), new ReportHtml.Bar("nan", "y", Double.NaN)), "#000");

        assertThat(svg).contains("width=\"380\"", "width=\"0\"");
    }
}

package io.datasync.quality.report;

import io.datasync.quality.anomaly.AnomalyRepository;
import io.datasync.quality.run.PostLoadRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run report as one self-contained HTML page: no scripts, no external assets, every value escaped, and inline SVG
 * bar charts of the checks' violation rates and the dimension scores.
 */
public final class ReportHtml {

    private static final int CHART_WIDTH = 640;
    private static final int LABEL_WIDTH = 200;
    private static final int BAR_HEIGHT = 18;
    private static final int BAR_GAP = 6;

    private ReportHtml() {}

    /** One bar: its label, its value and how long it is as a share of the chart (0 to 1). */
    record Bar(String label, String value, double share) {}

    public static String render(RunReport report) {
        StringBuilder html = new StringBuilder(8192);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>Quality report of run ")
                .append(Html.escape(report.runId()))
                .append("</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}")
                .append("th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}")
                .append("td.n{text-align:right}.score{font-size:2.5em;font-weight:bold}")
                .append("dt{font-weight:bold;float:left;width:10em}dd{margin-left:10em}")
                .append("</style>\n</head>\n<body>\n");
        html.append("<h1>Quality report</h1>\n<dl>\n");
        item(html, "Job", report.jobId());
        item(html, "Run", report.runId());
        item(
                html,
                "Rule set",
                report.ruleSet() == null
                        ? null
                        : report.ruleSet() + (report.ruleSetVersion() == null ? "" : " v" + report.ruleSetVersion()));
        item(html, "Job version", report.jobVersion());
        item(html, "Outcome", report.outcome() == null ? "running" : report.outcome());
        item(html, "Ended", report.endedAt());
        item(html, "Chunks", report.chunks());
        html.append("</dl>\n");

        html.append("<h2>Score</h2>\n");
        if (report.score() == null) {
            html.append("<p>Not scored: no rows went through the quality gate.</p>\n");
        } else {
            html.append("<p class=\"score\">")
                    .append(Html.escape(number(report.score().overall())))
                    .append("</p>\n");
            List<Bar> bars = new ArrayList<>();
            report.score()
                    .dimensions()
                    .forEach((dimension, score) -> bars.add(new Bar(
                            dimension + weight(report.score().weights(), dimension), number(score), score / 100)));
            html.append(chart("Score per dimension", bars, "#2e7d32"));
        }

        RunReport.Totals totals = report.totals();
        html.append("<h2>Rows</h2>\n<table>\n<tr><th>in</th><th>passed</th><th>warned</th><th>dropped</th>")
                .append("<th>quarantined</th><th>deduplicated</th><th>written</th></tr>\n<tr>");
        for (long count : new long[] {
            totals.rowsIn(),
            totals.rowsPassed(),
            totals.rowsWarned(),
            totals.rowsDropped(),
            totals.rowsQuarantined(),
            totals.rowsDeduplicated(),
            totals.rowsAccepted()
        }) {
            html.append("<td class=\"n\">").append(count).append("</td>");
        }
        html.append("</tr>\n</table>\n");

        html.append("<h2>Checks</h2>\n");
        if (report.checks().isEmpty()) {
            html.append("<p>No checks ran.</p>\n");
        } else {
            html.append(chart(
                    "Violation rate per check",
                    report.checks().stream()
                            .map(c -> new Bar(c.name(), percent(c.rate()), c.rate()))
                            .toList(),
                    "#c62828"));
            html.append("<table>\n<tr><th>check</th><th>dimension</th><th>severity</th><th>evaluated</th>")
                    .append("<th>violations</th><th>rate</th></tr>\n");
            for (RunReport.CheckLine check : report.checks()) {
                html.append("<tr>");
                cell(html, check.name());
                cell(html, check.dimension());
                cell(html, check.severity());
                number(html, check.evaluated());
                number(html, check.violations());
                number(html, percent(check.rate()));
                html.append("</tr>\n");
            }
            html.append("</table>\n");
        }

        if (!report.postLoad().isEmpty()) {
            html.append("<h2>Post-load checks</h2>\n<table>\n<tr><th>check</th><th>table</th><th>dimension</th>")
                    .append("<th>severity</th><th>evaluated</th><th>violations</th><th>error</th></tr>\n");
            for (PostLoadRepository.PostLoadCheck check : report.postLoad()) {
                html.append("<tr>");
                cell(html, check.check());
                cell(html, check.table());
                cell(html, check.dimension());
                cell(html, check.severity());
                number(html, check.evaluated());
                number(html, check.violations());
                cell(html, check.error());
                html.append("</tr>\n");
            }
            html.append("</table>\n");
        }

        if (!report.anomalies().isEmpty()) {
            html.append("<h2>Anomalies</h2>\n<table>\n<tr><th>metric</th><th>observed</th><th>expected</th>")
                    .append("<th>deviation</th><th>message</th></tr>\n");
            for (AnomalyRepository.Anomaly anomaly : report.anomalies()) {
                html.append("<tr>");
                cell(html, anomaly.metric());
                number(html, number(anomaly.observed()));
                number(html, number(anomaly.expected()));
                number(html, number(anomaly.deviation()));
                cell(html, anomaly.message());
                html.append("</tr>\n");
            }
            html.append("</table>\n");
        }
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    /** A horizontal bar chart as inline SVG; shares are clamped to [0, 1]. */
    static String chart(String title, List<Bar> bars, String color) {
        int height = bars.size() * (BAR_HEIGHT + BAR_GAP) + BAR_GAP;
        int barSpace = CHART_WIDTH - LABEL_WIDTH - 60;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"")
                .append(CHART_WIDTH)
                .append("\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 ")
                .append(CHART_WIDTH)
                .append(' ')
                .append(height)
                .append("\">\n<title>")
                .append(Html.escape(title))
                .append("</title>\n");
        int y = BAR_GAP;
        for (Bar bar : bars) {
            double share = Double.isFinite(bar.share()) ? Math.max(0, Math.min(1, bar.share())) : 0;
            int width = (int) Math.round(share * barSpace);
            int textY = y + BAR_HEIGHT - 4;
            svg.append("<text x=\"0\" y=\"")
                    .append(textY)
                    .append("\" font-size=\"12\">")
                    .append(Html.escape(bar.label()))
                    .append("</text>")
                    .append("<rect x=\"")
                    .append(LABEL_WIDTH)
                    .append("\" y=\"")
                    .append(y)
                    .append("\" width=\"")
                    .append(width)
                    .append("\" height=\"")
                    .append(BAR_HEIGHT)
                    .append("\" fill=\"")
                    .append(color)
                    .append("\"/>")
                    .append("<text x=\"")
                    .append(LABEL_WIDTH + width + 4)
                    .append("\" y=\"")
                    .append(textY)
                    .append("\" font-size=\"12\">")
                    .append(Html.escape(bar.value()))
                    .append("</text>\n");
            y += BAR_HEIGHT + BAR_GAP;
        }
        return svg.append("</svg>\n").toString();
    }

    private static String weight(Map<String, Double> weights, String dimension) {
        Double weight = weights.get(dimension);
        return weight == null ? "" : " (weight " + number(weight) + ")";
    }

    private static void item(StringBuilder html, String name, Object value) {
        html.append("<dt>")
                .append(Html.escape(name))
                .append("</dt><dd>")
                .append(value == null ? "&ndash;" : Html.escape(value))
                .append("</dd>\n");
    }

    private static void cell(StringBuilder html, Object value) {
        html.append("<td>").append(Html.escape(value)).append("</td>");
    }

    private static void number(StringBuilder html, Object value) {
        html.append("<td class=\"n\">").append(Html.escape(value)).append("</td>");
    }

    static String number(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String percent(double rate) {
        return String.format(Locale.ROOT, "%.2f%%", rate * 100);
    }
}

package io.datasync.quality.report;

import io.datasync.kit.web.ApiException;
import io.datasync.models.problem.FieldError;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Run reports, a job's score trend and its recent quality runs over HTTP. */
@RestController
@RequestMapping("${datasync.service.api-base}")
public class ReportController {

    /** The HTML page loads nothing and runs nothing; its styles are inline. */
    static final String HTML_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    private final ReportService reports;

    public ReportController(ReportService reports) {
        this.reports = reports;
    }

    /**
     * A run's report: JSON, or an HTML page with {@code ?format=html} or when the caller accepts {@code text/html}
     * (a browser); {@code ?format=json} forces JSON.
     */
    @GetMapping("/reports/{runId}")
    public ResponseEntity<?> report(
            @PathVariable String runId,
            @RequestParam(required = false) String format,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        RunReport report = reports.report(runId);
        if (wantsHtml(format, accept)) {
            return ResponseEntity.ok()
                    .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                    .header("Content-Security-Policy", HTML_POLICY)
                    .header("X-Content-Type-Options", "nosniff")
                    .body(ReportHtml.render(report));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
    }

    static boolean wantsHtml(String format, String accept) {
        if (format != null) {
            if (!format.equalsIgnoreCase("html") && !format.equalsIgnoreCase("json")) {
                throw ApiException.invalid(
                        List.of(new FieldError("?format", "'" + format + "' is not a format: html or json")));
            }
            return format.equalsIgnoreCase("html");
        }
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/html");
    }

    /** A job's last scored runs, oldest first. */
    @GetMapping("/jobs/{jobId}/trend")
    public List<ReportService.TrendPoint> trend(
            @PathVariable String jobId, @RequestParam(defaultValue = "30") @Min(1) @Max(1000) int limit) {
        return reports.trend(jobId, limit);
    }

    /** A job's recent quality runs, newest first. */
    @GetMapping("/jobs/{jobId}/runs")
    public List<ReportService.RunLine> runs(
            @PathVariable String jobId, @RequestParam(defaultValue = "20") @Min(1) @Max(200) int limit) {
        return reports.runs(jobId, limit);
    }
}

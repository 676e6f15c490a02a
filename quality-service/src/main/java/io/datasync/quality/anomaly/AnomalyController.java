package io.datasync.quality.anomaly;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A job's anomalies over HTTP, newest first. */
@RestController
@RequestMapping("${datasync.service.api-base}/jobs/{jobId}/anomalies")
public class AnomalyController {

    private final AnomalyRepository anomalies;

    public AnomalyController(AnomalyRepository anomalies) {
        this.anomalies = anomalies;
    }

    @GetMapping
    public List<AnomalyRepository.Anomaly> list(
            @PathVariable String jobId, @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        return anomalies.ofJob(jobId, limit);
    }
}

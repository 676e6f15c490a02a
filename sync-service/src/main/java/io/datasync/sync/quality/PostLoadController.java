package io.datasync.sync.quality;

import io.datasync.models.event.QualityEvent;
import io.datasync.sync.config.JobCatalog;
import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Post-load checks on demand: {@code POST /api/sync/jobs/{jobId}/quality-checks[?runId=…]} runs the job's quality
 * checks as SQL on its target now, answers what they counted, and records them (for {@code runId}, or a new id) with
 * quality-service. A job without a rule set or a PostgreSQL target gets a 409 problem naming why.
 */
@RestController
@RequestMapping("${datasync.service.api-base}")
class PostLoadController {

    private final JobCatalog jobs;
    private final PostLoadChecks checks;

    PostLoadController(JobCatalog jobs, PostLoadChecks checks) {
        this.jobs = jobs;
        this.checks = checks;
    }

    @PostMapping("/jobs/{jobId}/quality-checks")
    QualityEvent.PostLoadChecked check(@PathVariable UUID jobId, @RequestParam(required = false) UUID runId) {
        return checks.check(
                jobs.resolve(jobId.toString(), null), (runId == null ? UUID.randomUUID() : runId).toString());
    }
}

package io.datasync.quality.quarantine;

import io.datasync.kit.web.ApiException;
import io.datasync.kit.web.Page;
import io.datasync.models.problem.FieldError;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The quarantine over HTTP, under {@code /api/quality/quarantine}: list, fix, replay, discard. */
@RestController
@RequestMapping("${datasync.service.api-base}/quarantine")
public class QuarantineController {

    private final QuarantineService quarantine;
    private final ReplayService replays;

    public QuarantineController(QuarantineService quarantine, ReplayService replays) {
        this.quarantine = quarantine;
        this.replays = replays;
    }

    /** Newest first, narrowed by job, run, rule (a check's name) and status. */
    @GetMapping
    public Page<QuarantineEntry> list(
            @RequestParam(required = false) String job,
            @RequestParam(required = false) String run,
            @RequestParam(required = false) String rule,
            @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
        QuarantineStatus parsed = null;
        if (status != null) {
            parsed = QuarantineStatus.parse(status);
            if (parsed == null) {
                throw ApiException.invalid(List.of(new FieldError(
                        "?status",
                        "'" + status + "' is not a status: one of "
                                + java.util.Arrays.toString(QuarantineStatus.values()))));
            }
        }
        return quarantine.list(
                new QuarantineRepository.Filter(blankToNull(job), blankToNull(run), blankToNull(rule), parsed),
                page,
                size);
    }

    @GetMapping("/{id}")
    public QuarantineEntry get(@PathVariable String id) {
        return quarantine.get(id);
    }

    /** Fixes a row: {@code {"row": {"column": value}}} merged into it; the row is then {@code fixed}. */
    @PatchMapping("/{id}")
    public QuarantineEntry fix(@PathVariable String id, @RequestBody JsonNode body) {
        return quarantine.fix(id, body);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void discard(@PathVariable String id) {
        quarantine.discard(id);
    }

    /** Replays rows: {@code {"job": "<jobId>", "ids": [...]}}, without ids all the job's fixed rows. */
    @PostMapping("/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public ReplayService.Accepted replay(@RequestBody JsonNode body) {
        return replays.replay(body);
    }

    @GetMapping("/replays/{replayId}")
    public ReplayService.Summary replaySummary(@PathVariable UUID replayId) {
        return replays.summary(replayId);
    }

    /** Discards rows: {@code {"job": "<jobId>", "ids": [...]}}; those not open or fixed are left as they are. */
    @PostMapping("/discard")
    public QuarantineService.Discarded discard(@RequestBody JsonNode body) {
        return quarantine.discard(body);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}

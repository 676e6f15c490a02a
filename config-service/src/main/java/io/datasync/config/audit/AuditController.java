package io.datasync.config.audit;

import io.datasync.kit.web.ApiException;
import io.datasync.kit.web.Page;
import io.datasync.models.problem.FieldError;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/config/audit}: the audit log, newest first, filtered by resource, actor and time ({@code from}
 * inclusive, {@code to} exclusive, ISO-8601 instants) and paged. Admins only ({@code ApiAccess}).
 */
@RestController
@RequestMapping("${datasync.service.api-base}/audit")
public class AuditController {

    /** Largest page of the audit log. */
    public static final int MAX_PAGE_SIZE = 200;

    private final AuditLog log;

    AuditController(AuditLog log) {
        this.log = log;
    }

    @GetMapping
    @Transactional(readOnly = true)
    public Page<AuditEntry> list(
            @RequestParam(required = false) @Size(min = 1, max = 100) String resourceType,
            @RequestParam(required = false) @Size(min = 1, max = 200) String resourceId,
            @RequestParam(required = false) @Size(min = 1, max = 200) String actor,
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(MAX_PAGE_SIZE) int size) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiException.invalid(List.of(new FieldError("?from", "must be before ?to (" + to + ")")));
        }
        AuditLog.Filter filter = new AuditLog.Filter(resourceType, resourceId, actor, from, to);
        long total = log.count(filter);
        long offset = (long) page * size;
        List<AuditEntry> items = offset >= total ? List.of() : log.page(filter, (int) offset, size);
        return Page.of(items, page, size, total);
    }
}

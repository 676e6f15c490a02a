package io.datasync.quality.quarantine;

import io.datasync.kit.web.ApiException;
import io.datasync.kit.web.Page;
import io.datasync.models.problem.ErrorCode;
import io.datasync.models.problem.FieldError;
import io.datasync.quality.QualityJson;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Reads, fixes and discards quarantined rows. */
@Service
public class QuarantineService {

    /** What a discard did. */
    public record Discarded(String job, int requested, int discarded) {}

    private final QuarantineRepository repository;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public QuarantineService(QuarantineRepository repository, TransactionTemplate transactions, Clock clock) {
        this.repository = repository;
        this.transactions = transactions;
        this.clock = clock;
    }

    public Page<QuarantineEntry> list(QuarantineRepository.Filter filter, int page, int size) {
        return Page.of(repository.list(filter, page, size), page, size, repository.count(filter));
    }

    public QuarantineEntry get(String id) {
        return repository.find(id).orElseThrow(() -> notFound(id));
    }

    /**
     * Merges the body's columns into the row (into its earlier fix, when it has one) and marks it {@code fixed}; the
     * row as the gate kept it stays as it was.
     */
    public QuarantineEntry fix(String id, JsonNode body) {
        return transactions.execute(status -> {
            QuarantineEntry entry = repository.lock(id).orElseThrow(() -> notFound(id));
            Set<String> columns = new LinkedHashSet<>(entry.row().propertyNames());
            Set<String> keys = entry.key() == null
                    ? Set.of()
                    : new LinkedHashSet<>(entry.key().propertyNames());
            Map<String, JsonNode> changes = QuarantineRequests.fix(body, columns, keys);
            QuarantineStatus current = QuarantineStatus.parse(entry.status());
            if (current != QuarantineStatus.OPEN && current != QuarantineStatus.FIXED) {
                throw new ApiException(
                        ErrorCode.CONFLICT,
                        "quarantine entry '" + id + "' is " + entry.status()
                                + "; only open or fixed rows can be fixed");
            }
            ObjectNode fixed = (ObjectNode)
                    (entry.fixedRow() != null && entry.fixedRow().isObject() ? entry.fixedRow() : entry.row())
                            .deepCopy();
            changes.forEach(fixed::set);
            repository.saveFix(id, QualityJson.write(fixed), clock.instant());
            return repository.find(id).orElseThrow();
        });
    }

    /** Discards the named rows of a job that are open or fixed; the others are left as they are. */
    public Discarded discard(JsonNode body) {
        QuarantineRequests.DiscardRequest request = QuarantineRequests.discard(body);
        int discarded =
                transactions.execute(status -> repository.discard(request.job(), request.ids(), clock.instant()));
        return new Discarded(request.job(), request.ids().size(), discarded);
    }

    /** Discards one row; discarding a discarded row again is fine, one sent to or written by a replay is not. */
    public void discard(String id) {
        transactions.executeWithoutResult(status -> {
            QuarantineEntry entry = get(id);
            QuarantineStatus current = QuarantineStatus.parse(entry.status());
            if (current == QuarantineStatus.DISCARDED) {
                return;
            }
            if (repository.discard(entry.jobId(), List.of(id), clock.instant()) == 0) {
                throw new ApiException(
                        ErrorCode.CONFLICT,
                        "quarantine entry '" + id + "' is " + entry.status()
                                + "; only open or fixed rows can be discarded",
                        List.of(new FieldError("/status", "is " + entry.status())));
            }
        });
    }

    static ApiException notFound(String id) {
        return ApiException.notFound("quarantine entry", id);
    }
}

package io.datasync.quality.rules;

import io.datasync.kit.outbox.Outbox;
import io.datasync.kit.web.ApiException;
import io.datasync.kit.web.ETags;
import io.datasync.kit.web.Page;
import io.datasync.models.event.ChangeKind;
import io.datasync.models.event.QualityEvent;
import io.datasync.models.problem.ErrorCode;
import io.datasync.models.problem.FieldError;
import io.datasync.models.quality.Dimension;
import io.datasync.quality.QualityJson;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Saves and reads quality rule sets. Every save is validated by the kit's engine (all errors at once) before anything
 * is written; each change and its {@link QualityEvent.QualityRulesChanged} event commit in one transaction, so the
 * sync engine's gate reloads exactly what was saved.
 */
@Service
public class RuleSetService {

    private static final Logger log = LoggerFactory.getLogger(RuleSetService.class);

    /** A rule set (its current or an older version) as answered; {@code definition} is its canonical JSON. */
    public record RuleSetView(
            UUID id, String name, long version, JsonNode definition, Instant createdAt, Instant updatedAt) {}

    /** A line of the rule set list. */
    public record Summary(UUID id, String name, long version, Instant createdAt, Instant updatedAt) {}

    public record VersionSummary(long version, String name, Instant createdAt) {}

    /** What {@code validate} found: {@code valid} when there are no errors. */
    public record ValidationReport(boolean valid, List<FieldError> errors) {}

    /** The current version of a live rule set, for the internal API. */
    public record Current(UUID id, String name, long version, JsonNode definition) {}

    private final RuleSetRepository repository;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public RuleSetService(RuleSetRepository repository, Outbox outbox, TransactionTemplate transactions, Clock clock) {
        this.repository = repository;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
    }

    public RuleSetView create(JsonNode body) {
        Checked checked = checked(body);
        String name = checked.name();
        JsonNode definition = checked.definition();
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        saving(
                name,
                () -> transactions.executeWithoutResult(status -> {
                    if (repository.nameTaken(name, null)) {
                        throw nameTaken(name);
                    }
                    repository.insert(id, name, definition.toString(), now);
                    outbox.append(new QualityEvent.QualityRulesChanged(id.toString(), name, 1, ChangeKind.CREATED));
                }));
        return new RuleSetView(id, name, 1, definition, now, now);
    }

    /** Saves a new version; with {@code ifMatch} only when the caller read the current one (else 412). */
    public RuleSetView update(UUID id, JsonNode body, String ifMatch) {
        Checked checked = checked(body);
        String name = checked.name();
        JsonNode definition = checked.definition();
        Instant now = clock.instant();
        long[] version = new long[1];
        Instant[] createdAt = new Instant[1];
        saving(
                name,
                () -> transactions.executeWithoutResult(status -> {
                    RuleSetRepository.Head head = repository.find(id).orElseThrow(() -> notFound(id));
                    ETags.check(ifMatch, head.version(), "rule set '" + head.name() + "'");
                    if (repository.nameTaken(name, id)) {
                        throw nameTaken(name);
                    }
                    version[0] = repository
                            .update(id, name, definition.toString(), now, head.version())
                            .orElseThrow(() -> ETags.changedMeanwhile("rule set '" + head.name() + "'"));
                    createdAt[0] = head.createdAt();
                    outbox.append(
                            new QualityEvent.QualityRulesChanged(id.toString(), name, version[0], ChangeKind.UPDATED));
                }));
        return new RuleSetView(id, name, version[0], definition, createdAt[0], now);
    }

    /** Deletes a rule set (with {@code ifMatch}, only the version the caller read); its versions stay for reports. */
    public void delete(UUID id, String ifMatch) {
        transactions.executeWithoutResult(status -> {
            if (ifMatch != null) {
                RuleSetRepository.Head current = repository.find(id).orElseThrow(() -> notFound(id));
                ETags.check(ifMatch, current.version(), "rule set '" + current.name() + "'");
            }
            RuleSetRepository.Head head = repository.delete(id, clock.instant()).orElseThrow(() -> notFound(id));
            outbox.append(new QualityEvent.QualityRulesChanged(
                    id.toString(), head.name(), head.version(), ChangeKind.DELETED));
        });
    }

    public RuleSetView get(UUID id) {
        RuleSetRepository.Head head = repository.find(id).orElseThrow(() -> notFound(id));
        RuleSetRepository.Version version =
                repository.version(id, head.version()).orElseThrow(() -> notFound(id));
        return new RuleSetView(
                id, head.name(), head.version(), QualityJson.tree(version.body()), head.createdAt(), head.updatedAt());
    }

    public Page<Summary> list(int page, int size) {
        List<Summary> items = repository.list(page, size).stream()
                .map(h -> new Summary(h.id(), h.name(), h.version(), h.createdAt(), h.updatedAt()))
                .toList();
        return Page.of(items, page, size, repository.count());
    }

    public List<VersionSummary> versions(UUID id) {
        repository.find(id).orElseThrow(() -> notFound(id));
        return repository.versions(id).stream()
                .map(v -> new VersionSummary(v.version(), v.name(), v.createdAt()))
                .toList();
    }

    public RuleSetView version(UUID id, long version) {
        RuleSetRepository.Head head = repository.find(id).orElseThrow(() -> notFound(id));
        RuleSetRepository.Version saved = repository
                .version(id, version)
                .orElseThrow(() -> ApiException.notFound("version " + version + " of rule set", id.toString()));
        return new RuleSetView(
                id, saved.name(), version, QualityJson.tree(saved.body()), head.createdAt(), saved.createdAt());
    }

    /** The current version of the live rule set with this name (for the sync engine's gate). */
    public Current current(String name) {
        RuleSetRepository.Head head =
                repository.findByName(name).orElseThrow(() -> ApiException.notFound("quality rule set", name));
        RuleSetRepository.Version version = repository
                .version(head.id(), head.version())
                .orElseThrow(() -> ApiException.notFound("quality rule set", name));
        return new Current(head.id(), head.name(), head.version(), QualityJson.tree(version.body()));
    }

    /**
     * The dimension weights of the rule set version a run ran; empty when that version is not known here (then the
     * score weighs the dimensions as the engine does without weights).
     */
    public Map<Dimension, Double> weights(String name, long version) {
        Optional<RuleSetRepository.Version> saved = repository.versionByName(name, version);
        if (saved.isEmpty()) {
            log.warn("Rule set '{}' version {} is not known here: scoring without its weights", name, version);
            return Map.of();
        }
        return RuleSetDefinitions.weights(QualityJson.tree(saved.get().body()));
    }

    /** Checks a rule set as a save would, without saving. */
    public ValidationReport validate(JsonNode body) {
        RuleSetDefinitions.Parsed parsed = RuleSetDefinitions.parse(body);
        return new ValidationReport(parsed.valid(), parsed.errors());
    }

    private record Checked(String name, JsonNode definition) {}

    /** The name and canonical JSON of a valid body; a 400 with every error otherwise. */
    private static Checked checked(JsonNode body) {
        RuleSetDefinitions.Parsed parsed = RuleSetDefinitions.parse(body);
        if (!parsed.valid()) {
            throw ApiException.invalid(parsed.errors());
        }
        return new Checked(RuleSetDefinitions.name(parsed.ruleSet()), RuleSetDefinitions.canonical(parsed.ruleSet()));
    }

    /** Two saves of one name racing past the check: the unique index decides, and the loser hears why. */
    private static void saving(String name, Runnable save) {
        try {
            save.run();
        } catch (DuplicateKeyException e) {
            throw nameTaken(name);
        }
    }

    private static ApiException nameTaken(String name) {
        return new ApiException(
                ErrorCode.CONFLICT,
                "a quality rule set named '" + name + "' already exists",
                List.of(new FieldError("/name", "is already used by another rule set")));
    }

    private static ApiException notFound(UUID id) {
        return ApiException.notFound("quality rule set", id.toString());
    }
}

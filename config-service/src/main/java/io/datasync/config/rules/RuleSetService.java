package io.datasync.config.rules;

import io.datasync.config.audit.AuditTrail;
import io.datasync.kit.cel.CelExpressions;
import io.datasync.kit.outbox.Outbox;
import io.datasync.kit.web.ApiException;
import io.datasync.kit.web.ETags;
import io.datasync.kit.web.Page;
import io.datasync.models.event.ChangeKind;
import io.datasync.models.event.ConfigChange;
import io.datasync.models.json.Json;
import io.datasync.models.problem.ErrorCode;
import io.datasync.models.problem.FieldError;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Saves, reads and runs rule sets. Every save is checked (all errors at once, then conflicts) before anything is
 * written; each change and its {@link ConfigChange.RuleSetChanged} event commit in one transaction.
 */
@Service
public class RuleSetService {

    /** A rule set (its current or an older version) as answered. */
    public record RuleSetView(
            UUID id,
            String name,
            long version,
            String description,
            JsonNode rules,
            Instant createdAt,
            Instant updatedAt) {}

    public record VersionSummary(long version, Instant createdAt) {}

    /** The current version of a live rule set, as the rules it runs. */
    public record Current(UUID id, long version, RuleSetDefinition definition) {}

    /** What {@code validate} found; {@code valid} when there are neither errors nor conflicts. */
    public record ValidationReport(boolean valid, List<FieldError> errors, List<ConflictDetector.Conflict> conflicts) {}

    /** The results of running a rule set on sample records, one per record in their order. */
    public record EvaluationReport(
            UUID ruleSetId,
            String name,
            long version,
            int accepted,
            int rejected,
            List<CompiledRuleSet.RecordResult> results) {}

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
        RuleSetDefinition definition = checked(body);
        String json = RuleSetJson.write(definition).toString();
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        saving(
                definition.name(),
                () -> transactions.executeWithoutResult(status -> {
                    if (repository.nameTaken(definition.name(), null)) {
                        throw nameTaken(definition.name());
                    }
                    repository.insert(id, definition.name(), json, now);
                    outbox.append(
                            new ConfigChange.RuleSetChanged(id.toString(), definition.name(), 1, ChangeKind.CREATED));
                    AuditTrail.versions(id.toString(), null, 1L);
                }));
        return view(id, definition, 1, now, now);
    }

    /** Saves a new version; with {@code ifMatch} only when the caller read the current one (else 412). */
    public RuleSetView update(UUID id, JsonNode body, String ifMatch) {
        RuleSetDefinition definition = checked(body);
        String json = RuleSetJson.write(definition).toString();
        Instant now = clock.instant();
        long[] version = new long[1];
        Instant[] createdAt = new Instant[1];
        saving(
                definition.name(),
                () -> transactions.executeWithoutResult(status -> {
                    RuleSetRepository.Head head = repository.find(id).orElseThrow(() -> notFound(id));
                    ETags.check(ifMatch, head.version(), "rule set '" + head.name() + "'");
                    if (repository.nameTaken(definition.name(), id)) {
                        throw nameTaken(definition.name());
                    }
                    version[0] = repository
                            .update(id, definition.name(), json, now, head.version())
                            .orElseThrow(() -> ETags.changedMeanwhile("rule set '" + head.name() + "'"));
                    createdAt[0] = head.createdAt();
                    outbox.append(new ConfigChange.RuleSetChanged(
                            id.toString(), definition.name(), version[0], ChangeKind.UPDATED));
                    AuditTrail.versions(id.toString(), head.version(), version[0]);
                }));
        return view(id, definition, version[0], createdAt[0], now);
    }

    /** Deletes a rule set (with {@code ifMatch}, only the version the caller read); the event carries its last version. */
    public void delete(UUID id, String ifMatch) {
        transactions.executeWithoutResult(status -> {
            if (ifMatch != null) {
                RuleSetRepository.Head current = repository.find(id).orElseThrow(() -> notFound(id));
                ETags.check(ifMatch, current.version(), "rule set '" + current.name() + "'");
            }
            RuleSetRepository.Head head = repository.delete(id, clock.instant()).orElseThrow(() -> notFound(id));
            outbox.append(
                    new ConfigChange.RuleSetChanged(id.toString(), head.name(), head.version(), ChangeKind.DELETED));
            AuditTrail.versions(id.toString(), head.version(), null);
        });
    }

    /** Whether a live rule set has this name (for jobs naming it). */
    public boolean exists(String name) {
        return repository.idByName(name).isPresent();
    }

    /** The current version of the live rule set with this name (for the sync engine's rules transform). */
    public RuleSetView byName(String name) {
        return get(repository.idByName(name).orElseThrow(() -> ApiException.notFound("rule set", name)));
    }

    /** The current version of the live rule set with this name, as its rules (for the internal API). */
    public Current current(String name) {
        UUID id = repository.idByName(name).orElseThrow(() -> ApiException.notFound("rule set", name));
        RuleSetRepository.Head head = repository.find(id).orElseThrow(() -> ApiException.notFound("rule set", name));
        RuleSetRepository.Version version =
                repository.version(id, head.version()).orElseThrow(() -> ApiException.notFound("rule set", name));
        return new Current(id, head.version(), RuleSetJson.read(version.body()));
    }

    public RuleSetView get(UUID id) {
        RuleSetRepository.Head head = repository.find(id).orElseThrow(() -> notFound(id));
        RuleSetRepository.Version version =
                repository.version(id, head.version()).orElseThrow(() -> notFound(id));
        return view(id, RuleSetJson.read(version.body()), head.version(), head.createdAt(), head.updatedAt());
    }

    public Page<RuleSetRepository.Summary> list(int page, int size) {
        return Page.of(repository.list(page, size), page, size, repository.count());
    }

    public List<VersionSummary> versions(UUID id) {
        repository.find(id).orElseThrow(() -> notFound(id));
        return repository.versions(id).stream()
                .map(v -> new VersionSummary(v.version(), v.createdAt()))
                .toList();
    }

    public RuleSetView version(UUID id, long version) {
        RuleSetRepository.Head head = repository.find(id).orElseThrow(() -> notFound(id));
        RuleSetRepository.Version saved = repository
                .version(id, version)
                .orElseThrow(() -> ApiException.notFound("version " + version + " of rule set", id.toString()));
        return view(id, RuleSetJson.read(saved.body()), version, head.createdAt(), saved.createdAt());
    }

    /**
     * Runs a saved rule set on the body's {@code records}, all within the CEL total time limit.
     *
     * @param version the version to run; null for the current one
     * @throws ApiException a 400 naming the rule and the record when a rule breaks a CEL limit on a record, or the
     *     records take longer than the total time limit together
     */
    public EvaluationReport evaluate(UUID id, Long version, JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            errors.add(new FieldError("/", "expected an object with records: [ {...}, ... ]"));
        } else {
            body.propertyNames().stream()
                    .filter(key -> !key.equals("records"))
                    .forEach(key -> errors.add(new FieldError(
                            "/" + Json.token(key), "unknown field '" + key + "'; known fields: [records]")));
        }
        List<Map<String, Object>> records =
                RuleSetJson.records(body == null ? null : body.get("records"), "/records", true, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        RuleSetRepository.Head head = repository.find(id).orElseThrow(() -> notFound(id));
        long run = version == null ? head.version() : version;
        RuleSetRepository.Version saved = repository
                .version(id, run)
                .orElseThrow(() -> ApiException.notFound("version " + run + " of rule set", id.toString()));
        CompiledRuleSet ruleSet = CompiledRuleSet.of(RuleSetJson.read(saved.body()));
        List<CompiledRuleSet.RecordResult> results =
                CelExpressions.withinTotalTimeLimit(() -> evaluateAll(ruleSet, records));
        int rejected = (int) results.stream()
                .filter(r -> r.outcome().equals(CompiledRuleSet.RecordResult.REJECTED))
                .count();
        return new EvaluationReport(id, ruleSet.definition().name(), run, results.size() - rejected, rejected, results);
    }

    /**
     * Runs the rule set on each record in order; a rule breaking a CEL limit stops the preview, naming the rule and
     * the record (a run would reject that row).
     */
    private static List<CompiledRuleSet.RecordResult> evaluateAll(
            CompiledRuleSet ruleSet, List<Map<String, Object>> records) {
        List<CompiledRuleSet.RecordResult> results = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            try {
                results.add(ruleSet.evaluate(records.get(i)));
            } catch (RuleLimitException e) {
                throw limitBroken(e.on("record " + i), "/records" + (e.totalTimeRanOut() ? "" : "/" + i));
            }
        }
        return results;
    }

    /** Checks a rule set as a save would, without saving: 200 with every error and conflict found. */
    public ValidationReport validate(JsonNode body) {
        RuleSetJson.Parsed parsed = RuleSetJson.parse(body);
        if (!parsed.errors().isEmpty()) {
            return new ValidationReport(false, parsed.errors(), List.of());
        }
        try {
            List<ConflictDetector.Conflict> conflicts =
                    ConflictDetector.find(CompiledRuleSet.of(parsed.definition()), parsed.samples());
            return new ValidationReport(conflicts.isEmpty(), List.of(), conflicts);
        } catch (RuleLimitException e) {
            return new ValidationReport(false, limitBroken(e).errors(), List.of());
        }
    }

    private static RuleSetDefinition checked(JsonNode body) {
        RuleSetJson.Parsed parsed = RuleSetJson.parse(body);
        RuleSetDefinition definition = parsed.orThrow();
        List<ConflictDetector.Conflict> conflicts;
        try {
            conflicts = ConflictDetector.find(CompiledRuleSet.of(definition), parsed.samples());
        } catch (RuleLimitException e) {
            throw limitBroken(e);
        }
        if (!conflicts.isEmpty()) {
            throw new RuleConflictException(conflicts);
        }
        return definition;
    }

    /** A rule set whose expression broke a CEL limit while being checked for conflicts: the error is at the rule. */
    private static ApiException limitBroken(RuleLimitException e) {
        return limitBroken(e, e.totalTimeRanOut() ? "/rules" : e.pointer());
    }

    private static ApiException limitBroken(RuleLimitException e, String pointer) {
        String detail = e.totalTimeRanOut()
                ? "the rule set took too long to evaluate: " + e.limitMessage() + "; it was at " + e.where()
                : "a rule broke a CEL limit, so its evaluation was stopped: " + e.getMessage();
        return new ApiException(ErrorCode.VALIDATION_FAILED, detail, List.of(new FieldError(pointer, e.getMessage())));
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
                "a rule set named '" + name + "' already exists",
                List.of(new FieldError("/name", "is already used by another rule set")));
    }

    private static ApiException notFound(UUID id) {
        return ApiException.notFound("rule set", id.toString());
    }

    private static RuleSetView view(
            UUID id, RuleSetDefinition definition, long version, Instant createdAt, Instant updatedAt) {
        return new RuleSetView(
                id,
                definition.name(),
                version,
                definition.description(),
                RuleSetJson.write(definition).get("rules"),
                createdAt,
                updatedAt);
    }
}

package io.datasync.config.job;

import io.datasync.config.connection.ConnectionCatalog;
import io.datasync.kit.cron.QuartzCron;
import io.datasync.models.connector.JobChecks;
import io.datasync.models.job.JobDefinition;
import io.datasync.models.job.JobDefinitions;
import io.datasync.models.job.SqlIdentifiers;
import io.datasync.models.job.TransformStep;
import io.datasync.models.json.Json;
import io.datasync.models.problem.FieldError;
import io.datasync.models.transform.TransformCatalog;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates a job definition in three passes and reports every problem of a pass at once, each with a JSON pointer:
 *
 * <ol>
 *   <li>syntax (JSON or YAML);
 *   <li>structure against the published JSON Schema (unknown fields, types, enums, required fields);
 *   <li>meaning: a connector reads the source kind and writes the target kind with the options, modes and blocks
 *       given, referenced connections exist and fit ({@link JobChecks}, shared with sync-service), cron is valid,
 *       transforms are known with valid options, CEL compiles, table and column names are safe identifiers.
 * </ol>
 */
@Component
public class JobValidator {

    /** The outcome: a definition and its next fire times when valid, otherwise the errors. */
    public record Validation(JobDefinition definition, List<FieldError> errors, List<OffsetDateTime> nextFireTimes) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    private final ConnectionCatalog connections;
    private final ExpressionChecker expressions;
    private final RuleSetNames ruleSets;
    private final Clock clock;

    public JobValidator(
            ConnectionCatalog connections, ExpressionChecker expressions, RuleSetNames ruleSets, Clock clock) {
        this.connections = connections;
        this.expressions = expressions;
        this.ruleSets = ruleSets;
        this.clock = clock;
    }

    public Validation validate(String text, JobDefinitions.Format format) {
        JsonNode tree;
        try {
            tree = text == null || text.isBlank()
                    ? null
                    : JobDefinitions.mapper(format).readTree(text);
        } catch (JacksonException e) {
            return invalid(List.of(Json.fieldError(e, format.name())));
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return invalid(List.of(new FieldError("/", "the job definition is empty")));
        }
        return validate(tree);
    }

    /** Validates an already parsed definition (e.g. an instantiated template). */
    public Validation validate(JsonNode tree) {
        // Every problem at once: a value that fails the structure or the definition's own checks is reported and
        // left out (its default takes its place), and the rest is read and checked for meaning too, so an author
        // never fixes one problem only to be shown the next.
        List<FieldError> errors = new ArrayList<>(SchemaCheck.check(JobSchema.schema(), tree));
        List<String> leftOut = new ArrayList<>();
        JsonNode work = tree.deepCopy();
        for (FieldError error : errors) {
            leaveOut(work, error.pointer(), leftOut);
        }
        JobDefinition definition = null;
        for (int attempt = 0; attempt <= MAX_LEFT_OUT && definition == null; attempt++) {
            try {
                definition = JobDefinitions.mapper(JobDefinitions.Format.JSON).treeToValue(work, JobDefinition.class);
            } catch (JacksonException e) {
                FieldError error = JobDefinitions.toFieldError(e, JobDefinitions.Format.JSON);
                if (errors.stream().noneMatch(known -> known.pointer().equals(error.pointer()))) {
                    errors.add(error); // else the structure check named this value already, in its own words
                }
                if (!leaveOut(work, error.pointer(), leftOut)) {
                    return invalid(errors); // nothing to leave out: what remains cannot be read
                }
            }
        }
        if (definition == null) {
            return invalid(errors);
        }
        for (FieldError error : meaning(definition)) {
            if (leftOut.stream()
                    .noneMatch(p -> error.pointer().equals(p) || error.pointer().startsWith(p + "/"))) {
                errors.add(error); // a problem of a value left out was reported already
            }
        }
        if (!errors.isEmpty()) {
            return invalid(errors);
        }
        var schedule = definition.schedule();
        List<OffsetDateTime> next = schedule == null
                ? List.of()
                : QuartzCron.next(schedule.cron(), schedule.timezone(), clock.instant(), 5).stream()
                        .map(at -> OffsetDateTime.ofInstant(at, schedule.timezone()))
                        .toList();
        return new Validation(definition, List.of(), next);
    }

    /** How many values one validation leaves out before it stops reading (each failed read leaves out one). */
    private static final int MAX_LEFT_OUT = 64;

    /**
     * Removes the member at {@code pointer} from its object, so the definition can be read without it.
     *
     * @return whether there was such a member (the root, a list item or a missing member is not left out)
     */
    private static boolean leaveOut(JsonNode tree, String pointer, List<String> leftOut) {
        if (pointer.equals("/") || pointer.isEmpty()) {
            return false;
        }
        JsonPointer at = JsonPointer.compile(pointer);
        JsonNode parent = tree.at(at.head());
        String name = at.last().getMatchingProperty();
        if (parent instanceof ObjectNode object && object.has(name)) {
            object.remove(name);
            leftOut.add(pointer);
            return true;
        }
        return false;
    }

    private static Validation invalid(List<FieldError> errors) {
        return new Validation(null, List.copyOf(errors), List.of());
    }

    private List<FieldError> meaning(JobDefinition job) {
        List<FieldError> errors = new ArrayList<>(JobChecks.check(job, connections::describe));
        var source = job.source();
        if (source.table() != null && !SqlIdentifiers.isTable(source.table())) {
            errors.add(unsafe("/source/table", source.table()));
        }
        if (source.query() != null && !isSingleSelect(source.query())) {
            errors.add(new FieldError(
                    "/source/query", "must be one read-only SELECT (or WITH … SELECT) statement, without ';'"));
        }
        if (source.incremental().column() != null
                && !SqlIdentifiers.isColumn(source.incremental().column())) {
            errors.add(unsafe("/source/incremental/column", source.incremental().column()));
        }
        if (source.split() != null && !SqlIdentifiers.isColumn(source.split().column())) {
            errors.add(unsafe("/source/split/column", source.split().column()));
        }
        var target = job.target();
        for (int i = 0; i < target.keys().size(); i++) {
            if (!SqlIdentifiers.isColumn(target.keys().get(i))) {
                errors.add(unsafe("/target/keys/" + i, target.keys().get(i)));
            }
        }
        for (int i = 0; i < job.transforms().size(); i++) {
            TransformStep step = job.transforms().get(i);
            String pointer = "/transforms/" + i;
            errors.addAll(TransformCatalog.validate(step, pointer));
            if (step.kind().equals("rules")
                    && step.config() instanceof Map<?, ?> config
                    && config.get("ruleSet") instanceof String ruleSet
                    && !ruleSets.exists(ruleSet)) {
                errors.add(new FieldError(
                        pointer + "/rules/ruleSet",
                        "no rule set named '" + ruleSet + "'; create it under /api/config/rulesets"));
            }
            for (Map.Entry<String, String> e :
                    TransformCatalog.expressions(step, pointer).entrySet()) {
                List<String> problems = expressions.problems(e.getValue());
                for (String problem : problems) {
                    errors.add(new FieldError(e.getKey(), "CEL does not compile: " + problem));
                }
                if (problems.isEmpty() && step.kind().equals("filter")) {
                    String type = expressions.resultType(e.getValue());
                    if (!type.equals("bool") && !type.equals("dyn")) {
                        errors.add(new FieldError(
                                e.getKey(), "must be a condition that gives true or false; it gives " + type));
                    }
                }
            }
        }
        if (job.schedule() != null) {
            String problem = QuartzCron.problem(job.schedule().cron());
            if (problem != null) {
                errors.add(new FieldError("/schedule/cron", problem));
            }
        }
        return errors;
    }

    /** A first line of defence; sync-service also runs source queries in a read-only transaction. */
    private static boolean isSingleSelect(String query) {
        String q = query.strip().toLowerCase(java.util.Locale.ROOT);
        return (q.startsWith("select") || q.startsWith("with")) && !q.contains(";");
    }

    private static FieldError unsafe(String pointer, String name) {
        return new FieldError(pointer, "'" + name + "' is not a safe name: " + SqlIdentifiers.rule());
    }
}

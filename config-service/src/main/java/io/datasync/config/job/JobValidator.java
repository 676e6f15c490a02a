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
import tools.jackson.databind.JsonNode;

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
    private final Clock clock;

    public JobValidator(ConnectionCatalog connections, ExpressionChecker expressions, Clock clock) {
        this.connections = connections;
        this.expressions = expressions;
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
        List<FieldError> structure = SchemaCheck.check(JobSchema.schema(), tree);
        if (!structure.isEmpty()) {
            return invalid(structure);
        }
        JobDefinition definition;
        try {
            definition = JobDefinitions.mapper(JobDefinitions.Format.JSON).treeToValue(tree, JobDefinition.class);
        } catch (JacksonException e) {
            return invalid(List.of(JobDefinitions.toFieldError(e, JobDefinitions.Format.JSON)));
        }
        List<FieldError> errors = meaning(definition);
        if (!errors.isEmpty()) {
            return invalid(errors);
        }
        List<OffsetDateTime> next = definition.schedule() == null
                ? List.of()
                : QuartzCron.next(
                                definition.schedule().cron(),
                                definition.schedule().timezone(),
                                clock.instant(),
                                5)
                        .stream()
                        .map(at -> OffsetDateTime.ofInstant(
                                at, definition.schedule().timezone()))
                        .toList();
        return new Validation(definition, List.of(), next);
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
        if (!SqlIdentifiers.isTable(target.table())) {
            errors.add(unsafe("/target/table", target.table()));
        }
        for (int i = 0; i < target.keys().size(); i++) {
            if (!SqlIdentifiers.isColumn(target.keys().get(i))) {
                errors.add(unsafe("/target/keys/" + i, target.keys().get(i)));
            }
        }
        for (int i = 0; i < job.transforms().size(); i++) {
            TransformStep step = job.transforms().get(i);
            String pointer = "/transforms/" + i;
            errors.addAll(TransformCatalog.validate(step, pointer));
            for (Map.Entry<String, String> e :
                    TransformCatalog.expressions(step, pointer).entrySet()) {
                for (String problem : expressions.problems(e.getValue())) {
                    errors.add(new FieldError(e.getKey(), "CEL does not compile: " + problem));
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

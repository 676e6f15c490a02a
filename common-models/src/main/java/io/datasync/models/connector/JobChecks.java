package io.datasync.models.connector;

import io.datasync.models.job.IncrementalMode;
import io.datasync.models.job.JobDefinition;
import io.datasync.models.job.QualityMode;
import io.datasync.models.job.SourceSpec;
import io.datasync.models.job.TargetSpec;
import io.datasync.models.job.WriteMode;
import io.datasync.models.problem.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a job against the connector catalog, every problem at once: that something reads its source kind and writes
 * its target kind, that the named connections exist and are of those kinds, that the source and target options,
 * incremental mode, split and write mode are ones the connectors implement, and that no block is used that nothing
 * implements yet. config-service runs it at save; sync-service runs the same checks before a run.
 */
public final class JobChecks {

    /** A stored connection as far as the checks need it: its kind and its settings (secrets may be masked). */
    public record Connection(String kind, Map<String, Object> settings) {}

    /** Finds stored connections by name. */
    @FunctionalInterface
    public interface Lookup {
        Optional<Connection> find(String name);
    }

    private JobChecks() {}

    public static List<FieldError> check(JobDefinition job, Lookup connections) {
        List<FieldError> errors = new ArrayList<>();
        source(job.source(), connections, errors);
        target(
                job.target(),
                job.source().split() == null ? 1 : job.source().split().parallelism(),
                connections,
                errors);
        stream(job, errors);
        changelog(job, connections, errors);
        quality(job, errors);
        return errors;
    }

    /**
     * Post-load checks run as SQL on the target once a run completed: they need a PostgreSQL ({@code jdbc}) target,
     * and a run that completes, which a stream's never does. The rule set's existence is checked when a run starts
     * (quality-service owns rule sets).
     */
    private static void quality(JobDefinition job, List<FieldError> errors) {
        if (job.quality().mode() != QualityMode.POST_LOAD) {
            return;
        }
        if (job.target().type() != io.datasync.models.job.TargetType.JDBC) {
            errors.add(new FieldError(
                    "/quality/mode",
                    "post-load checks run as SQL on the target, which needs a jdbc target; use mode: inline for a "
                            + job.target().type() + " target"));
        }
        boolean stream = Connectors.find(job.source().type().toString())
                .map(d -> d.source() != null && d.source().stream())
                .orElse(false);
        if (stream || job.source().incremental().mode() == io.datasync.models.job.IncrementalMode.CHANGELOG) {
            errors.add(new FieldError(
                    "/quality/mode",
                    "post-load checks run when a run completes, and a stream's run never does: use mode: inline"
                            + " (the gate checks every micro-batch), or run the checks on demand"));
        }
    }

    /**
     * What only streams may have, and what they may not: a {@code batch} block is for stream sources alone; a stream
     * runs until stopped, so it has no cron schedule, and never finishes, so it cannot overwrite (whose swap happens at
     * the end).
     */
    private static void stream(JobDefinition job, List<FieldError> errors) {
        var support = Connectors.find(job.source().type().toString())
                .map(ConnectorDescriptor::source)
                .orElse(null);
        if (support != null) { // else reported by source()
            stream(job, support, errors);
        }
    }

    /**
     * A change log follows one PostgreSQL table by its key and applies its changes by key, so it needs a table (not a
     * query or splits), a PostgreSQL source, and a target it can upsert and delete in; its own options are refused on
     * other jobs.
     */
    private static void changelog(JobDefinition job, Lookup connections, List<FieldError> errors) {
        SourceSpec source = job.source();
        if (source.incremental().mode() != IncrementalMode.CHANGELOG) {
            source.options().keySet().stream()
                    .filter(JdbcKind.CHANGELOG_OPTIONS::contains)
                    .sorted()
                    .forEach(name -> errors.add(new FieldError(
                            "/source/options/" + name,
                            "is only for a change log (incremental: {mode: changelog}); leave it out")));
            return;
        }
        if (!JdbcKind.DESCRIPTOR.kind().equals(source.type().toString())) {
            return; // reported by source(): the kind has no changelog mode
        }
        if (source.table() == null) {
            errors.add(new FieldError(
                    "/source/table", "a change log follows a table: give table (schema.table), not a query"));
        } else if (source.table().toLowerCase(java.util.Locale.ROOT).matches("(pg_catalog|information_schema)\\..*")) {
            errors.add(new FieldError(
                    "/source/table",
                    "is a system catalog, which logical decoding does not publish: a change log follows a user"
                            + " table"));
        }
        if (source.split() != null) {
            errors.add(new FieldError(
                    "/source/split", "a change log is read in commit order by one reader; leave split out"));
        }
        if (source.connection() != null) {
            connections.find(source.connection()).ifPresent(c -> {
                if (c.settings().get("url") instanceof String url && !url.startsWith("jdbc:postgresql:")) {
                    errors.add(new FieldError(
                            "/source/connection",
                            "connection '" + source.connection() + "' is " + JdbcKind.subprotocol(url)
                                    + ": a change log is read from PostgreSQL (logical decoding) only for now;"
                                    + " MySQL and MariaDB binlogs are not available yet"));
                }
            });
        }
        TargetSpec target = job.target();
        if (!JdbcKind.DESCRIPTOR.kind().equals(target.type().toString())) {
            errors.add(new FieldError(
                    "/target/type",
                    "a change log deletes and updates rows by key: its target is a PostgreSQL table (jdbc), not "
                            + target.type()));
        } else if (target.writeMode() != WriteMode.UPSERT) {
            errors.add(new FieldError(
                    "/target/writeMode",
                    "a change log applies updates and deletes by key: use upsert, with keys the source table's"
                            + " primary key"));
        }
    }

    /** The stream rules of {@link #stream(JobDefinition, List)} against a given source's support. */
    static void stream(JobDefinition job, ConnectorDescriptor.SourceSupport support, List<FieldError> errors) {
        if (!support.stream() && job.source().incremental().mode() != IncrementalMode.CHANGELOG) {
            if (job.limits().errorWindow() != null) {
                errors.add(new FieldError(
                        "/limits/errorWindow",
                        "only a stream's error budget applies to a window; a "
                                + job.source().type()
                                + " run ends, and its budget applies to the whole run: leave errorWindow out"));
            }
            if (job.batch() != null) {
                errors.add(new FieldError(
                        "/batch",
                        "only stream sources read in micro-batches; a "
                                + job.source().type() + " source reads chunks of its own: leave batch out"));
            }
            return;
        }
        if (job.schedule() != null) {
            String what = job.source().incremental().mode() == IncrementalMode.CHANGELOG
                    ? "a change log"
                    : "a " + job.source().type() + " source";
            errors.add(new FieldError(
                    "/schedule/cron",
                    what + " is a stream: its run starts once and stays running until stopped, so it takes no"
                            + " schedule; leave schedule out"));
        }
        if (job.target().writeMode() == WriteMode.OVERWRITE) {
            errors.add(new FieldError(
                    "/target/writeMode",
                    "a stream never finishes, so an overwrite's loaded table would never be swapped in; use insert"
                            + " or upsert"));
        }
    }

    private static void source(SourceSpec source, Lookup connections, List<FieldError> errors) {
        String kind = source.type().toString();
        ConnectorDescriptor d = Connectors.find(kind).orElseThrow();
        if (d.source() == null) {
            errors.add(new FieldError(
                    "/source/type",
                    "no connector reads from '" + kind + "' yet (sources: "
                            + String.join(", ", Connectors.sourceKinds()) + ")"
                            + (d.planned() == null ? "" : "; " + d.planned())));
            return;
        }
        Optional<Connection> connection = connection(d, source.connection(), "/source/connection", connections, errors);
        var support = d.source();
        if (support.tables() && source.table() == null && source.query() == null) {
            errors.add(new FieldError("/source/table", "a " + kind + " source needs a table or a query"));
        }
        if (!support.tables()) {
            if (source.table() != null) {
                errors.add(new FieldError("/source/table", "a " + kind + " source reads no table; see its options"));
            }
            if (source.query() != null) {
                errors.add(new FieldError("/source/query", "a " + kind + " source runs no query; see its options"));
            }
        }
        if (source.split() != null) {
            if (!support.split()) {
                errors.add(new FieldError(
                        "/source/split", "a " + kind + " source is not split by key ranges; leave split out"));
            } else if (connection.isPresent()
                    && connection.get().settings().get("maxPoolSize") instanceof Number pool
                    && source.split().parallelism() > pool.intValue()) {
                errors.add(new FieldError(
                        "/source/split/parallelism",
                        source.split().parallelism() + " readers need more connections than the connection's"
                                + " maxPoolSize " + pool + "; lower the parallelism or raise maxPoolSize"));
            }
        }
        if (!support.incremental().contains(source.incremental().mode())) {
            errors.add(new FieldError(
                    "/source/incremental/mode",
                    "'" + source.incremental().mode() + "' is not available for " + kind + " sources yet (available: "
                            + String.join(", ", sorted(support.incremental())) + ")"));
        }
        support.options().validate(source.options(), "/source/options", errors);
    }

    private static void target(TargetSpec target, int writers, Lookup connections, List<FieldError> errors) {
        String kind = target.type().toString();
        ConnectorDescriptor d = Connectors.find(kind).orElseThrow();
        if (d.sink() == null) {
            errors.add(new FieldError(
                    "/target/type",
                    "no connector writes to '" + kind + "' yet (targets: " + String.join(", ", Connectors.sinkKinds())
                            + ")" + (d.planned() == null ? "" : "; " + d.planned())));
            return;
        }
        Optional<Connection> connection = connection(d, target.connection(), "/target/connection", connections, errors);
        if (connection.isPresent()) {
            String problem = d.sink().connectionCheck().problem(connection.get().settings());
            if (problem != null) {
                errors.add(new FieldError(
                        "/target/connection",
                        "connection '" + target.connection() + "' cannot be written: " + problem));
            }
        }
        if (!d.sink().writeModes().contains(target.writeMode())) {
            errors.add(new FieldError(
                    "/target/writeMode",
                    "'" + target.writeMode() + "' is not available for " + kind + " targets (available: "
                            + String.join(", ", sorted(d.sink().writeModes())) + ")"));
        }
        String tableProblem = d.sink().tableCheck().problem(target.table());
        if (tableProblem != null) {
            errors.add(new FieldError("/target/table", tableProblem));
        }
        d.sink().options().validate(target.options(), "/target/options", errors);
    }

    private static Optional<Connection> connection(
            ConnectorDescriptor d, String name, String pointer, Lookup connections, List<FieldError> errors) {
        if (!d.needsConnection()) {
            if (name != null) {
                errors.add(new FieldError(pointer, "a " + d.kind() + " connector takes no connection"));
            }
            return Optional.empty();
        }
        if (name == null || name.isBlank()) {
            errors.add(new FieldError(
                    pointer,
                    "is required: a " + d.kind() + " connector reads and writes through a" + " stored connection"));
            return Optional.empty();
        }
        Optional<Connection> found = connections.find(name);
        if (found.isEmpty()) {
            errors.add(new FieldError(
                    pointer, "no connection named '" + name + "'; create it under /api/config/connections"));
            return Optional.empty();
        }
        if (!found.get().kind().equals(d.kind())) {
            errors.add(new FieldError(
                    pointer,
                    "connection '" + name + "' is a " + found.get().kind() + " connection, but a " + d.kind()
                            + " one is needed here"));
            return Optional.empty();
        }
        return found;
    }

    private static List<String> sorted(java.util.Set<?> values) {
        return values.stream().map(Object::toString).sorted().toList();
    }
}

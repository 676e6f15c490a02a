package io.datasync.models.connector;

import io.datasync.models.job.IncrementalMode;
import io.datasync.models.job.SqlIdentifiers;
import io.datasync.models.job.WriteMode;
import io.datasync.models.option.Check;
import io.datasync.models.option.OptionDoc;
import io.datasync.models.option.Options;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One kind of connector as data: the settings of a connection of this kind, and what it can do as a source and as a
 * target. A kind without {@link #source()} or {@link #sink()} can hold connections (and be tested) but no job reads from
 * or writes to it yet: config-service refuses such a job at save, naming the kind.
 *
 * @param kind the name in connections and jobs, e.g. {@code jdbc}
 * @param connection the settings of a connection; {@link Options#NONE} for a kind that needs none ({@code push})
 * @param source what the kind supports as a source; null when no connector reads from it yet
 * @param sink what the kind supports as a target; null when no connector writes to it yet
 * @param planned for a kind that cannot be a source or a target yet, what brings it; null otherwise
 */
public record ConnectorDescriptor(
        String kind, String doc, Options connection, SourceSupport source, SinkSupport sink, String planned) {

    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]*");

    public ConnectorDescriptor {
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("connector kind '" + kind + "' must be lowercase");
        }
        if (doc == null || doc.isBlank()) {
            throw new IllegalArgumentException("connector " + kind + " needs a doc");
        }
        Objects.requireNonNull(connection, "connection");
    }

    /**
     * What a kind supports as a source.
     *
     * @param options the job's {@code source.options}
     * @param incremental the incremental modes it implements ({@code full} always)
     * @param tables whether it reads a {@code table} or {@code query} (else neither may be given)
     * @param split whether it honours {@code split} (key-range parallelism)
     * @param stream whether it never ends (a broker topic, a stream, pushed records): a run of it stays running until
     *     stopped, reads in micro-batches ({@code batch}) and is never scheduled
     */
    public record SourceSupport(
            Options options, Set<IncrementalMode> incremental, boolean tables, boolean split, boolean stream) {

        /** A source that ends: read in full or from a watermark, run by run. */
        public SourceSupport(Options options, Set<IncrementalMode> incremental, boolean tables, boolean split) {
            this(options, incremental, tables, split, false);
        }

        public SourceSupport {
            Objects.requireNonNull(options, "options");
            incremental = Set.copyOf(incremental);
            if (!incremental.contains(IncrementalMode.FULL)) {
                throw new IllegalArgumentException("every source reads in full");
            }
        }
    }

    /**
     * What a kind supports as a target.
     *
     * @param options the job's {@code target.options}
     * @param writeModes the write modes it implements
     * @param connectionCheck what a connection must satisfy to be written to (e.g. a PostgreSQL URL), given its
     *     settings; returns the problem or null
     * @param tableCheck what the job's {@code target.table} names here and what it must look like: a table (the
     *     default, a safe SQL identifier), a topic, a topic or key template
     */
    public record SinkSupport(
            Options options,
            Set<WriteMode> writeModes,
            Check<Map<String, Object>> connectionCheck,
            Check<String> tableCheck) {

        /** A target whose {@code table} is a table name (schema-qualified or not). */
        public SinkSupport(Options options, Set<WriteMode> writeModes, Check<Map<String, Object>> connectionCheck) {
            this(options, writeModes, connectionCheck, null);
        }

        public SinkSupport {
            Objects.requireNonNull(options, "options");
            writeModes = Set.copyOf(writeModes);
            connectionCheck = connectionCheck == null ? settings -> null : connectionCheck;
            tableCheck = tableCheck == null
                    ? table -> SqlIdentifiers.isTable(table)
                            ? null
                            : "'" + table + "' is not a safe table name: " + SqlIdentifiers.rule()
                    : tableCheck;
        }
    }

    /** Whether connections of this kind have settings (all but {@code push}). */
    public boolean needsConnection() {
        return !connection.isEmpty();
    }

    /** The descriptor as the catalog shows it. */
    public Doc describe() {
        return new Doc(
                kind,
                doc,
                needsConnection() ? connection.describe() : List.of(),
                connection.describeRules(),
                source == null
                        ? null
                        : new SourceDoc(
                                source.options().describe(),
                                source.options().describeRules(),
                                source.incremental().stream()
                                        .map(Object::toString)
                                        .sorted()
                                        .toList(),
                                source.tables(),
                                source.split(),
                                source.stream()),
                sink == null
                        ? null
                        : new SinkDoc(
                                sink.options().describe(),
                                sink.options().describeRules(),
                                sink.writeModes().stream()
                                        .map(Object::toString)
                                        .sorted()
                                        .toList()),
                planned);
    }

    /** A kind in the catalog. */
    public record Doc(
            String kind,
            String doc,
            List<OptionDoc> connection,
            List<String> connectionRules,
            SourceDoc source,
            SinkDoc sink,
            String planned) {}

    /**
     * A kind's source support in the catalog.
     *
     * @param stream whether a run of it never ends (read in micro-batches until stopped)
     */
    public record SourceDoc(
            List<OptionDoc> options,
            List<String> rules,
            List<String> incremental,
            boolean tables,
            boolean split,
            boolean stream) {}

    /** A kind's target support in the catalog. */
    public record SinkDoc(List<OptionDoc> options, List<String> rules, List<String> writeModes) {}
}

package io.datasync.sync.verify;

import io.datasync.models.job.IncrementalMode;
import io.datasync.models.job.JobDefinition;
import io.datasync.sync.config.ResolvedJob;
import io.datasync.sync.connector.ConnectorRegistry;
import io.datasync.sync.connector.spi.Connector;
import io.datasync.sync.connector.spi.KeyAggregates;
import io.datasync.sync.connector.spi.SinkContext;
import io.datasync.sync.connector.spi.SourceContext;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Decides how a job can be verified and runs the {@link Reconciler}: a source whose connector aggregates it in place
 * (a table in a database) against the target, by the split column, the pk-range column or the single target key;
 * other sources by the tally of the keys each run read.
 */
@Component
public class Verifications {

    /** A verification, or why a job cannot be verified this way. */
    public record Outcome(Reconciler.Report report, String notVerifiable) {}

    private final ConnectorRegistry connectors;

    public Verifications(ConnectorRegistry connectors) {
        this.connectors = connectors;
    }

    public Outcome verify(ResolvedJob job) {
        return verify(job, null);
    }

    /**
     * @param tally what the run tallied while copying from a source that cannot aggregate in place, or null
     */
    public Outcome verify(ResolvedJob job, KeyTally tally) {
        JobDefinition d = job.definition();
        Connector source = connectors.get(d.source().type().toString());
        Connector target = connectors.get(d.target().type().toString());
        SinkContext targetSide =
                new SinkContext(job.connection(d.target().connection()).spec(), d.target(), null, 1);
        if (!source.aggregatesSource(d.source())) {
            if (tally == null) {
                return new Outcome(
                        null,
                        tallyFor(d, source).isPresent()
                                ? "a source without SQL aggregates (a file, an HTTP API, a query) is verified by each run's"
                                        + " tally of what it read, not on demand"
                                : "the job names no single target key to compare by");
            }
            if (tally.incomplete() != null) {
                return new Outcome(null, tally.incomplete());
            }
            Optional<KeyAggregates> held = target.targetAggregates(targetSide, tally.key());
            if (held.isEmpty()) {
                return new Outcome(null, "the target cannot aggregate its keys");
            }
            try (KeyAggregates t = held.get()) {
                return new Outcome(Reconciler.compare(tally, t), null);
            }
        }
        Optional<String> key = key(d);
        if (key.isEmpty()) {
            return new Outcome(
                    null,
                    "the job names no integer key to compare by (a split column, a pk-range column or a"
                            + " target key)");
        }
        if (!renamed(d, key.get()).equals(key.get())) {
            return new Outcome(null, "the key column is renamed by a transform");
        }
        SourceContext sourceSide =
                new SourceContext(job.connection(d.source().connection()).spec(), d.source(), Map.of());
        Optional<KeyAggregates> t = target.targetAggregates(targetSide, key.get());
        if (t.isEmpty()) {
            return new Outcome(null, "the target cannot aggregate its keys");
        }
        try (KeyAggregates targetAggregates = t.get();
                KeyAggregates sourceAggregates =
                        source.sourceAggregates(sourceSide, key.get()).orElseThrow()) {
            return new Outcome(new Reconciler(sourceAggregates, targetAggregates).reconcile(), null);
        }
    }

    /**
     * A tally for a run whose source cannot aggregate in place (files, HTTP, JDBC queries): by the target's single
     * key, when no transform renames it; empty when the job is verified in place or cannot be verified.
     */
    public Optional<KeyTally> tallyFor(JobDefinition d) {
        return tallyFor(d, connectors.get(d.source().type().toString()));
    }

    private static Optional<KeyTally> tallyFor(JobDefinition d, Connector source) {
        if (source.aggregatesSource(d.source()) || d.target().keys().size() != 1) {
            return Optional.empty();
        }
        String key = d.target().keys().get(0);
        return renamed(d, key).equals(key) ? Optional.of(new KeyTally(key)) : Optional.empty();
    }

    private static Optional<String> key(JobDefinition d) {
        if (d.source().split() != null) {
            return Optional.of(d.source().split().column());
        }
        if (d.source().incremental().mode() == IncrementalMode.PK_RANGE) {
            return Optional.of(d.source().incremental().column());
        }
        return d.target().keys().size() == 1 ? Optional.of(d.target().keys().get(0)) : Optional.empty();
    }

    /** The key's name after the job's renames, so a renamed key is not compared against a missing column. */
    private static String renamed(JobDefinition d, String column) {
        String name = column;
        for (var step : d.transforms()) {
            if (step.kind().equals("rename")
                    && step.config() instanceof Map<?, ?> map
                    && map.get(name) instanceof String to) {
                name = to;
            }
        }
        return name;
    }
}

package io.datasync.sync.verify;

import io.datasync.models.job.IncrementalMode;
import io.datasync.models.job.JobDefinition;
import io.datasync.models.job.SourceType;
import io.datasync.sync.config.ResolvedJob;
import io.datasync.sync.connector.jdbc.JdbcEndpoint;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Decides how a job can be verified and runs the {@link Reconciler}: JDBC table sources into PostgreSQL, by the split
 * column, the pk-range column or the first target key.
 */
@Component
public class Verifications {

    /** A verification, or why a job cannot be verified this way. */
    public record Outcome(Reconciler.Report report, String notVerifiable) {}

    public Outcome verify(ResolvedJob job) {
        return verify(job, null);
    }

    /**
     * @param tally what the run tallied while copying from a source without SQL, or null
     */
    public Outcome verify(ResolvedJob job, KeyTally tally) {
        JobDefinition d = job.definition();
        if (d.source().type() != SourceType.JDBC || d.source().table() == null) {
            if (tally == null) {
                return new Outcome(
                        null,
                        tallyFor(d).isPresent()
                                ? "a source without SQL aggregates (a file, an HTTP API, a query) is verified by each run's"
                                        + " tally of what it read, not on demand"
                                : "the job names no single target key to compare by");
            }
            if (tally.incomplete() != null) {
                return new Outcome(null, tally.incomplete());
            }
            return new Outcome(
                    Reconciler.compare(
                            tally,
                            new Reconciler.Side(
                                    endpoint(job, d.target().connection()),
                                    d.target().table())),
                    null);
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
        Reconciler reconciler = new Reconciler(
                new Reconciler.Side(
                        endpoint(job, d.source().connection()), d.source().table()),
                new Reconciler.Side(
                        endpoint(job, d.target().connection()), d.target().table()),
                key.get());
        return new Outcome(reconciler.reconcile(), null);
    }

    /**
     * A tally for a run whose source no SQL aggregate can run on (files, HTTP, JDBC queries): by the target's single
     * key, when no transform renames it; empty when the job is verified in SQL or cannot be verified.
     */
    public static Optional<KeyTally> tallyFor(JobDefinition d) {
        if (d.source().type() == SourceType.JDBC && d.source().table() != null
                || d.target().keys().size() != 1) {
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

    private static JdbcEndpoint endpoint(ResolvedJob job, String connection) {
        return JdbcEndpoint.of(job.connection(connection).settings());
    }
}

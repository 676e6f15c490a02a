package io.datasync.sync.connector.spi;

import io.datasync.models.connector.ConnectorDescriptor;
import java.time.Duration;
import java.util.Optional;

/**
 * One kind of connector as one unit (Kafka Connect's {@code Connector} + {@code ConfigDef} is the model): its
 * declaration in the catalog, its connection test, its source, its sink and, where it can aggregate keys in place, its
 * verification side. The {@code ConnectorRegistry} holds one per catalog kind; nothing else in sync-service switches
 * on the kind.
 *
 * <ol>
 *   <li>{@link #descriptor()} is the kind's declaration from {@code common-models}: connection settings, source and
 *       target options, capabilities. The unit implements exactly what it declares: a kind without source support
 *       never has {@link #source} called, and so on.
 *   <li>{@link #test} tries a connection step by step the way a run uses it.
 *   <li>{@link #source} and {@link #sink} are called once per run, with the job's spec and the resolved connection;
 *       the returned objects follow their own lifecycles ({@link Source}, {@link Sink}) and are closed by the engine.
 *   <li>{@link #sourceAggregates} / {@link #targetAggregates} give verification a side that aggregates keys in its own
 *       database; empty when the data can only be tallied while it is read.
 *   <li>{@link #evict} and {@link #closeIdle} release the clients (pools) the unit keeps per stored connection: when the
 *       connection changed, and when nothing used it for a while.
 * </ol>
 *
 * <p>Threading: a unit is a singleton used by every run and request at once; implementations are thread-safe. Every
 * failure is a {@link ConnectorException} with a stable code, classified retriable or permanent where it happens.
 */
public interface Connector {

    ConnectorDescriptor descriptor();

    default String kind() {
        return descriptor().kind();
    }

    /**
     * Tries a connection: each step is recorded in {@code steps} (the first failing one ends the test). Failures of
     * the thing tested are answers, not exceptions.
     *
     * @param connection the connection, settings validated against {@link ConnectorDescriptor#connection()}
     * @param target what else to check: a table to read, a file or path to find; both may be null
     */
    void test(ConnectionSpec connection, TestTarget target, TestSteps steps);

    /**
     * The source of one run.
     *
     * @throws ConnectorException {@code SYNC-005} when the kind is not a source (the default)
     */
    default Source source(SourceContext context) {
        throw new ConnectorException(SyncErrorCode.NO_CONNECTOR, "no connector reads from '" + kind() + "' yet", null);
    }

    /**
     * The sink of one run.
     *
     * @throws ConnectorException {@code SYNC-005} when the kind is not a target (the default)
     */
    default Sink sink(SinkContext context) {
        throw new ConnectorException(SyncErrorCode.NO_CONNECTOR, "no connector writes to '" + kind() + "' yet", null);
    }

    /**
     * Whether {@link #sourceAggregates} can verify this source in place (a table in a database); otherwise a run
     * verifies by tallying the keys it reads. Pure: decides from the spec alone.
     */
    default boolean aggregatesSource(io.datasync.models.job.SourceSpec spec) {
        return false;
    }

    /** The source side of a verification, when {@link #aggregatesSource} says this source can aggregate in place. */
    default Optional<KeyAggregates> sourceAggregates(SourceContext context, String key) {
        return Optional.empty();
    }

    /** The target side of a verification, when this kind can aggregate the job's target in place. */
    default Optional<KeyAggregates> targetAggregates(SinkContext context, String key) {
        return Optional.empty();
    }

    /**
     * Releases what the unit keeps in a source for a job that was deleted (a change log's replication slot and
     * publication), after the job's runs stopped. Retried by the caller while it throws.
     *
     * @param source the deleted job's source connection
     */
    default void jobDeleted(String jobId, ConnectionSpec source) {}

    /** Forgets the clients kept for a stored connection that changed or was deleted; runs using them finish first. */
    default void evict(String connectionId) {}

    /** Closes the clients no run or test used for {@code idle}. */
    default void closeIdle(Duration idle) {}

    /** How many clients (pools, HTTP clients) the unit keeps open now, for metrics. */
    default int openClients() {
        return 0;
    }

    /** What a connection test checks besides the connection itself. */
    record TestTarget(String table, String path) {
        public static final TestTarget NONE = new TestTarget(null, null);
    }
}

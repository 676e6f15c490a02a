package io.datasync.sync.connector.jdbc;

import io.datasync.models.connector.JdbcKind;
import io.datasync.models.job.SourceSpec;
import io.datasync.models.job.WriteMode;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Guarantee;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.StreamContext;
import io.datasync.sync.connector.spi.StreamReader;
import io.datasync.sync.connector.spi.StreamSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * A PostgreSQL table followed through its change log ({@code incremental: {mode: changelog}}): Debezium's embedded
 * PostgreSQL connector decodes the WAL with {@code pgoutput} through a replication slot and a publication of the job's
 * own ({@code ds_<job>}, created on the first start, dropped when the job is deleted). The first start copies the
 * table inside the slot's exported snapshot and then streams from the slot's start, so the copy and the stream meet
 * at one position ({@code start: now} skips the copy).
 *
 * <p>Each change lands once: the offset of a micro-batch's last change is committed with its rows, the engine resumes
 * from that offset ({@link CdcOffsetStore}), and the slot confirms an LSN only after the target committed it.
 */
final class CdcSource implements StreamSource {

    private final JdbcConnections connections;
    private final JdbcEndpoint endpoint;
    private final SourceSpec spec;
    private final Schema schema;
    private final CdcTable table;
    private final String where;
    /** Where readers register the slot's WAL gauges; null for none. */
    private io.micrometer.core.instrument.MeterRegistry meters;
    /** Where deletes set their commit time instead of deleting; null to delete. */
    private final String softDeleteColumn;
    /** The pool lease behind {@code connections}, returned when the run closes the source. */
    private final AutoCloseable lease;

    /**
     * Describes the table and checks the server and the table ({@link CdcTable#check}).
     *
     * @throws ConnectorException {@code SYNC-110} when the database or table is not ready for a change log
     */
    CdcSource(JdbcConnections connections, JdbcEndpoint endpoint, SourceSpec spec, AutoCloseable lease) {
        if (spec.table() == null) {
            throw JdbcErrors.invalid("a change log follows a table: give source.table, not a query");
        }
        this.connections = connections;
        this.lease = lease;
        this.endpoint = endpoint;
        this.spec = spec;
        this.where = endpoint.redactedUrl();
        String name = JdbcRelation.nameOf(spec);
        try (Connection c = connections.open()) {
            Schema described =
                    JdbcRelation.describe(c, connections.url(), spec, name).schema();
            this.table = CdcTable.check(c, spec.table(), null, !described.keys().isEmpty(), where);
            this.softDeleteColumn = (String) spec.options().get(JdbcKind.SOFT_DELETE_COLUMN.name());
            if (softDeleteColumn == null) {
                this.schema = described;
            } else {
                if (described.indexOf(softDeleteColumn).isPresent()) {
                    throw JdbcErrors.invalid("softDeleteColumn " + softDeleteColumn + " is a column of "
                            + table.qualified() + "; name a column the target has and the source has not");
                }
                List<Column> columns = new ArrayList<>(described.columns());
                columns.add(new Column(softDeleteColumn, DataType.TIMESTAMPTZ, true, 0, 0));
                this.schema = new Schema(columns, described.keys());
            }
        } catch (SQLException e) {
            throw classify(e);
        }
    }

    /** The job's replication slot and publication: {@code ds_} and the job id's letters and digits. */
    static String slotName(String jobId) {
        String id = jobId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "");
        String name = "ds_" + id;
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public StreamReader subscribe(StreamContext context) {
        return new CdcStreamReader(this, context);
    }

    /**
     * Effectively once for the upsert a change log is written with: each change is applied once, in commit order per
     * key, and a replay after a crash starts after the last committed one.
     */
    @Override
    public Guarantee guarantee(WriteMode mode) {
        return Guarantee.EFFECTIVELY_ONCE;
    }

    @Override
    public void close() {
        io.datasync.sync.connector.spi.Leases.release(lease);
    }

    /** Registers the slot's WAL gauges ({@code datasync_cdc_*_bytes}) on {@code registry} while a reader runs. */
    CdcSource withMeters(io.micrometer.core.instrument.MeterRegistry registry) {
        this.meters = registry;
        return this;
    }

    io.micrometer.core.instrument.MeterRegistry meters() {
        return meters;
    }

    String softDeleteColumn() {
        return softDeleteColumn;
    }

    CdcTable table() {
        return table;
    }

    SourceSpec spec() {
        return spec;
    }

    JdbcConnections connections() {
        return connections;
    }

    String where() {
        return where;
    }

    ConnectorException classify(SQLException e) {
        return JdbcErrors.classify(e, "table " + spec.table(), connections.password());
    }

    /**
     * The engine's settings: Debezium's PostgreSQL connector with pgoutput, the job's slot and publication (created as
     * needed, filtered to the table), exact decimals, microsecond times, and our offset store.
     *
     * @param resumes whether a position is stored: then the engine resumes from it, whatever {@code start} says
     */
    Properties engineProperties(StreamContext context, boolean resumes) {
        String slot = slotName(context.jobId());
        Properties url = org.postgresql.Driver.parseURL(endpoint.url(), null);
        if (url == null) {
            throw JdbcErrors.invalid("cannot read host, port and database from " + where);
        }
        Properties p = new Properties();
        p.setProperty("name", slot);
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("offset.storage", CdcOffsetStore.class.getName());
        p.setProperty("offset.flush.interval.ms", "0");
        p.setProperty("topic.prefix", slot);
        p.setProperty("database.hostname", url.getProperty("PGHOST").split(",")[0]);
        p.setProperty("database.port", url.getProperty("PGPORT", "5432").split(",")[0]);
        p.setProperty("database.dbname", url.getProperty("PGDBNAME"));
        if (endpoint.user() != null) {
            p.setProperty("database.user", endpoint.user());
        }
        if (!endpoint.password().isEmpty()) {
            p.setProperty("database.password", endpoint.password());
        }
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", slot);
        p.setProperty("publication.name", slot);
        p.setProperty("publication.autocreate.mode", "filtered");
        p.setProperty("table.include.list", Pattern.quote(table.qualified()));
        String start = String.valueOf(spec.options().getOrDefault(JdbcKind.START.name(), "snapshot"));
        p.setProperty("snapshot.mode", !resumes && "now".equals(start) ? "no_data" : "initial");
        p.setProperty("decimal.handling.mode", "string");
        p.setProperty("time.precision.mode", "adaptive_time_microseconds");
        p.setProperty("binary.handling.mode", "bytes");
        p.setProperty("interval.handling.mode", "string");
        p.setProperty("hstore.handling.mode", "json");
        p.setProperty("tombstones.on.delete", "false");
        // While the table is idle, other tables' WAL would pile up behind the slot: every 10 s a logical decoding
        // message (no table written) reaches the engine, moves the offset, and so lets the slot confirm past that WAL.
        p.setProperty("heartbeat.interval.ms", "10000");
        p.setProperty(
                "heartbeat.action.query", "SELECT pg_logical_emit_message(false, 'datasync-heartbeat', now()::text)");
        p.setProperty("slot.drop.on.stop", "false");
        p.setProperty("max.batch.size", Integer.toString(Math.max(512, Math.min(context.maxRows(), 20_000))));
        p.setProperty("max.queue.size", Integer.toString(Math.max(8192, 2 * context.maxRows() + 1)));
        p.setProperty("poll.interval.ms", "50");
        p.setProperty("snapshot.fetch.size", "5000");
        p.setProperty("errors.max.retries", "0");
        p.setProperty("record.processing.order", "ORDERED");
        return p;
    }
}

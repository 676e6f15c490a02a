package io.datasync.sync.connector.jdbc;

import io.datasync.models.job.IncrementalMode;
import io.datasync.models.job.IncrementalSpec;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.DataType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rows one incremental run of a JDBC source reads, fixed once at the run's start: the conditions every split
 * adds (above the previous run's watermark less the safety lag, or above its max key; up to the column's maximum
 * now), and the state the next run starts from.
 *
 * @param empty whether the run reads nothing at all (the column holds no value yet)
 * @param nextState what the next run gets as its previous state once this one succeeded
 */
record IncrementalWindow(
        List<String> conditions, List<Object> parameters, boolean empty, Map<String, Object> nextState) {

    IncrementalWindow {
        conditions = List.copyOf(conditions);
        parameters = List.copyOf(parameters);
        nextState = Map.copyOf(nextState);
    }

    /**
     * Reads the incremental column's maximum now, its high-water mark for this run; a full read has no window.
     *
     * @param previousState the state the previous successful run ended with; empty for the first run
     * @throws io.datasync.sync.connector.spi.ConnectorException {@code SYNC-001} when the previous state's value is
     *     not one of the column's type
     */
    static IncrementalWindow fix(
            Connection c, JdbcRelation relation, IncrementalSpec incremental, Map<String, Object> previousState)
            throws SQLException {
        if (incremental.mode() == IncrementalMode.FULL) {
            return new IncrementalWindow(List.of(), List.of(), false, Map.of());
        }
        String name = incremental.column();
        Column column = relation.column(name);
        String quoted = relation.dialect().quote(name);
        int index = relation.schema().indexOf(name).orElseThrow();
        Object high;
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT max(" + quoted + ") AS high FROM " + relation.from())) {
            rs.next();
            high = relation.readers().get(index).read(rs, 1);
        }
        boolean timestamp = incremental.mode() == IncrementalMode.TIMESTAMP;
        String stateKey = timestamp ? JdbcSource.WATERMARK : JdbcSource.MAX_KEY;
        if (high == null) {
            return new IncrementalWindow(List.of(), List.of(), true, previousState);
        }
        List<String> conditions = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        Object previous = previousState.get(stateKey);
        if (previous != null) {
            Object lower = parseState(column.type(), stateKey, previous);
            conditions.add(quoted + " > ?");
            parameters.add(timestamp ? minus(lower, incremental.safetyLag()) : lower);
        }
        conditions.add(quoted + " <= ?");
        parameters.add(high);
        return new IncrementalWindow(
                conditions, parameters, false, Map.of(stateKey, JdbcTypes.toJson(column.type(), high)));
    }

    private static Object parseState(DataType type, String key, Object value) {
        try {
            return JdbcTypes.fromJson(type, value);
        } catch (IllegalArgumentException e) {
            throw JdbcErrors.invalid("the previous run's " + key + " " + e.getMessage());
        }
    }

    /** The watermark less the safety lag; a date column is compared in whole days, so its lag is rounded up. */
    static Object minus(Object watermark, Duration lag) {
        if (watermark instanceof LocalDateTime t) {
            return t.minus(lag);
        }
        if (watermark instanceof OffsetDateTime t) {
            return t.minus(lag);
        }
        // a date column is compared in whole days: round the lag up, so it never shrinks
        long days = (lag.toSeconds() + 86_399) / 86_400;
        return ((LocalDate) watermark).minusDays(days);
    }
}

package io.datasync.sync.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.sync.connector.spi.ConnectorException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcErrorsTest {

    @ParameterizedTest(name = "SQLState {0} -> {1}, retriable={2}")
    @CsvSource({
        "28P01, SYNC-101, false",
        "28000, SYNC-101, false",
        "42P01, SYNC-102, false",
        "42S02, SYNC-102, false",
        "08001, SYNC-103, true",
        "08006, SYNC-103, true",
        "08004, SYNC-105, false",
        "40001, SYNC-104, true",
        "40P01, SYNC-104, true",
        "42703, SYNC-199, false",
        "22012, SYNC-199, false"
    })
    void sqlStatesAreClassifiedIntoStableCodes(String state, String code, boolean retriable) {
        ConnectorException e = JdbcErrors.classify(new SQLException("boom", state), "table orders", "");

        assertThat(e.code()).isEqualTo(code);
        assertThat(e.retriable()).isEqualTo(retriable);
        assertThat(e.getMessage()).contains("boom").contains(state);
    }

    @Test
    void aMissingTableIsNamed() {
        ConnectorException e =
                JdbcErrors.classify(new SQLException("relation does not exist", "42P01"), "table sales.orders", "");

        assertThat(e.getMessage()).startsWith("table sales.orders does not exist");
    }

    @Test
    void theStateIsFoundInAWrappedCause() {
        SQLException wrapped = new SQLException("wrapper", null, new SQLException("auth", "28P01"));

        assertThat(JdbcErrors.classify(wrapped, "t", "").code()).isEqualTo("SYNC-101");
    }

    @Test
    void anErrorWithoutStateIsPermanent() {
        ConnectorException e = JdbcErrors.classify(new SQLException("odd"), "t", "");

        assertThat(e.code()).isEqualTo("SYNC-199");
        assertThat(e.retriable()).isFalse();
        assertThat(e.getMessage()).isEqualTo("odd");
    }

    @Test
    void aPasswordEchoedByTheDriverAppearsNeitherInTheMessageNorInTheStackTrace() {
        String password = "hunter2-Secret";
        SQLException echoed = new SQLException("password " + password + " is wrong", "28P01");

        ConnectorException e = JdbcErrors.classify(echoed, "t", password);

        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain(password).contains("****");
        assertThat(e.getCause()).isInstanceOf(SQLException.class);
        assertThat(((SQLException) e.getCause()).getSQLState()).isEqualTo("28P01");
    }

    @Test
    void aCauseWithoutThePasswordIsKeptAsIs() {
        SQLException original = new SQLException("connection reset", "08006");

        assertThat(JdbcErrors.classify(original, "t", "pw-not-in-message").getCause())
                .isSameAs(original);
    }
}

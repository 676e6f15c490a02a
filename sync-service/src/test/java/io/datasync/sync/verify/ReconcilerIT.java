package io.datasync.sync.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.sync.connector.jdbc.JdbcEndpoint;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against the local PostgreSQL (5432) and MariaDB (3306). */
class ReconcilerIT {

    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String DB = "datasync_reconcile_it";
    private static final JdbcEndpoint POSTGRES = new JdbcEndpoint(PG + DB, "postgres", "");
    private static final JdbcEndpoint MARIADB = new JdbcEndpoint("jdbc:mariadb://127.0.0.1:3306/test", "root", "");

    private static void run(JdbcEndpoint endpoint, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(endpoint.url(), endpoint.user(), endpoint.password());
                var s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    @BeforeAll
    static void tables() throws SQLException {
        run(
                new JdbcEndpoint(PG + "postgres", "postgres", ""),
                "DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)",
                "CREATE DATABASE " + DB);
        run(
                POSTGRES,
                "CREATE TABLE src (id BIGINT PRIMARY KEY, v TEXT)",
                "INSERT INTO src SELECT g, 'v' || g FROM generate_series(1, 50000) g",
                "CREATE TABLE same (id BIGINT, v TEXT)",
                "INSERT INTO same SELECT id, v FROM src",
                "CREATE TABLE broken (id BIGINT, v TEXT)",
                "INSERT INTO broken SELECT id, v FROM src WHERE id NOT BETWEEN 12000 AND 12009",
                "INSERT INTO broken SELECT id, v FROM src WHERE id = 40000");
        run(
                MARIADB,
                "DROP TABLE IF EXISTS reconcile_src",
                "CREATE TABLE reconcile_src (id BIGINT PRIMARY KEY, v TEXT)",
                "INSERT INTO reconcile_src SELECT seq, CONCAT('v', seq) FROM seq_1_to_50000");
    }

    @Test
    void equalTablesAreVerified() {
        Reconciler.Report report = new Reconciler(
                        new Reconciler.Side(POSTGRES, "public.src"), new Reconciler.Side(POSTGRES, "public.same"), "id")
                .reconcile();
        assertThat(report.verified()).isTrue();
        assertThat(report.sourceRows()).isEqualTo(50_000);
        assertThat(report.differences()).isEmpty();
    }

    @Test
    void namesTheSmallRangesWhereRowsAreMissingOrDoubled() {
        Reconciler.Report report = new Reconciler(
                        new Reconciler.Side(POSTGRES, "public.src"),
                        new Reconciler.Side(POSTGRES, "public.broken"),
                        "id")
                .reconcile();
        assertThat(report.verified()).isFalse();
        assertThat(report.targetRows()).isEqualTo(49_991);
        assertThat(report.differences())
                .hasSize(2)
                .allSatisfy(d -> assertThat(d.to() - d.from()).isLessThan(1_000));
        assertThat(report.differences().get(0).from()).isLessThanOrEqualTo(12_000);
        assertThat(report.differences().get(0).to()).isGreaterThanOrEqualTo(12_009);
        assertThat(report.differences().get(0).source().rows()
                        - report.differences().get(0).target().rows())
                .isEqualTo(10);
        assertThat(report.differences().get(1).target().rows()
                        - report.differences().get(1).source().rows())
                .isEqualTo(1);
    }

    @Test
    void comparesAcrossMariaDbAndPostgres() {
        Reconciler.Report report = new Reconciler(
                        new Reconciler.Side(MARIADB, "reconcile_src"),
                        new Reconciler.Side(POSTGRES, "public.same"),
                        "id")
                .reconcile();
        assertThat(report.verified()).isTrue();
    }
}

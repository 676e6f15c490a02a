package io.datasync.sync.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.sync.connector.jdbc.JdbcEndpoint;
import io.datasync.sync.connector.jdbc.JdbcKeyAggregates;
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

    private static JdbcKeyAggregates side(JdbcEndpoint endpoint, String table) {
        return JdbcKeyAggregates.of(endpoint, table, "id");
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
                "INSERT INTO broken SELECT id, v FROM src WHERE id = 40000",
                "CREATE TABLE ints (id INT)",
                "INSERT INTO ints SELECT g FROM generate_series(1, 100000) g WHERE g <> 77777",
                "CREATE TABLE big (id BIGINT)",
                "INSERT INTO big SELECT 9000000000000000000 - g FROM generate_series(1, 5000) g",
                "CREATE TABLE big_missing (id BIGINT)",
                "INSERT INTO big_missing SELECT id FROM big WHERE id <> 8999999999999997000");
        run(
                MARIADB,
                "DROP TABLE IF EXISTS reconcile_src",
                "CREATE TABLE reconcile_src (id BIGINT PRIMARY KEY, v TEXT)",
                "INSERT INTO reconcile_src SELECT seq, CONCAT('v', seq) FROM seq_1_to_50000",
                "DROP TABLE IF EXISTS reconcile_ints",
                "CREATE TABLE reconcile_ints (id INT)",
                "INSERT INTO reconcile_ints SELECT seq FROM seq_1_to_100000",
                "DROP TABLE IF EXISTS reconcile_big",
                "CREATE TABLE reconcile_big (id BIGINT)",
                "INSERT INTO reconcile_big SELECT 9000000000000000000 - seq FROM seq_1_to_5000");
    }

    @Test
    void equalTablesAreVerified() {
        Reconciler.Report report =
                new Reconciler(side(POSTGRES, "public.src"), side(POSTGRES, "public.same")).reconcile();
        assertThat(report.verified()).isTrue();
        assertThat(report.sourceRows()).isEqualTo(50_000);
        assertThat(report.differences()).isEmpty();
    }

    @Test
    void namesTheSmallRangesWhereRowsAreMissingOrDoubled() {
        Reconciler.Report report =
                new Reconciler(side(POSTGRES, "public.src"), side(POSTGRES, "public.broken")).reconcile();
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
        Reconciler.Report report =
                new Reconciler(side(MARIADB, "reconcile_src"), side(POSTGRES, "public.same")).reconcile();
        assertThat(report.verified()).isTrue();
    }

    /** Integer sums: 100,000² does not fit an INT, so the key is widened before it is squared, on both sides. */
    @Test
    void intKeysAreSquaredWithoutOverflowInBothDatabases() {
        Reconciler.Report report =
                new Reconciler(side(MARIADB, "reconcile_ints"), side(POSTGRES, "public.ints")).reconcile();
        assertThat(report.verified()).isFalse();
        assertThat(report.sourceRows()).isEqualTo(100_000);
        assertThat(report.differences()).singleElement().satisfies(d -> {
            assertThat(d.from()).isLessThanOrEqualTo(77_777);
            assertThat(d.to()).isGreaterThanOrEqualTo(77_777);
            assertThat(d.source().rows() - d.target().rows()).isEqualTo(1);
        });
    }

    /** Keys near the top of the long range: their squares are summed as decimals, and still agree across databases. */
    @Test
    void keysWhoseSquaresExceedABigintAreSummedAsDecimals() {
        assertThat(new Reconciler(side(MARIADB, "reconcile_big"), side(POSTGRES, "public.big"))
                        .reconcile()
                        .verified())
                .isTrue();
        Reconciler.Report report =
                new Reconciler(side(POSTGRES, "public.big"), side(POSTGRES, "public.big_missing")).reconcile();
        assertThat(report.verified()).isFalse();
        assertThat(report.differences()).singleElement().satisfies(d -> {
            assertThat(d.from()).isLessThanOrEqualTo(8_999_999_999_999_997_000L);
            assertThat(d.to()).isGreaterThanOrEqualTo(8_999_999_999_999_997_000L);
        });
    }
}

package io.datasync.sync.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.models.job.IncrementalSpec;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Position;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JDBC source against the local MariaDB (the MySQL dialect). */
class MariaDbJdbcSourceIT extends AbstractJdbcSourceIT {

    private static final String SERVER =
            "jdbc:mariadb://" + System.getenv().getOrDefault("DATASYNC_MARIADB_HOST", "127.0.0.1") + ":3306/";

    @Override
    protected JdbcEndpoint endpoint() {
        return new JdbcEndpoint(SERVER + DATABASE, "root", "");
    }

    @Override
    protected void recreateDatabase() throws SQLException {
        admin("DROP DATABASE IF EXISTS " + DATABASE, "CREATE DATABASE " + DATABASE);
    }

    @Override
    protected void dropDatabase() throws SQLException {
        admin("DROP DATABASE IF EXISTS " + DATABASE);
    }

    @Override
    protected String fixtureTable(String table, boolean keyed) {
        return "CREATE TABLE " + table + " (id BIGINT" + (keyed ? " PRIMARY KEY" : " NULL")
                + ", name VARCHAR(40), amount DECIMAL(12,2), ratio DOUBLE, born DATE,"
                + " updated_at DATETIME(6), active BOOLEAN, payload VARBINARY(64)) ENGINE=InnoDB";
    }

    @Override
    protected JdbcEndpoint refusedLogin(String password) {
        return new JdbcEndpoint(SERVER + DATABASE, "root", password);
    }

    @Test
    void unsignedIntegersWidenSoNoValueOverflows() {
        execute("CREATE TABLE unsigned_ints (id INT UNSIGNED PRIMARY KEY, big BIGINT UNSIGNED, tiny TINYINT)");
        execute("INSERT INTO unsigned_ints VALUES (4294967295, 18446744073709551615, -5)");
        try (JdbcSource source = new JdbcSource(endpoint(), spec("unsigned_ints", null, IncrementalSpec.FULL, null))) {
            assertThat(source.schema().columns())
                    .extracting(Column::type)
                    .containsExactly(DataType.BIGINT, DataType.DECIMAL, DataType.INT);
            Object[] row = readAll(source, source.splits().get(0), Position.START, 10)
                    .get(0)
                    .rows()
                    .get(0);
            assertThat(List.of(row)).containsExactly(4294967295L, new BigDecimal("18446744073709551615"), -5);
        }
    }

    @Test
    void aMysqlUrlIsReadThroughTheMariaDbDriverWhenNoMysqlDriverIsPresent() {
        String table = createDataset(25);
        JdbcEndpoint mysql = new JdbcEndpoint(SERVER.replace("jdbc:mariadb:", "jdbc:mysql:") + DATABASE, "root", "");
        assertThat(mysql.driverUrl()).endsWith(DATABASE + "?permitMysqlScheme");
        try (JdbcSource source = new JdbcSource(mysql, spec(table, null, IncrementalSpec.FULL, null))) {
            assertThat(readAll(source, source.splits().get(0), Position.START, 100)
                            .get(0)
                            .rows())
                    .hasSize(25);
        }
    }

    private static void admin(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER, "root", "");
                Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }
}

package io.datasync.kit.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.kit.startup.DependencyUnreachableException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Against the local PostgreSQL on 5432. */
class DatabaseBootstrapIT {

    private static final String HOST = System.getenv().getOrDefault("DATASYNC_DB_HOST", "127.0.0.1");
    private static final String SERVER = "jdbc:postgresql://" + HOST + ":5432/";
    private static final String DB = "datasync_bootstrap_it";

    @AfterEach
    void dropDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "")) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
        }
    }

    @Test
    void createsAMissingDatabaseOnceAndThenLeavesItAlone() throws SQLException {
        dropDatabase();
        assertThat(DatabaseBootstrap.ensureDatabase(SERVER + DB, "postgres", "", Duration.ofSeconds(5)))
                .isTrue();
        assertThat(DatabaseBootstrap.ensureDatabase(
                        SERVER + DB + "?ApplicationName=x", "postgres", "", Duration.ofSeconds(5)))
                .isFalse();
        try (Connection c = DriverManager.getConnection(SERVER + DB, "postgres", "")) {
            assertThat(c.isValid(2)).isTrue();
        }
    }

    @Test
    void doesNotCreateADatabaseWithAnUnsafeName() {
        assertThatThrownBy(() ->
                        DatabaseBootstrap.ensureDatabase(SERVER + "x\";drop", "postgres", "", Duration.ofSeconds(1)))
                .isInstanceOf(DependencyUnreachableException.class)
                .hasMessageContaining("create it beforehand");
    }

    @Test
    void saysTheLoginWasRefusedForAnUnknownRole() {
        assertThatThrownBy(() -> DatabaseBootstrap.ensureDatabase(
                        SERVER + "postgres", "no_such_role_datasync", "", Duration.ofSeconds(2)))
                .isInstanceOf(DependencyUnreachableException.class)
                .hasMessageContaining("refused the service")
                .hasMessageContaining("no_such_role_datasync");
    }

    @Test
    void namesTheUrlWhenTheServerIsDown() {
        assertThatThrownBy(() -> DatabaseBootstrap.ensureDatabase(
                        "jdbc:postgresql://127.0.0.1:1/anything", "postgres", "", Duration.ofSeconds(1)))
                .isInstanceOf(DependencyUnreachableException.class)
                .hasMessageContaining("PostgreSQL is unreachable at jdbc:postgresql://127.0.0.1:1/anything");
    }
}

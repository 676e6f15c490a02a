package io.datasync.scheduler;

import io.datasync.kit.test.ServiceHttp;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * One more scheduler-service instance in the test JVM, started like the real one (its own Quartz instance id, web
 * port, Kafka consumers) against a database of the test's choosing, for the cluster and restart tests.
 *
 * <p>Spring's Quartz job store registers its data source in Quartz's JVM-wide connection manager under the scheduler
 * name. In production every instance has a JVM of its own; here the extra instances therefore take a scheduler name
 * other than the shared test context's (or they would take over its connections), and two instances of one cluster in
 * this JVM end up using the connections of the one started last: close them in the order they were started.
 */
final class SchedulerInstance implements AutoCloseable {

    private static final String HOST = System.getenv().getOrDefault("DATASYNC_DB_HOST", "127.0.0.1");
    private static final String PORT = System.getenv().getOrDefault("DATASYNC_DB_PORT", "5432");

    final String name;
    final ConfigurableApplicationContext context;
    final ServiceHttp http;

    private SchedulerInstance(String name, ConfigurableApplicationContext context) {
        this.name = name;
        this.context = context;
        this.http = ServiceHttp.throughGateway(
                "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"),
                ServiceHttp.TEST_IDENTITY_SECRET);
    }

    /**
     * Starts an instance.
     *
     * @param group the Kafka consumer group of its listeners: the instances of one cluster share one, distinct from
     *     the shared test context's, so that context does not take their run events
     * @param extra further {@code --key=value} arguments
     */
    static SchedulerInstance start(
            String name, String database, String brokers, FakeConfigService config, String group, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--spring.kafka.bootstrap-servers=" + brokers,
                "--datasync.service.database=" + database,
                "--datasync.service.outbox.poll-interval=200ms",
                "--datasync.security.identity-secret=" + ServiceHttp.TEST_IDENTITY_SECRET,
                "--datasync.security.mode=local",
                "--datasync.scheduler.config-url=" + config.url(),
                "--datasync.scheduler.consumer-group=" + group,
                "--spring.quartz.scheduler-name=datasync-scheduler-" + database,
                "--spring.quartz.properties[org.quartz.scheduler.instanceId]=" + name));
        args.addAll(List.of(extra));
        ConfigurableApplicationContext context =
                new SpringApplicationBuilder(SchedulerServiceApplication.class).run(args.toArray(String[]::new));
        return new SchedulerInstance(name, context);
    }

    /** A counter's count, 0 when it was never incremented. */
    static double count(MeterRegistry registry, String name) {
        var counter = registry.find(name).counter();
        return counter == null ? 0 : counter.count();
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }

    /** A JdbcTemplate on a database of the local PostgreSQL that outlives the instances using it. */
    static JdbcTemplate jdbc(String database) {
        return new JdbcTemplate(
                new DriverManagerDataSource("jdbc:postgresql://" + HOST + ":" + PORT + "/" + database, "postgres", ""));
    }

    /** Drops the database, so the instance that starts first creates and migrates it anew. */
    static void dropDatabase(String database) {
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop " + database, e);
        }
    }
}

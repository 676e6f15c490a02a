package io.datasync.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.datasync.kit.startup.DependencyUnreachableException;
import io.datasync.kit.testapp.KitTestApplication;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** A service whose PostgreSQL or Kafka does not answer refuses to start, and says which address it tried. */
class StartupFailureIT {

    private static Throwable start(String... overrides) {
        List<String> args = new ArrayList<>(List.of(
                "spring.application.name=kit-test",
                "datasync.service.name=kit-test",
                "datasync.service.api-base=/api/kit",
                "datasync.service.database=datasync_kit_it",
                "datasync.service.startup-timeout=2s",
                "server.port=0",
                "spring.liquibase.change-log=classpath:db/changelog/kit-test-master.yaml"));
        args.addAll(List.of(overrides));
        return catchThrowable(() -> new SpringApplicationBuilder(KitTestApplication.class)
                .run(args.stream().map(a -> "--" + a).toArray(String[]::new))
                .close());
    }

    private static DependencyUnreachableException unreachable(Throwable failure) {
        assertThat(failure).isNotNull();
        return ExceptionUtils.throwableOfType(failure, DependencyUnreachableException.class);
    }

    @Test
    void failsFastNamingTheDatabaseUrl() {
        DependencyUnreachableException e = unreachable(start(
                "spring.datasource.url=jdbc:postgresql://127.0.0.1:1/datasync_kit_it",
                "spring.kafka.bootstrap-servers=127.0.0.1:1"));
        assertThat(e).isNotNull();
        assertThat(e.dependency()).isEqualTo("PostgreSQL");
        assertThat(e.getMessage()).contains("jdbc:postgresql://127.0.0.1:1/datasync_kit_it");
    }

    @Test
    void failsFastNamingTheKafkaBootstrapServers() {
        long started = System.nanoTime();
        DependencyUnreachableException e = unreachable(start("spring.kafka.bootstrap-servers=127.0.0.1:1"));
        assertThat(e).isNotNull();
        assertThat(e.dependency()).isEqualTo("Kafka");
        assertThat(e.getMessage()).contains("bootstrap servers 127.0.0.1:1");
        assertThat(System.nanoTime() - started)
                .as("gives up instead of hanging")
                .isLessThan(60_000_000_000L);
    }
}

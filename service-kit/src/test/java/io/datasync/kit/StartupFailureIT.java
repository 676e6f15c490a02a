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
                "datasync.security.identity-secret=" + io.datasync.kit.test.ServiceHttp.TEST_IDENTITY_SECRET,
                "spring.liquibase.change-log=classpath:db/changelog/kit-test-master.yaml"));
        for (String override : overrides) { // an argument given twice would be read as a list of both
            String key = override.substring(0, override.indexOf('=') + 1);
            args.removeIf(a -> a.startsWith(key));
            args.add(override);
        }
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

    @Test
    void refusesToStartWithoutTheIdentitySecretNamingIt() {
        Throwable failure = start("datasync.security.identity-secret=");
        assertThat(failure).isNotNull();
        assertThat(ExceptionUtils.getRootCause(failure).getMessage())
                .contains("datasync.security.identity-secret is not set", "DATASYNC_IDENTITY_SECRET");

        Throwable tooShort = start("datasync.security.identity-secret=too-short");
        assertThat(ExceptionUtils.getThrowableList(tooShort))
                .anySatisfy(t -> assertThat(t.getMessage())
                        .contains("datasync.security.identity-secret: the identity secret needs at least 32 bytes"));
    }
}

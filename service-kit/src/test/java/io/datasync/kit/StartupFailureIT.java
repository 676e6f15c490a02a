package io.datasync.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.datasync.kit.startup.DependencyUnreachableException;
import io.datasync.kit.startup.UnsafeSetting;
import io.datasync.kit.startup.UnsafeSettingException;
import io.datasync.kit.startup.UnsafeSettingFailureAnalyzer;
import io.datasync.kit.testapp.KitTestApplication;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A service whose PostgreSQL or Kafka does not answer refuses to start, and says which address it tried; outside local
 * mode a service with missing or published secrets refuses to start, and names each setting.
 */
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
                "spring.liquibase.change-log=classpath:db/changelog/kit-test-master.yaml",
                // local unless a test says otherwise: the dependency tests use the passwordless local PostgreSQL
                "datasync.security.mode=local"));
        for (String override : overrides) { // an argument given twice would be read as a list of both
            String key = override.substring(0, override.indexOf('=') + 1);
            args.removeIf(a -> a.startsWith(key));
            args.add(override);
        }
        return catchThrowable(() -> new SpringApplicationBuilder(KitTestApplication.class)
                .run(args.stream().map(a -> "--" + a).toArray(String[]::new))
                .close());
    }

    /** Production mode with good values for every secret, so each test spoils exactly one. */
    private static final String[] PRODUCTION = {
        "datasync.security.mode=production",
        "datasync.security.identity-secret=Kq1Yw3b0dXh4mRZk8yqvYk1c2ZlU0eA9n7Jb6tW5sHo=",
        "spring.datasource.password=Vj3o1Rr8y0uWq2mZt7nXc4aLs9dE6fGh"
    };

    private static Throwable startInProduction(String... overrides) {
        List<String> all = new ArrayList<>(List.of(PRODUCTION));
        all.addAll(List.of(overrides));
        return start(all.toArray(String[]::new));
    }

    /** The refusal and the failure analysis a person starting the service reads. */
    private static UnsafeSettingException refusal(Throwable failure) {
        assertThat(failure).as("the service refused to start").isNotNull();
        UnsafeSettingException e = ExceptionUtils.throwableOfType(failure, UnsafeSettingException.class);
        assertThat(e).as("refused for its secrets: %s", failure).isNotNull();
        FailureAnalysis analysis = new UnsafeSettingFailureAnalyzer().analyze(failure);
        assertThat(analysis.getAction()).contains("./datasync secrets", "openssl rand -base64 32");
        return e;
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
                .anySatisfy(
                        t -> assertThat(t.getMessage())
                                .contains(
                                        "datasync.security.identity-secret (DATASYNC_IDENTITY_SECRET) is shorter than 32 bytes"));
    }

    @Test
    void startsInProductionModeWithGeneratedSecrets() {
        // every secret good: the only failure left is the unreachable Kafka, which proves the check let it through
        Throwable failure = startInProduction("spring.kafka.bootstrap-servers=127.0.0.1:1");
        assertThat(ExceptionUtils.throwableOfType(failure, UnsafeSettingException.class))
                .isNull();
        assertThat(unreachable(failure).dependency()).isEqualTo("Kafka");
    }

    @Test
    void refusesAnEmptyOrDefaultDatabasePasswordOutsideLocalMode() {
        for (String password : List.of("", "datasync", "postgres")) {
            UnsafeSettingException e = refusal(startInProduction("spring.datasource.password=" + password));
            assertThat(e.settings())
                    .as("password '%s'", password)
                    .extracting(UnsafeSetting::property)
                    .containsExactly("spring.datasource.password");
            assertThat(e.getMessage())
                    .contains("spring.datasource.password (DATASYNC_DB_PASSWORD)", "openssl rand -base64 32")
                    .doesNotContain("password '" + password + "'");
        }
    }

    @Test
    void refusesADefaultOrShortInternalTokenOutsideLocalMode() {
        for (String token :
                List.of("", "local-compose-internal-token", "local-only-internal-token", "short-token-23-chars-xx")) {
            UnsafeSettingException e = refusal(startInProduction("datasync.sync.internal-token=" + token));
            assertThat(e.settings())
                    .as("token '%s'", token)
                    .extracting(UnsafeSetting::property)
                    .containsExactly("datasync.sync.internal-token");
            assertThat(e.getMessage()).contains("datasync.sync.internal-token (DATASYNC_INTERNAL_TOKEN)");
            if (!token.isEmpty()) {
                assertThat(e.getMessage()).doesNotContain(token);
            }
        }
    }

    @Test
    void refusesAPublishedOrShortIdentitySecretOutsideLocalMode() {
        for (String secret : List.of(io.datasync.kit.test.ServiceHttp.TEST_IDENTITY_SECRET, "too-short")) {
            UnsafeSettingException e = refusal(startInProduction("datasync.security.identity-secret=" + secret));
            assertThat(e.settings())
                    .extracting(UnsafeSetting::property)
                    .containsExactly("datasync.security.identity-secret");
            assertThat(e.getMessage())
                    .contains("datasync.security.identity-secret (DATASYNC_IDENTITY_SECRET)")
                    .doesNotContain(secret);
        }
    }

    @Test
    void namesEveryUnsafeSettingAtOnce() {
        UnsafeSettingException e = refusal(startInProduction(
                "datasync.security.identity-secret=",
                "spring.datasource.password=postgres",
                "datasync.sync.internal-token=local-only-internal-token"));
        assertThat(e.settings())
                .extracting(UnsafeSetting::environment)
                .containsExactly("DATASYNC_IDENTITY_SECRET", "DATASYNC_INTERNAL_TOKEN", "DATASYNC_DB_PASSWORD");
        assertThat(e.getMessage()).contains("DATASYNC_SECURITY_MODE");
    }

    @Test
    void allowsTheSameValuesInLocalMode() {
        // local mode: the published values pass the check; the start then fails only on the unreachable Kafka
        Throwable failure = start(
                "spring.datasource.password=postgres",
                "datasync.sync.internal-token=local-only-internal-token",
                "spring.kafka.bootstrap-servers=127.0.0.1:1");
        assertThat(ExceptionUtils.throwableOfType(failure, UnsafeSettingException.class))
                .isNull();
        assertThat(unreachable(failure).dependency()).isEqualTo("Kafka");
    }

    @Test
    void refusesATooShortIdentitySecretInLocalModeToo() {
        // it could not check a single identity: a start that warned and then failed later would only confuse
        UnsafeSettingException e = refusal(start("datasync.security.identity-secret=too-short"));
        assertThat(e.settings()).extracting(UnsafeSetting::environment).containsExactly("DATASYNC_IDENTITY_SECRET");
        assertThat(e.getMessage()).contains("no mode can use", "32 bytes").doesNotContain("too-short");
    }
}

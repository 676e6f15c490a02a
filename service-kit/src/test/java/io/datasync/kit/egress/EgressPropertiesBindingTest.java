package io.datasync.kit.egress;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.models.egress.EgressPolicy;
import io.datasync.models.egress.JdbcUrl;
import io.datasync.models.egress.NetworkRule;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class EgressPropertiesBindingTest {

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(EgressAutoConfiguration.class));

    private static EgressPolicy policy(org.springframework.context.ApplicationContext context) {
        return context.getBean(EgressGuard.class).policy();
    }

    @Test
    void refusesEverythingTheDefaultsRefuseWhenNothingIsSet() {
        runner.run(context -> {
            EgressProperties properties = context.getBean(EgressProperties.class);
            assertThat(properties.fileRoots()).isEmpty();
            assertThat(properties.networks().allowLoopback()).isFalse();
            assertThat(properties.networks().allowPrivate()).isFalse();
            assertThat(properties.networks().allow()).isEmpty();
            assertThat(properties.networks().deny()).isEmpty();
            assertThat(properties.jdbc().allowedProperties()).isEmpty();
            assertThat(properties.jdbc().platformUrl()).isNull();

            EgressPolicy policy = policy(context);
            assertThat(policy.fileRoots()).isEmpty();
            assertThat(policy.networks().allowLoopback()).isFalse();
            assertThat(policy.jdbc().platformDatabase()).isNull();
        });
    }

    @Test
    void bindsKebabCaseKeys() {
        runner.withPropertyValues(
                        "datasync.egress.file-roots=/data/in,/srv/exports",
                        "datasync.egress.networks.allow-loopback=true",
                        "datasync.egress.networks.allow-private=true",
                        "datasync.egress.networks.allow=10.20.0.0/16,[::1]/128:5432",
                        "datasync.egress.networks.deny[0]=loopback:8080-8085",
                        "datasync.egress.networks.deny[1]=loopback:9093",
                        "datasync.egress.jdbc.allowed-properties.postgresql=binaryTransfer,stringtype",
                        "datasync.egress.jdbc.allowed-properties.mysql=tinyInt1isBit",
                        "datasync.egress.jdbc.platform-url=jdbc:postgresql://pg.internal:5433/datasync_sync")
                .run(context -> {
                    EgressPolicy policy = policy(context);
                    assertThat(policy.fileRoots()).containsExactly("/data/in", "/srv/exports");
                    assertThat(policy.networks().allowLoopback()).isTrue();
                    assertThat(policy.networks().allowPrivate()).isTrue();
                    assertThat(policy.networks().allow())
                            .extracting(NetworkRule::text)
                            .containsExactly("10.20.0.0/16", "[::1]/128:5432");
                    assertThat(policy.networks().deny())
                            .extracting(NetworkRule::text)
                            .containsExactly("loopback:8080-8085", "loopback:9093");
                    assertThat(policy.jdbc().allowedProperties())
                            .isEqualTo(Map.of(
                                    JdbcUrl.Driver.POSTGRESQL, Set.of("binaryTransfer", "stringtype"),
                                    JdbcUrl.Driver.MARIADB, Set.of("tinyInt1isBit")));
                    assertThat(policy.jdbc().platformDatabase().hostList()).isEqualTo("pg.internal:5433");
                });
    }

    @Test
    void bindsEnvironmentVariablesWithCommaSeparatedLists() {
        runner.withInitializer(context -> context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new SystemEnvironmentPropertySource(
                                "test-systemEnvironment",
                                Map.of(
                                        "DATASYNC_EGRESS_FILEROOTS", "/data/in,/srv/exports",
                                        "DATASYNC_EGRESS_NETWORKS_ALLOWLOOPBACK", "true",
                                        "DATASYNC_EGRESS_NETWORKS_DENY", "loopback:8080-8085,loopback:9093",
                                        "DATASYNC_EGRESS_JDBC_ALLOWEDPROPERTIES_MARIADB",
                                                "tinyInt1isBit,yearIsDateType"))))
                .run(context -> {
                    EgressPolicy policy = policy(context);
                    assertThat(policy.fileRoots()).containsExactly("/data/in", "/srv/exports");
                    assertThat(policy.networks().allowLoopback()).isTrue();
                    assertThat(policy.networks().allowPrivate()).isFalse();
                    assertThat(policy.networks().deny())
                            .extracting(NetworkRule::text)
                            .containsExactly("loopback:8080-8085", "loopback:9093");
                    assertThat(policy.jdbc().allowedProperties())
                            .isEqualTo(Map.of(JdbcUrl.Driver.MARIADB, Set.of("tinyInt1isBit", "yearIsDateType")));
                });
    }

    @Test
    void learnsThePlatformsDatabaseServerFromTheDatasourceUrl() {
        runner.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/datasync_config")
                .run(context -> assertThat(
                                policy(context).jdbc().platformDatabase().hostList())
                        .isEqualTo("127.0.0.1:5432"));
        runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:x")
                .run(context ->
                        assertThat(policy(context).jdbc().platformDatabase()).isNull());
    }

    @Test
    void stopsTheStartNamingASettingThatCannotBeRead() {
        runner.withPropertyValues("datasync.egress.networks.deny=127.0.0.1/8:8080")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("datasync.egress.networks.deny: network rule '127.0.0.1/8:8080'")
                        .hasMessageContaining("the block starts at 127.0.0.0/8"));
        runner.withPropertyValues("datasync.egress.file-roots=relative/dir")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("datasync.egress.file-roots: 'relative/dir' must be an absolute path"));
        runner.withPropertyValues("datasync.egress.jdbc.allowed-properties.oracle=x")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("datasync.egress.jdbc.allowed-properties.oracle: no such driver"));
        runner.withPropertyValues("datasync.egress.jdbc.allowed-properties.postgresql=socketFactory")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("lists 'socketFactory', which is always refused"));
        runner.withPropertyValues("datasync.egress.jdbc.platform-url=jdbc:postgresql:/x")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("datasync.egress.jdbc.platform-url:"));
    }

    @Test
    void letsAServiceProvideItsOwnGuard() {
        EgressGuard own = new EgressGuard(EgressPolicy.DEFAULT);
        runner.withBean(EgressGuard.class, () -> own)
                .run(context -> assertThat(context.getBean(EgressGuard.class)).isSameAs(own));
    }

    @Test
    void isRegisteredAsAnAutoConfigurationOfTheKit() throws Exception {
        String imports = new String(getClass()
                .getResourceAsStream(
                        "/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")
                .readAllBytes());
        assertThat(List.of(imports.split("\\R"))).contains(EgressAutoConfiguration.class.getName());
    }
}

package io.datasync.kit.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.models.egress.EgressPolicy;
import io.datasync.models.egress.EgressRefusedException;
import io.datasync.models.egress.JdbcPolicy;
import io.datasync.models.egress.JdbcUrl;
import io.datasync.models.egress.NetworkPolicy;
import io.datasync.models.egress.NetworkRule;
import io.datasync.models.egress.Resolver;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The guard's network checks through a resolver stub: no test here resolves a real name or opens a socket. */
class EgressGuardTest {

    private static final Map<String, String> ANSWERS = Map.of(
            "api.example.com", "93.184.216.34",
            "intranet.example.com", "10.1.2.3",
            "kafka.example.com", "93.184.216.50",
            "localhost", "127.0.0.1");

    private static final Resolver STUB = host -> {
        String answer = ANSWERS.get(host);
        if (answer == null) {
            throw new UnknownHostException(host);
        }
        return List.of(
                InetAddress.getByAddress(host, InetAddress.getByName(answer).getAddress()));
    };

    private final EgressGuard localRun = new EgressGuard(
            new EgressPolicy(
                    List.of(),
                    new NetworkPolicy(
                            true,
                            false,
                            List.of(),
                            List.of(NetworkRule.parse("loopback:8080-8085"), NetworkRule.parse("loopback:9093"))),
                    new JdbcPolicy(Map.of(), JdbcUrl.parse("jdbc:postgresql://127.0.0.1:5432/datasync_sync"))),
            STUB);

    @Test
    void throwsARefusalThatNamesWhatWasRefusedAndTheSetting() {
        EgressGuard guard = new EgressGuard(EgressPolicy.DEFAULT, STUB);

        assertThatThrownBy(() -> guard.checkHttpUrl(URI.create("https://intranet.example.com/x")))
                .isInstanceOfSatisfying(EgressRefusedException.class, e -> {
                    assertThat(e.getMessage())
                            .startsWith("HTTP request to intranet.example.com:443 is refused: intranet.example.com"
                                    + " resolves to 10.1.2.3, which is a private address.");
                    assertThat(e.setting()).isEqualTo("datasync.egress.networks.allow-private");
                });
        guard.checkHttpUrl(URI.create("https://api.example.com/x"));
    }

    @Test
    void keepsUsersAwayFromThePlatformsInternalApiAndBrokerInTheLocalRun() {
        assertThatThrownBy(() -> localRun.checkHttpUrl(URI.create("http://127.0.0.1:8081/internal/jobs")))
                .isInstanceOf(EgressRefusedException.class)
                .hasMessageContaining("'loopback:8080-8085'");
        assertThatThrownBy(() -> localRun.checkRedirect(
                        URI.create("http://localhost:9000/"), URI.create("http://localhost:8084/")))
                .isInstanceOf(EgressRefusedException.class);
        assertThatThrownBy(() -> localRun.checkHostPorts("localhost:9093", 0, "Kafka bootstrap server"))
                .isInstanceOf(EgressRefusedException.class)
                .hasMessageStartingWith("Kafka bootstrap server localhost:9093 is refused");
        localRun.checkHostPorts("localhost:9092,kafka.example.com:9092", 0, "Kafka bootstrap server");
        localRun.checkHostPort("127.0.0.1", 6379, "Redis server");
        localRun.checkUri(URI.create("tcp://localhost:1883"), 1883, "MQTT broker");
    }

    @Test
    void returnsTheJdbcUrlAsItsDriverReadsIt() {
        JdbcUrl url = localRun.checkJdbcUrl("jdbc:mariadb://localhost:3306/shop?connectTimeout=5000");

        assertThat(url.driver()).isEqualTo(JdbcUrl.Driver.MARIADB);
        assertThat(url.driverDefaults()).containsEntry("allowLocalInfile", "false");
        assertThatThrownBy(() -> localRun.checkJdbcUrl("jdbc:postgresql://localhost:5432/datasync_config"))
                .isInstanceOf(EgressRefusedException.class)
                .hasMessageContaining("one of the platform's own");
        assertThatThrownBy(() -> localRun.checkJdbcUrl("jdbc:mariadb://localhost/x?credentialType=ENV&pwdKey=X"))
                .isInstanceOfSatisfying(
                        EgressRefusedException.class,
                        e -> assertThat(e.setting()).isNull());
        assertThatThrownBy(() -> localRun.checkJdbcUrl("jdbc:mariadb://address=(host=localhost)/x"))
                .isInstanceOf(EgressRefusedException.class)
                .hasMessageContaining("plain host:port");
    }

    @Test
    void reportsAnUnresolvableNameAsAConnectionFailureNotARefusal() {
        assertThatThrownBy(() -> localRun.checkHostPort("nosuch.example.com", 80, "HTTP request to"))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(UnknownHostException.class)
                .hasMessageContaining("nosuch.example.com");
        assertThatThrownBy(() -> localRun.checkJdbcUrl("jdbc:postgresql://nosuch.example.com/x"))
                .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void checksHeaders() {
        assertThatThrownBy(() -> localRun.checkHeader("X-Service-Token")).isInstanceOf(EgressRefusedException.class);
        localRun.checkHeader("X-Api-Key");
    }

    @Test
    void resolvesLiteralsWithoutAskingDns() throws Exception {
        assertThat(EgressGuard.DNS.resolve("127.0.0.1")).containsExactly(InetAddress.getByName("127.0.0.1"));
        assertThat(EgressGuard.DNS.resolve("::1")).hasSize(1);
    }

    @Test
    void acceptsTheJvmsDefaultDnsCache() {
        // nothing in the build sets networkaddress.cache.ttl or sun.net.inetaddr.ttl to 0
        assertThat(EgressGuard.dnsCacheProblem()).isNull();
    }
}

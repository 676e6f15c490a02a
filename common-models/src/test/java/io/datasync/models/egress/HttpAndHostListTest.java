package io.datasync.models.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpAndHostListTest {

    private final StubResolver dns = new StubResolver()
            .answer("api.example.com", "93.184.216.34")
            .answer("cdn.example.com", "93.184.216.40", "2606:2800:220:1::1")
            .answer("intranet.example.com", "10.1.2.3")
            .answer("kafka-1", "10.0.0.11")
            .answer("kafka-2", "93.184.216.50")
            .answer("localhost", "127.0.0.1", "::1");

    private final EgressPolicy policy = EgressPolicy.DEFAULT;
    private final EgressPolicy localRun = new EgressPolicy(
            List.of(),
            new NetworkPolicy(true, false, List.of(), List.of(NetworkRule.parse("loopback:8080-8085"))),
            JdbcPolicy.DEFAULT);

    private static String message(EgressDecision decision) {
        assertThat(decision).isInstanceOf(EgressDecision.Refused.class);
        return ((EgressDecision.Refused) decision).message();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://api.example.com/v1/orders?page=2",
                "http://api.example.com:8080/",
                "HTTPS://cdn.example.com",
                "https://93.184.216.34/",
                "https://[2606:2800:220:1::1]:8443/x"
            })
    void allowsHttpAndHttpsToAllowedHosts(String url) throws Exception {
        assertThat(policy.decideHttpUrl(URI.create(url), dns).isAllowed()).isTrue();
    }

    @Test
    void refusesOtherSchemesCredentialsAndUnreadableHosts() throws Exception {
        assertThat(message(policy.decideHttpUrl(URI.create("ftp://api.example.com/x"), dns)))
                .contains("only http and https");
        assertThat(message(policy.decideHttpUrl(URI.create("file:///etc/passwd"), dns)))
                .contains("only http and https");
        assertThat(message(policy.decideHttpUrl(URI.create("jar:file:/x.jar!/a"), dns)))
                .contains("not an absolute http(s) URL");
        assertThat(message(policy.decideHttpUrl(URI.create("/relative"), dns))).contains("not an absolute");
        assertThat(message(policy.decideHttpUrl(URI.create("https://u:p@api.example.com/"), dns)))
                .contains("credentials")
                .doesNotContain("u:p");
        assertThat(message(policy.decideHttpUrl(URI.create("http://my_host:8080/"), dns)))
                .contains("'my_host:8080'");
        assertThat(message(policy.decideHttpUrl(URI.create("http://127.1/"), dns)))
                .contains("'127.1'");
        assertThat(message(policy.decideHttpUrl(URI.create("http://0177.0.0.1/"), dns)))
                .contains("plain form");
    }

    @Test
    void checksTheHostWithTheSchemesDefaultPort() throws Exception {
        EgressPolicy denyDefaults = new EgressPolicy(
                List.of(),
                new NetworkPolicy(false, false, List.of(), List.of(NetworkRule.parse("93.184.216.34:80"))),
                JdbcPolicy.DEFAULT);

        assertThat(message(denyDefaults.decideHttpUrl(URI.create("http://api.example.com/"), dns)))
                .startsWith("HTTP request to api.example.com:80 is refused");
        assertThat(denyDefaults
                        .decideHttpUrl(URI.create("https://api.example.com/"), dns)
                        .isAllowed())
                .isTrue();
        assertThat(message(policy.decideHttpUrl(URI.create("https://intranet.example.com/"), dns)))
                .isEqualTo("HTTP request to intranet.example.com:443 is refused: intranet.example.com resolves to"
                        + " 10.1.2.3, which is a private address. An operator allows it with"
                        + " datasync.egress.networks.allow-private=true or a rule in datasync.egress.networks.allow.");
    }

    @Test
    void neverCallsTheConfigServicesInternalApiInTheLocalRun() throws Exception {
        assertThat(message(localRun.decideHttpUrl(URI.create("http://127.0.0.1:8081/internal/jobs/1"), dns)))
                .contains("denied on port 8081 by the rule 'loopback:8080-8085'");
        assertThat(localRun.decideHttpUrl(URI.create("http://localhost:8082/"), dns)
                        .isAllowed())
                .isFalse();
        assertThat(localRun.decideHttpUrl(URI.create("http://[::1]:8080/"), dns).isAllowed())
                .isFalse();
        assertThat(localRun.decideHttpUrl(URI.create("http://localhost:9000/"), dns)
                        .isAllowed())
                .isTrue();
    }

    @Test
    void checksEveryRedirectTargetLikeAUrl() throws Exception {
        URI from = URI.create("https://api.example.com/v1/orders");

        assertThat(policy.decideRedirect(from, URI.create("/v2/orders"), dns).isAllowed())
                .isTrue();
        assertThat(policy.decideRedirect(from, URI.create("https://cdn.example.com/o.json"), dns)
                        .isAllowed())
                .isTrue();
        assertThat(message(policy.decideRedirect(
                        from, URI.create("https://169.254.169.254/latest/meta-data/iam/security-credentials/"), dns)))
                .startsWith("HTTP redirect to 169.254.169.254:443 is refused: 169.254.169.254 is a cloud metadata"
                        + " address");
        assertThat(message(policy.decideRedirect(from, URI.create("https://intranet.example.com/"), dns)))
                .startsWith("HTTP redirect to intranet.example.com:443 is refused");
        assertThat(message(policy.decideRedirect(from, URI.create("http://api.example.com/v1/orders"), dns)))
                .contains("from https to http");
        assertThat(message(localRun.decideRedirect(
                        URI.create("http://localhost:9000/"), URI.create("http://localhost:8081/internal"), dns)))
                .contains("denied on port 8081");
        assertThat(message(policy.decideRedirect(from, URI.create("gopher://api.example.com/"), dns)))
                .contains("only http and https");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host", "authorization", "X-Service-Token", "Transfer-Encoding", "X-Forwarded-For", "a b"})
    void refusesReservedHeaders(String name) {
        assertThat(message(policy.decideHeader(name))).startsWith("HTTP header ");
    }

    @Test
    void allowsOtherHeaders() {
        assertThat(policy.decideHeader("X-Api-Key").isAllowed()).isTrue();
        assertThat(policy.decideHeader("Accept").isAllowed()).isTrue();
    }

    @Test
    void checksEveryEntryOfAHostPortList() throws Exception {
        EgressPolicy privateAllowed =
                new EgressPolicy(List.of(), new NetworkPolicy(false, true, List.of(), List.of()), JdbcPolicy.DEFAULT);

        assertThat(message(policy.decideHostPorts("kafka-2:9092,kafka-1:9092", 0, "Kafka bootstrap server", dns)))
                .startsWith("Kafka bootstrap server kafka-1:9092 is refused: kafka-1 resolves to 10.0.0.11");
        assertThat(privateAllowed
                        .decideHostPorts("kafka-2:9092,kafka-1:9092,[2606:2800:220:1::1]:9093", 0, "Kafka", dns)
                        .isAllowed())
                .isTrue();
        assertThat(message(policy.decideHostPorts("kafka-2", 0, "Kafka bootstrap server", dns)))
                .contains("has no port");
        assertThat(policy.decideHostPorts("kafka-2", 9092, "Kafka bootstrap server", dns)
                        .isAllowed())
                .isTrue();
        assertThat(message(policy.decideHostPorts("kafka-2:9092,", 0, "Kafka bootstrap server", dns)))
                .contains("empty entry");
        assertThat(message(policy.decideHostPorts("::1:9092", 0, "Kafka bootstrap server", dns)))
                .contains("brackets");
        assertThat(message(policy.decideHostPorts("[::1]:9092", 0, "Kafka bootstrap server", dns)))
                .contains("a loopback address");
    }

    @Test
    void checksABrokerUriWithItsDefaultPort() throws Exception {
        assertThat(policy.decideUri(URI.create("tcp://kafka-2:1883"), 1883, "MQTT broker", dns)
                        .isAllowed())
                .isTrue();
        assertThat(message(policy.decideUri(URI.create("redis://:secret@localhost"), 6379, "Redis server", dns)))
                .startsWith("Redis server localhost:6379 is refused")
                .doesNotContain("secret");
        assertThat(message(policy.decideUri(URI.create("mailto:a@b"), 1, "x", dns)))
                .contains("names no host");
    }

    @Test
    void decidesLiteralsWithoutDns() {
        assertThat(policy.decideHttpUrl(URI.create("http://169.254.169.254/")).isAllowed())
                .isFalse();
        assertThat(policy.decideHttpUrl(URI.create("http://unknown.example/")).isAllowed())
                .isTrue();
        assertThat(policy.decideHost("10.0.0.1", 80, "x").isAllowed()).isFalse();
    }
}

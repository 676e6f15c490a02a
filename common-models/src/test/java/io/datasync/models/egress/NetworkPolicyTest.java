package io.datasync.models.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkPolicyTest {

    private static final NetworkPolicy OPEN_LOCAL = policy(true, true, List.of("any"), List.of());

    private final StubResolver dns = new StubResolver()
            .answer("api.example.com", "93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946")
            .answer("split.example.com", "93.184.216.34", "10.0.0.7")
            .answer("metadata.google.internal", "169.254.169.254")
            .answer("rebind.example.com", "127.0.0.1")
            .answer("v6only.example.com", "::ffff:192.168.1.10")
            .answer("nat64.example.com", "64:ff9b::a9fe:a9fe")
            .answer("localhost", "127.0.0.1", "::1");

    private static NetworkPolicy policy(boolean loopback, boolean privates, List<String> allow, List<String> deny) {
        return new NetworkPolicy(
                loopback,
                privates,
                allow.stream().map(NetworkRule::parse).toList(),
                deny.stream().map(NetworkRule::parse).toList());
    }

    private EgressDecision decide(NetworkPolicy policy, String host, int port) throws UnknownHostException {
        return policy.decideHost(host, port, "HTTP request to", dns);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "93.184.216.34",
                "8.8.8.8",
                "2606:4700:4700::1111",
                "[2606:4700:4700::1111]",
                "api.example.com",
                "::ffff:8.8.8.8"
            })
    void allowsPublicAddressesByDefault(String host) throws Exception {
        assertThat(decide(NetworkPolicy.DEFAULT, host, 443).isAllowed()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "169.254.169.254",
                "169.254.170.2",
                "100.100.100.200",
                "168.63.129.16",
                "192.0.0.192",
                "fd00:ec2::254",
                "fd20:ce::254",
                "169.254.0.1",
                "fe80::1",
                "febf::1",
                "0.0.0.0",
                "0.1.2.3",
                "::",
                "224.0.0.1",
                "239.255.255.250",
                "ff02::1",
                "255.255.255.255",
                "240.0.0.1",
                "::ffff:169.254.169.254",
                "::169.254.169.254",
                "64:ff9b::a9fe:a9fe",
                "::ffff:0.0.0.0",
                "metadata.google.internal",
                "nat64.example.com"
            })
    void refusesLinkLocalMetadataUnspecifiedMulticastAndBroadcastWhateverTheSettings(String host) throws Exception {
        EgressDecision decision = decide(OPEN_LOCAL, host, 80);

        assertThat(decision.isAllowed()).isFalse();
        EgressDecision.Refused refused = (EgressDecision.Refused) decision;
        assertThat(refused.setting()).isNull();
        assertThat(refused.message()).contains("no connector may reach", "No setting allows it.");
    }

    @Test
    void namesTheMetadataServiceForWhatItIs() throws Exception {
        assertThat(((EgressDecision.Refused) decide(OPEN_LOCAL, "169.254.169.254", 80)).message())
                .isEqualTo("HTTP request to 169.254.169.254:80 is refused: 169.254.169.254 is a cloud metadata address,"
                        + " which no connector may reach. No setting allows it.");
        assertThat(((EgressDecision.Refused) decide(OPEN_LOCAL, "fe80::1", 80)).message())
                .contains("[fe80::1]:80", "a link-local address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.255.0.9", "::1", "::ffff:127.0.0.1", "::127.0.0.1", "localhost"})
    void refusesLoopbackUnlessAllowed(String host) throws Exception {
        EgressDecision decision = decide(NetworkPolicy.DEFAULT, host, 5432);

        assertThat(decision).isInstanceOf(EgressDecision.Refused.class);
        assertThat(((EgressDecision.Refused) decision).setting()).isEqualTo(EgressSettings.ALLOW_LOOPBACK);
        assertThat(((EgressDecision.Refused) decision).message())
                .contains("a loopback address", "datasync.egress.networks.allow-loopback=true");
        assertThat(decide(policy(true, false, List.of(), List.of()), host, 5432).isAllowed())
                .isTrue();
    }

    @Test
    void refusesThePlatformsOwnPortsOnLoopbackAsTheLocalRunSetsThem() throws Exception {
        NetworkPolicy local = policy(true, false, List.of(), List.of("loopback:8080-8085", "loopback:9093"));

        for (String host :
                List.of("127.0.0.1", "127.0.0.2", "::1", "::ffff:127.0.0.1", "localhost", "rebind.example.com")) {
            for (int port : List.of(8080, 8081, 8085, 9093)) {
                EgressDecision decision = decide(local, host, port);
                assertThat(decision.isAllowed()).as(host + ":" + port).isFalse();
                assertThat(((EgressDecision.Refused) decision).setting()).isEqualTo(EgressSettings.DENY);
            }
            assertThat(decide(local, host, 5432).isAllowed()).as(host + ":5432").isTrue();
            assertThat(decide(local, host, 9092).isAllowed()).as(host + ":9092").isTrue();
        }
        assertThat(((EgressDecision.Refused) decide(local, "127.0.0.1", 8081)).message())
                .isEqualTo("HTTP request to 127.0.0.1:8081 is refused: 127.0.0.1 is denied on port 8081 by the rule"
                        + " 'loopback:8080-8085' in datasync.egress.networks.deny.");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "10.0.0.1",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.1.1",
                "100.64.0.1",
                "198.18.0.1",
                "fd12:3456::1",
                "fc00::1",
                "::ffff:10.0.0.1",
                "64:ff9b::10.0.0.1",
                "v6only.example.com"
            })
    void refusesPrivateAddressesUnlessAllowed(String host) throws Exception {
        EgressDecision decision = decide(NetworkPolicy.DEFAULT, host, 5432);

        assertThat(decision.isAllowed()).isFalse();
        assertThat(((EgressDecision.Refused) decision).setting()).isEqualTo(EgressSettings.ALLOW_PRIVATE);
        assertThat(((EgressDecision.Refused) decision).message()).contains("a private address", "allow-private=true");
        assertThat(decide(policy(false, true, List.of(), List.of()), host, 5432).isAllowed())
                .isTrue();
    }

    @Test
    void treatsNeighboursOfPrivateBlocksAsPublic() throws Exception {
        for (String host : List.of("172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.1", "11.0.0.1")) {
            assertThat(decide(NetworkPolicy.DEFAULT, host, 80).isAllowed())
                    .as(host)
                    .isTrue();
        }
    }

    @Test
    void allowRulesOpenOnlyTheirBlockAndPorts() throws Exception {
        NetworkPolicy policy =
                policy(false, false, List.of("10.20.0.0/16", "192.168.5.5:5432", "[::1]:5432"), List.of());

        assertThat(decide(policy, "10.20.9.9", 1).isAllowed()).isTrue();
        assertThat(decide(policy, "10.21.0.1", 1).isAllowed()).isFalse();
        assertThat(decide(policy, "192.168.5.5", 5432).isAllowed()).isTrue();
        assertThat(decide(policy, "192.168.5.5", 5433).isAllowed()).isFalse();
        assertThat(decide(policy, "::1", 5432).isAllowed()).isTrue();
        assertThat(decide(policy, "127.0.0.1", 5432).isAllowed()).isFalse();
    }

    @Test
    void denyRulesWinOverAllowRulesAndApplyToPublicAddresses() throws Exception {
        NetworkPolicy policy = policy(false, true, List.of("10.0.0.0/8"), List.of("10.0.0.5", "any:25"));

        assertThat(decide(policy, "10.0.0.4", 80).isAllowed()).isTrue();
        assertThat(decide(policy, "10.0.0.5", 80).isAllowed()).isFalse();
        assertThat(decide(policy, "8.8.8.8", 25).isAllowed()).isFalse();
        assertThat(decide(policy, "2001:db8::1", 25).isAllowed()).isFalse();
        assertThat(decide(policy, "8.8.8.8", 587).isAllowed()).isTrue();
    }

    @Test
    void denyRulesMatchAnAddressAsWrittenButAllowRulesOnlyItsIpv4Form() throws Exception {
        NetworkPolicy denyV6 = policy(false, false, List.of(), List.of("[::]/0:22"));
        assertThat(decide(denyV6, "::ffff:8.8.8.8", 22).isAllowed()).isFalse();
        assertThat(decide(denyV6, "::ffff:8.8.8.8", 23).isAllowed()).isTrue();

        NetworkPolicy allowV6 = policy(false, false, List.of("[::]/0"), List.of());
        assertThat(decide(allowV6, "::ffff:10.0.0.1", 80).isAllowed()).isFalse();
        assertThat(decide(allowV6, "fd00::1", 80).isAllowed()).isTrue();
    }

    @Test
    void refusesANameWhenAnyOfItsAddressesIsRefused() throws Exception {
        EgressDecision decision = decide(NetworkPolicy.DEFAULT, "split.example.com", 443);

        assertThat(decision.isAllowed()).isFalse();
        assertThat(((EgressDecision.Refused) decision).message())
                .isEqualTo("HTTP request to split.example.com:443 is refused: split.example.com resolves to 10.0.0.7,"
                        + " which is a private address. An operator allows it with"
                        + " datasync.egress.networks.allow-private=true or a rule in datasync.egress.networks.allow.");
        assertThat(decide(policy(false, true, List.of(), List.of()), "split.example.com", 443)
                        .isAllowed())
                .isTrue();
    }

    @Test
    void checksLocalhostAsLoopbackEvenWhenTheResolverSaysOtherwise() throws Exception {
        Resolver lying = host -> List.of(IpAddresses.parseLiteral("93.184.216.34"));
        assertThat(NetworkPolicy.DEFAULT
                        .decideHost("LocalHost.", 80, "x", lying)
                        .isAllowed())
                .isFalse();
        assertThat(NetworkPolicy.DEFAULT
                        .decideHost("db.localhost", 80, "x", lying)
                        .isAllowed())
                .isFalse();
        Resolver toPrivate = host -> List.of(IpAddresses.parseLiteral("10.0.0.1"));
        assertThat(policy(true, false, List.of(), List.of())
                        .decideHost("localhost", 80, "x", toPrivate)
                        .isAllowed())
                .isFalse();
    }

    @Test
    void reportsANameThatDoesNotResolve() {
        assertThatThrownBy(() -> decide(NetworkPolicy.DEFAULT, "nosuch.example.com", 80))
                .isInstanceOf(UnknownHostException.class);
        assertThatThrownBy(() -> NetworkPolicy.DEFAULT.decideHost("empty.example.com", 80, "x", host -> List.of()))
                .isInstanceOf(UnknownHostException.class);
    }

    @Test
    void withoutDnsDecidesLiteralsAndLocalhostAndLetsNamesPass() throws Exception {
        assertThat(NetworkPolicy.DEFAULT
                        .decideHost("db.example.com", 5432, "x", null)
                        .isAllowed())
                .isTrue();
        assertThat(NetworkPolicy.DEFAULT.decideHost("10.0.0.1", 5432, "x", null).isAllowed())
                .isFalse();
        assertThat(NetworkPolicy.DEFAULT
                        .decideHost("localhost", 5432, "x", null)
                        .isAllowed())
                .isFalse();
        assertThat(OPEN_LOCAL.decideHost("169.254.169.254", 80, "x", null).isAllowed())
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.1", "2130706433", "0x7f000001", "0177.0.0.1", "fe80::1%eth0", "", "a..b"})
    void refusesHostsThatAreNeitherNamesNorPlainLiterals(String host) throws Exception {
        EgressDecision decision = decide(OPEN_LOCAL, host, 80);
        assertThat(decision.isAllowed()).isFalse();
        assertThat(((EgressDecision.Refused) decision).setting()).isNull();
    }

    @Test
    void refusesPortsOutsideTheRange() throws Exception {
        assertThat(decide(NetworkPolicy.DEFAULT, "8.8.8.8", 0).isAllowed()).isFalse();
        assertThat(decide(NetworkPolicy.DEFAULT, "8.8.8.8", 65536).isAllowed()).isFalse();
        assertThat(NetworkPolicy.DEFAULT
                        .decideAddress(IpAddresses.parseLiteral("8.8.8.8"), 0)
                        .isAllowed())
                .isFalse();
    }

    @Test
    void decidesOneResolvedAddress() {
        EgressDecision decision = NetworkPolicy.DEFAULT.decideAddress(IpAddresses.parseLiteral("::1"), 5432);
        assertThat(((EgressDecision.Refused) decision).message())
                .startsWith("[::1]:5432 is refused: ::1 is a loopback");
        assertThat(NetworkPolicy.DEFAULT
                        .decideAddress(IpAddresses.parseLiteral("1.1.1.1"), 53)
                        .isAllowed())
                .isTrue();
    }

    @Test
    void classifiesEveryAlwaysRefusedBlockBeforePrivateOnes() {
        assertThat(AddressClass.of(IpAddresses.parseLiteral("100.100.100.200"))).isEqualTo(AddressClass.METADATA);
        assertThat(AddressClass.of(IpAddresses.parseLiteral("fd00:ec2::254"))).isEqualTo(AddressClass.METADATA);
        assertThat(AddressClass.of(IpAddresses.parseLiteral("192.0.0.192"))).isEqualTo(AddressClass.METADATA);
        assertThat(Arrays.stream(AddressClass.values()).filter(AddressClass::alwaysRefused))
                .containsExactly(
                        AddressClass.METADATA,
                        AddressClass.LINK_LOCAL,
                        AddressClass.UNSPECIFIED,
                        AddressClass.MULTICAST,
                        AddressClass.BROADCAST);
    }
}

package io.datasync.models.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkRuleTest {

    private static InetAddress ip(String literal) {
        return IpAddresses.parseLiteral(literal);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "10.20.0.0/16           | 10.20.3.4       | 1     | true",
                "10.20.0.0/16           | 10.21.0.1       | 1     | false",
                "10.20.0.5              | 10.20.0.5       | 443   | true",
                "10.20.0.5              | 10.20.0.6       | 443   | false",
                "10.20.0.0/16:5432      | 10.20.0.1       | 5432  | true",
                "10.20.0.0/16:5432      | 10.20.0.1       | 5433  | false",
                "127.0.0.0/8:8080-8085  | 127.0.0.1       | 8080  | true",
                "127.0.0.0/8:8080-8085  | 127.0.0.9       | 8085  | true",
                "127.0.0.0/8:8080-8085  | 127.0.0.1       | 8086  | false",
                "[::1]/128:5432         | ::1             | 5432  | true",
                "[::1]/128:5432         | ::1             | 5431  | false",
                "[::1]:5432             | ::1             | 5432  | true",
                "[fd00::/8]:80-443      | fd12::1         | 443   | true",
                "fc00::/7               | fd00::1         | 65535 | true",
                "fc00::/7               | 10.0.0.1        | 80    | false",
                "::1                    | ::1             | 22    | true",
                "loopback:9093          | 127.0.0.1       | 9093  | true",
                "loopback:9093          | ::1             | 9093  | true",
                "loopback:9093          | 127.0.0.1       | 9092  | false",
                "LOOPBACK               | 127.3.2.1       | 1     | true",
                "private                | 172.16.0.1      | 1     | true",
                "private                | 8.8.8.8         | 1     | false",
                "any:25                 | 8.8.8.8         | 25    | true",
                "any:25                 | 2001:db8::1     | 25    | true",
                "0.0.0.0/0              | 203.0.113.7     | 1     | true",
                "[::ffff:10.0.0.0]/104  | 10.1.2.3        | 80    | true",
                "[64:ff9b::]/96         | 10.1.2.3        | 80    | true"
            })
    void readsRulesAndMatchesAddressesAndPorts(String rule, String address, int port, boolean matches) {
        assertThat(NetworkRule.parse(rule).matches(ip(address), port)).isEqualTo(matches);
    }

    @Test
    void keepsTheTextForMessages() {
        NetworkRule rule = NetworkRule.parse(" 127.0.0.0/8:8080-8085 ");
        assertThat(rule.toString()).isEqualTo("127.0.0.0/8:8080-8085");
        assertThat(rule.fromPort()).isEqualTo(8080);
        assertThat(rule.toPort()).isEqualTo(8085);
    }

    @Test
    void readsIpv6WithoutBracketsAsAnAddressWithoutPort() {
        // '::1:5432' is itself a valid IPv6 address: without brackets nothing after it is a port
        NetworkRule rule = NetworkRule.parse("::1:5432");
        assertThat(rule.fromPort()).isEqualTo(1);
        assertThat(rule.matches(ip("::1:5432"), 80)).isTrue();
        assertThat(rule.matches(ip("::1"), 5432)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "10.0.0.0/33",
                "10.0.0.1/8",
                "10.0.0.0/8:0",
                "10.0.0.0/8:70000",
                "10.0.0.0/8:90-80",
                "10.0.0.0/8:http",
                "10.0.0.0/8:",
                "[::1",
                "[::1]5432",
                "[::1]/128/64",
                "[10.0.0.1]:80",
                "fc00::/129",
                "db.example.com",
                "127.1/8",
                "localhost:80"
            })
    void refusesWhatItCannotReadWithTheSyntaxInTheMessage(String rule) {
        assertThatThrownBy(() -> NetworkRule.parse(rule))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CIDR[:port|port-range]");
    }

    @Test
    void saysWhereABlockWithHostBitsStarts() {
        assertThatThrownBy(() -> NetworkRule.parse("192.168.1.7/24"))
                .hasMessageContaining("the block starts at 192.168.1.0/24");
    }
}

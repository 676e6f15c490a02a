package io.datasync.models.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {

    private static String text(String literal) {
        InetAddress address = IpAddresses.parseLiteral(literal);
        return address == null ? null : IpAddresses.text(address);
    }

    @ParameterizedTest
    @CsvSource({
        "10.0.0.1, 10.0.0.1",
        "0.0.0.0, 0.0.0.0",
        "255.255.255.255, 255.255.255.255",
        "::, ::",
        "::1, ::1",
        "[::1], ::1",
        "2001:db8::1, 2001:db8::1",
        "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "fe80::, fe80::",
        "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
        "1::8, 1::8",
        "1:0:0:2::3, 1:0:0:2::3",
        "FD00:EC2::254, fd00:ec2::254",
        "::ffff:10.0.0.1, ::ffff:a00:1",
        "64:ff9b::192.0.2.33, 64:ff9b::c000:221"
    })
    void readsLiteralsWithoutDns(String literal, String expected) {
        assertThat(text(literal)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "localhost",
                "db.example.com",
                "127.1",
                "2130706433",
                "0x7f000001",
                "010.0.0.1",
                "10.0.0.01",
                "256.0.0.1",
                "10.0.0",
                "10.0.0.1.",
                "1.2.3.4.5",
                "١٢٧.0.0.1",
                ":::",
                "1:::2",
                "::1::",
                "1:2:3:4:5:6:7:8:9",
                "1:2:3:4:5:6:7",
                ":1::",
                "12345::",
                "fe80::1%eth0",
                "::ffff:10.0.0.256",
                "::10.0.0.1:1",
                "[10.0.0.1]",
                "g::1",
                ""
            })
    void refusesWhatIsNotAPlainLiteral(String text) {
        assertThat(IpAddresses.parseLiteral(text)).isNull();
    }

    @Test
    void keepsIpv6BytesEvenWhenTheySpellIpv4() {
        assertThat(IpAddresses.parseLiteral("::ffff:127.0.0.1")).isInstanceOf(Inet6Address.class);
        assertThat(IpAddresses.parseLiteral("127.0.0.1")).isInstanceOf(Inet4Address.class);
    }

    @ParameterizedTest
    @CsvSource({
        "::ffff:127.0.0.1, 127.0.0.1",
        "::ffff:a9fe:a9fe, 169.254.169.254",
        "::127.0.0.1, 127.0.0.1",
        "::10.1.2.3, 10.1.2.3",
        "64:ff9b::10.0.0.1, 10.0.0.1",
        "64:ff9b::a9fe:a9fe, 169.254.169.254",
        "64:ff9b:1:7f00:0:100::, 127.0.0.1",
        "::1, ::1",
        "::, ::",
        "2001:db8::1, 2001:db8::1",
        "10.0.0.1, 10.0.0.1"
    })
    void normalizesIpv6FormsThatEmbedIpv4(String literal, String expected) {
        assertThat(IpAddresses.text(IpAddresses.normalize(IpAddresses.parseLiteral(literal))))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "db",
                "db.example.com",
                "db.example.com.",
                "my_db",
                "kafka-1",
                "xn--bcher-kva.example",
                "10.0.0.1",
                "::1",
                "1a.example.com"
            })
    void acceptsNamesAndLiterals(String host) {
        assertThat(IpAddresses.hostProblem(host)).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "127.1",
                "2130706433",
                "0x7f.1",
                "010.0.0.1",
                "a..b",
                "-a.example",
                "a-.example",
                "bücher.example",
                "u@h",
                "h/x",
                "fe80::1%eth0",
                "a b"
            })
    void refusesHostsThatResolversReadDifferently(String host) {
        assertThat(IpAddresses.hostProblem(host)).isNotNull();
    }
}

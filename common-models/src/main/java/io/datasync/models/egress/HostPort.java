package io.datasync.models.egress;

import java.util.ArrayList;
import java.util.List;

/**
 * A host and the port a connector will reach it on.
 *
 * @param host a DNS name or an IP literal, IPv6 without brackets
 * @param port 1-65535
 */
public record HostPort(String host, int port) {

    public HostPort {
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String problem = IpAddresses.hostProblem(host);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
        }
    }

    /**
     * {@code host}, {@code host:port}, {@code [ipv6]} or {@code [ipv6]:port}.
     *
     * @param defaultPort the port when none is written, or 0 when one must be
     * @throws IllegalArgumentException naming what is wrong
     */
    public static HostPort parse(String text, int defaultPort) {
        String s = text == null ? "" : text.strip();
        String host;
        String port = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + s + "': '[' is not closed");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("'" + s + "': after ']' comes ':' and the port");
                }
                port = rest.substring(1);
            }
        } else {
            int colon = s.indexOf(':');
            if (colon >= 0 && colon != s.lastIndexOf(':')) {
                throw new IllegalArgumentException(
                        "'" + s + "': write an IPv6 address in brackets, e.g. [2001:db8::1]:9092");
            }
            host = colon < 0 ? s : s.substring(0, colon);
            port = colon < 0 ? null : s.substring(colon + 1);
        }
        if (port == null) {
            if (defaultPort == 0) {
                throw new IllegalArgumentException("'" + s + "' has no port; write host:port");
            }
            return new HostPort(host, defaultPort);
        }
        return new HostPort(host, port(port, s));
    }

    /**
     * A comma-separated list such as Kafka's bootstrap servers: {@code kafka-1:9092,kafka-2:9092,[::1]:9092}.
     *
     * @param defaultPort the port when one is not written, or 0 when each must name one
     */
    public static List<HostPort> parseList(String text, int defaultPort) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no host is given");
        }
        List<HostPort> list = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            if (item.isBlank()) {
                throw new IllegalArgumentException("'" + text + "' has an empty entry");
            }
            list.add(parse(item, defaultPort));
        }
        return List.copyOf(list);
    }

    /** A port as written in a URL or list: decimal digits only, 1-65535. */
    static int port(String port, String context) {
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("'" + context + "': '" + port + "' is not a port between 1 and 65535");
        }
        return Integer.parseInt(port);
    }

    /** Whether the host is an IP literal rather than a name. */
    public boolean isLiteral() {
        return IpAddresses.parseLiteral(host) != null;
    }

    @Override
    public String toString() {
        return IpAddresses.forUrl(host) + ":" + port;
    }
}

package io.datasync.models.egress;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code allow} or {@code deny} rule of the network policy: a block of addresses, optionally with a port or a port
 * range. Written as:
 *
 * <ul>
 *   <li>{@code 10.20.0.0/16}, {@code 10.20.0.5}, {@code 10.20.0.0/16:5432}, {@code 127.0.0.0/8:8080-8085};
 *   <li>IPv6 without a port as is: {@code fc00::/7}, {@code ::1}; with a port in brackets, the prefix inside or after
 *       them: {@code [::1]/128:5432}, {@code [::1]:5432}, {@code [fd00::/8]:80-443};
 *   <li>a named block: {@code loopback} (127.0.0.0/8 and ::1), {@code private} (every private block) or {@code any},
 *       each with an optional port: {@code loopback:8080-8085}.
 * </ul>
 *
 * Blocks written in an IPv6 form that embeds IPv4 ({@code [::ffff:10.0.0.0]/104}) are read as the IPv4 block.
 *
 * @param text the rule as the operator wrote it, for messages
 * @param blocks the addresses it covers
 * @param fromPort first port covered (1 when the rule names none)
 * @param toPort last port covered (65535 when the rule names none)
 */
public record NetworkRule(String text, List<Cidr> blocks, int fromPort, int toPort) {

    private static final Pattern PORTS = Pattern.compile("([0-9]{1,5})(?:-([0-9]{1,5}))?");

    public NetworkRule {
        blocks = List.copyOf(blocks);
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("a rule covers at least one block");
        }
        if (fromPort < 1 || toPort > 65535 || fromPort > toPort) {
            throw new IllegalArgumentException("ports " + fromPort + "-" + toPort + " are not a range within 1-65535");
        }
    }

    /**
     * @throws IllegalArgumentException naming what is wrong and showing the syntax
     */
    public static NetworkRule parse(String rule) {
        String text = rule == null ? "" : rule.strip();
        try {
            if (text.isEmpty()) {
                throw new IllegalArgumentException("it is empty");
            }
            return read(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("network rule '" + text + "': " + e.getMessage()
                    + " (rules are CIDR[:port|port-range], e.g. 10.20.0.0/16, 127.0.0.0/8:8080-8085, [::1]/128:5432,"
                    + " loopback:9093)");
        }
    }

    private static NetworkRule read(String text) {
        String blockText;
        String ports = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'[' is not closed");
            }
            String inside = text.substring(1, close);
            String rest = text.substring(close + 1);
            Matcher prefix = Pattern.compile("(/[0-9]{1,3})?(?::(.+))?").matcher(rest);
            if (!prefix.matches()) {
                throw new IllegalArgumentException("after ']' comes an optional /prefix and an optional :port");
            }
            if (prefix.group(1) != null && inside.contains("/")) {
                throw new IllegalArgumentException("the prefix is given twice");
            }
            blockText = inside + (prefix.group(1) == null ? "" : prefix.group(1));
            ports = prefix.group(2);
            if (!blockText.contains(":")) {
                throw new IllegalArgumentException("brackets are for IPv6 addresses");
            }
        } else if (text.indexOf(':') != text.lastIndexOf(':')) {
            blockText = text; // IPv6 without brackets has no port
        } else {
            int colon = text.indexOf(':');
            blockText = colon < 0 ? text : text.substring(0, colon);
            ports = colon < 0 ? null : text.substring(colon + 1);
        }
        int from = 1;
        int to = 65535;
        if (ports != null) {
            Matcher m = PORTS.matcher(ports);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + ports + "' is not a port or a port range such as 8080-8085");
            }
            from = Integer.parseInt(m.group(1));
            to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
        }
        return new NetworkRule(text, blocks(blockText), from, to);
    }

    private static List<Cidr> blocks(String text) {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "loopback":
                return AddressClass.LOOPBACK.blocks();
            case "private":
                return AddressClass.PRIVATE.blocks();
            case "any":
                return List.of(Cidr.parse("0.0.0.0/0"), Cidr.parse("::/0"));
            default:
                List<Cidr> blocks = new ArrayList<>();
                blocks.add(Cidr.parse(text).embeddedIpv4());
                return blocks;
        }
    }

    /** Whether the rule covers this address (compared as given) and port. */
    public boolean matches(InetAddress address, int port) {
        if (port < fromPort || port > toPort) {
            return false;
        }
        for (Cidr block : blocks) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}

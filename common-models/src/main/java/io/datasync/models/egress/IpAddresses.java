package io.datasync.models.egress;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * IP literals read without DNS, the IPv4 address an IPv6 form embeds, and what a host name may look like. Pure: no
 * lookup ever happens here ({@link InetAddress#getByAddress(byte[])} only wraps bytes).
 */
public final class IpAddresses {

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private IpAddresses() {}

    /**
     * The address of a literal: IPv4 as four decimal numbers without leading zeros ({@code 10.0.0.1}), IPv6 with or
     * without brackets ({@code ::1}, {@code [::1]}), without a zone id. Null for anything else, host names included.
     */
    public static InetAddress parseLiteral(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String s = text;
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
            if (s.indexOf(':') < 0) {
                return null;
            }
        }
        byte[] bytes = s.indexOf(':') >= 0 ? v6(s) : v4(s);
        return bytes == null ? null : wrap(bytes);
    }

    /**
     * What is wrong with a host as written in a URL or a host:port list (IPv6 without brackets), or null when it is
     * an IP literal or a well-formed DNS name. A name whose last label is a number ({@code 127.1},
     * {@code 2130706433}, {@code 0x7f.1}, {@code 010.0.0.1}) is refused: resolvers read such names as IPv4 addresses in
     * ways that differ (octal, shortened), so only the plain four-number form is accepted.
     */
    public static String hostProblem(String host) {
        if (host == null || host.isEmpty()) {
            return "names no host";
        }
        if (host.indexOf(':') >= 0) {
            return parseLiteral(host) != null
                    ? null
                    : "'" + host + "' is not a valid IPv6 address (zone ids such as %eth0 are not accepted)";
        }
        if (parseLiteral(host) != null) {
            return null;
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.isEmpty() || name.length() > 253) {
            return "'" + host + "' is not a valid host name";
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return "'" + host + "' is not a valid host name (letters, digits, '-' and '_' between dots; write"
                        + " international names in their xn-- form)";
            }
        }
        String last = labels[labels.length - 1].toLowerCase(Locale.ROOT);
        if (DIGITS.matcher(last).matches() || last.startsWith("0x")) {
            return "'" + host + "' is neither a host name nor an IPv4 address in its plain form (four decimal"
                    + " numbers without leading zeros, e.g. 10.0.0.1)";
        }
        return null;
    }

    /**
     * The IPv4 address an IPv6 address stands for — IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-compatible
     * {@code ::a.b.c.d} and NAT64 {@code 64:ff9b::a.b.c.d} (and the local-use {@code 64:ff9b:1::/48}) — or the address
     * itself. Decisions are taken on this form, so no IPv6 spelling reaches an IPv4 address it would be refused.
     */
    public static InetAddress normalize(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] b = address.getAddress();
        if (zero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return tail(b); // IPv4-mapped (Java usually gives an Inet4Address already)
        }
        if (zero(b, 0, 12) && !(zero(b, 12, 15) && (b[15] == 0 || b[15] == 1))) {
            return tail(b); // IPv4-compatible, but not :: or ::1
        }
        if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
            if (zero(b, 4, 12)) {
                return tail(b); // 64:ff9b::/96
            }
            if ((b[4] & 0xff) == 0 && (b[5] & 0xff) == 1) {
                // 64:ff9b:1::/48 (RFC 8215) with the RFC 6052 /48 layout: bits 48-63, then 72-87 (64-71 are zero)
                return wrap(new byte[] {b[6], b[7], b[9], b[10]});
            }
        }
        return address;
    }

    /** The literal as it is written in a URL authority: IPv6 in brackets. */
    public static String forUrl(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** The address as text, IPv6 in its short form ({@code ::1}, {@code fd00:ec2::254}). */
    public static String text(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    /** Bytes as an address, without any lookup; 16 bytes stay IPv6 even when they spell an IPv4-mapped address. */
    static InetAddress wrap(byte[] bytes) {
        try {
            return bytes.length == 16 ? Inet6Address.getByAddress(null, bytes, -1) : InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes", e);
        }
    }

    private static InetAddress tail(byte[] b) {
        return wrap(new byte[] {b[12], b[13], b[14], b[15]});
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    static byte[] v4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty()
                    || p.length() > 3
                    || !DIGITS.matcher(p).matches()
                    || (p.length() > 1 && p.charAt(0) == '0')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            bytes[i] = (byte) v;
        }
        return bytes;
    }

    static byte[] v6(String s) {
        if (s.indexOf('%') >= 0) {
            return null;
        }
        int gap = s.indexOf("::");
        if (gap >= 0 && gap != s.lastIndexOf("::")) {
            return null;
        }
        int[] head;
        int[] tail;
        if (gap < 0) {
            head = groups(s, true);
            tail = new int[0];
            if (head == null || head.length != 8) {
                return null;
            }
        } else {
            String after = s.substring(gap + 2);
            head = groups(s.substring(0, gap), false);
            tail = groups(after, true);
            if (head == null || tail == null || head.length + tail.length > 7) {
                return null;
            }
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < head.length; i++) {
            bytes[2 * i] = (byte) (head[i] >> 8);
            bytes[2 * i + 1] = (byte) head[i];
        }
        int offset = 8 - tail.length;
        for (int i = 0; i < tail.length; i++) {
            bytes[2 * (offset + i)] = (byte) (tail[i] >> 8);
            bytes[2 * (offset + i) + 1] = (byte) tail[i];
        }
        return bytes;
    }

    /** 16-bit groups separated by ':'; the last may be a dotted IPv4 address (two groups). */
    private static int[] groups(String part, boolean ipv4Last) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] pieces = part.split(":", -1);
        int[] out = new int[pieces.length + 1];
        int n = 0;
        for (int i = 0; i < pieces.length; i++) {
            String p = pieces[i];
            if (i == pieces.length - 1 && ipv4Last && p.indexOf('.') >= 0) {
                byte[] v4 = v4(p);
                if (v4 == null) {
                    return null;
                }
                out[n++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                out[n++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
                continue;
            }
            if (p.isEmpty() || p.length() > 4) {
                return null;
            }
            int v = 0;
            for (int k = 0; k < p.length(); k++) {
                char c = p.charAt(k);
                int d = c >= '0' && c <= '9'
                        ? c - '0'
                        : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (d < 0) {
                    return null;
                }
                v = (v << 4) | d;
            }
            out[n++] = v;
        }
        return Arrays.copyOf(out, n);
    }
}

package io.datasync.models.egress;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * A block of IPv4 or IPv6 addresses: {@code 10.0.0.0/8}, {@code fc00::/7}, a single address without a prefix.
 *
 * @param address the first address of the block (its host bits are zero)
 * @param prefix how many leading bits every address of the block shares
 */
public record Cidr(InetAddress address, int prefix) {

    public Cidr {
        int bits = address.getAddress().length * 8;
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("prefix /" + prefix + " is not between /0 and /" + bits);
        }
        byte[] b = address.getAddress();
        for (int i = prefix; i < bits; i++) {
            if ((b[i / 8] & (0x80 >> (i % 8))) != 0) {
                throw new IllegalArgumentException(IpAddresses.text(address) + "/" + prefix
                        + " has bits set after the prefix; the block starts at "
                        + IpAddresses.text(IpAddresses.wrap(masked(b, prefix))) + "/" + prefix);
            }
        }
    }

    /**
     * A block as written: {@code a.b.c.d/n}, an IPv6 address with {@code /n}, or one address (IPv6 with or without
     * brackets).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        InetAddress parsed = IpAddresses.parseLiteral(address);
        if (parsed == null) {
            throw new IllegalArgumentException("'" + address + "' is not an IP address (IPv4 as four decimal numbers,"
                    + " e.g. 10.0.0.0/8; IPv6 e.g. fc00::/7)");
        }
        int bits = parsed.getAddress().length * 8;
        if (slash < 0) {
            return new Cidr(parsed, bits);
        }
        String prefix = text.substring(slash + 1);
        if (!prefix.matches("[0-9]{1,3}")) {
            throw new IllegalArgumentException("'/" + prefix + "' is not a prefix length between /0 and /" + bits);
        }
        return new Cidr(parsed, Integer.parseInt(prefix));
    }

    /** Whether the address lies in this block; an IPv4 block never holds an IPv6 address, nor the reverse. */
    public boolean contains(InetAddress candidate) {
        byte[] a = address.getAddress();
        byte[] c = candidate.getAddress();
        return a.length == c.length && Arrays.equals(masked(c, prefix), a);
    }

    /** The same block written as IPv4 when it lies within an IPv6 form that embeds IPv4 ({@code ::ffff:0:0/96}…). */
    Cidr embeddedIpv4() {
        byte[] b = address.getAddress();
        if (b.length != 16 || prefix < 96) {
            return this;
        }
        InetAddress normalized = IpAddresses.normalize(address);
        boolean mapped = isPrefix(b, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff});
        boolean nat64 = isPrefix(b, new byte[] {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0});
        if ((mapped || nat64) && normalized.getAddress().length == 4) {
            return new Cidr(normalized, prefix - 96);
        }
        return this;
    }

    private static boolean isPrefix(byte[] b, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] masked(byte[] b, int prefix) {
        byte[] out = b.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - keep)));
        }
        return out;
    }

    @Override
    public String toString() {
        return IpAddresses.text(address) + "/" + prefix;
    }
}

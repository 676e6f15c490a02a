package io.datasync.models.egress;

import java.net.InetAddress;
import java.util.List;

/**
 * What kind of network an address belongs to, which decides whether a connector may reach it. The first five are never
 * reachable, whatever the settings; loopback and private follow their settings; public is reachable.
 */
public enum AddressClass {
    /** Cloud instance metadata services: their credentials must never reach a user. */
    METADATA(
            true,
            "a cloud metadata address",
            "169.254.169.254",
            "169.254.170.2",
            "169.254.170.23",
            "168.63.129.16",
            "100.100.100.200",
            "192.0.0.192",
            "fd00:ec2::254",
            "fd00:ec2::23",
            "fd20:ce::254"),
    LINK_LOCAL(true, "a link-local address", "169.254.0.0/16", "fe80::/10"),
    UNSPECIFIED(true, "an unspecified address (which reaches this machine)", "0.0.0.0/8", "::/128"),
    MULTICAST(true, "a multicast address", "224.0.0.0/4", "ff00::/8"),
    /** 240.0.0.0/4 holds the limited broadcast address 255.255.255.255. */
    BROADCAST(true, "a broadcast or reserved address", "240.0.0.0/4"),
    LOOPBACK(false, "a loopback address", "127.0.0.0/8", "::1/128"),
    PRIVATE(
            false,
            "a private address",
            "10.0.0.0/8",
            "172.16.0.0/12",
            "192.168.0.0/16",
            "100.64.0.0/10",
            "192.0.0.0/24",
            "198.18.0.0/15",
            "fc00::/7",
            "fec0::/10"),
    PUBLIC(false, "a public address");

    private final boolean alwaysRefused;
    private final String description;
    private final List<Cidr> blocks;

    AddressClass(boolean alwaysRefused, String description, String... blocks) {
        this.alwaysRefused = alwaysRefused;
        this.description = description;
        this.blocks = java.util.Arrays.stream(blocks).map(Cidr::parse).toList();
    }

    /** The class of an address, after {@link IpAddresses#normalize} so an IPv6 spelling of IPv4 is judged as IPv4. */
    public static AddressClass of(InetAddress address) {
        InetAddress normalized = IpAddresses.normalize(address);
        for (AddressClass c : values()) {
            for (Cidr block : c.blocks) {
                if (block.contains(normalized)) {
                    return c;
                }
            }
        }
        return PUBLIC;
    }

    /** Whether no setting may allow it. */
    public boolean alwaysRefused() {
        return alwaysRefused;
    }

    /** E.g. "a private address". */
    public String description() {
        return description;
    }

    /** The blocks of this class (empty for {@link #PUBLIC}). */
    public List<Cidr> blocks() {
        return blocks;
    }
}

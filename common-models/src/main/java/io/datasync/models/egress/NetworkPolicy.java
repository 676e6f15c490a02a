package io.datasync.models.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which addresses and ports a connector may reach. For one address and port, in this order: link-local, cloud metadata,
 * unspecified, multicast and broadcast/reserved addresses are always refused; then a {@code deny} rule refuses; an
 * {@code allow} rule allows; loopback follows {@code allowLoopback}, private follows {@code allowPrivate}; anything else
 * (public) is allowed. IPv6 forms that embed IPv4 are decided as that IPv4 address; a deny rule also matches the address
 * as written, an allow rule only its IPv4 form. A host name is allowed only when every address it resolves to is.
 *
 * @param allowLoopback whether 127.0.0.0/8 and ::1 may be reached (the local run; never in production)
 * @param allowPrivate whether private blocks (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7…) may be reached
 * @param allow rules that allow what loopback or private would refuse
 * @param deny rules that refuse what would otherwise be allowed, e.g. the platform's own ports on loopback
 */
public record NetworkPolicy(
        boolean allowLoopback, boolean allowPrivate, List<NetworkRule> allow, List<NetworkRule> deny) {

    /** Loopback and private refused, no rules. */
    public static final NetworkPolicy DEFAULT = new NetworkPolicy(false, false, List.of(), List.of());

    private static final List<InetAddress> LOCALHOST =
            List.of(IpAddresses.parseLiteral("127.0.0.1"), IpAddresses.parseLiteral("::1"));

    public NetworkPolicy {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
    }

    /** Why an address is refused on a port. */
    record Reason(String clause, String advice, String setting) {}

    /** The refusal of one address and port, or null when it may be reached. */
    Reason reason(InetAddress address, int port) {
        InetAddress normalized = IpAddresses.normalize(address);
        AddressClass kind = AddressClass.of(normalized);
        if (kind.alwaysRefused()) {
            return new Reason(
                    "is " + kind.description() + ", which no connector may reach", "No setting allows it.", null);
        }
        for (NetworkRule rule : deny) {
            if (rule.matches(normalized, port) || rule.matches(address, port)) {
                return new Reason(
                        "is denied on port " + port + " by the rule '" + rule + "' in " + EgressSettings.DENY,
                        null,
                        EgressSettings.DENY);
            }
        }
        for (NetworkRule rule : allow) {
            if (rule.matches(normalized, port)) {
                return null;
            }
        }
        if (kind == AddressClass.LOOPBACK && !allowLoopback) {
            return new Reason(
                    "is " + kind.description(),
                    "An operator allows it with " + EgressSettings.ALLOW_LOOPBACK + "=true or a rule in "
                            + EgressSettings.ALLOW + ".",
                    EgressSettings.ALLOW_LOOPBACK);
        }
        if (kind == AddressClass.PRIVATE && !allowPrivate) {
            return new Reason(
                    "is " + kind.description(),
                    "An operator allows it with " + EgressSettings.ALLOW_PRIVATE + "=true or a rule in "
                            + EgressSettings.ALLOW + ".",
                    EgressSettings.ALLOW_PRIVATE);
        }
        return null;
    }

    /** One resolved address on one port. */
    public EgressDecision decideAddress(InetAddress address, int port) {
        String target = IpAddresses.forUrl(IpAddresses.text(address)) + ":" + port;
        if (port < 1 || port > 65535) {
            return EgressDecision.refused(target + " is refused: the port is not between 1 and 65535", null);
        }
        Reason reason = reason(address, port);
        return reason == null ? EgressDecision.allowed() : refusal(target, IpAddresses.text(address), null, reason);
    }

    /**
     * A host and port a connector is about to reach.
     *
     * @param what what the host is for, starting the message: "Kafka bootstrap server", "HTTP request to"…
     * @param resolver the names' addresses; null to decide without DNS (IP literals and {@code localhost} are decided,
     *     other well-formed names pass and must be checked again with a resolver before connecting)
     * @throws UnknownHostException when the resolver cannot resolve the name
     */
    public EgressDecision decideHost(String host, int port, String what, Resolver resolver)
            throws UnknownHostException {
        String bare = host == null ? "" : host;
        if (bare.startsWith("[") && bare.endsWith("]")) {
            bare = bare.substring(1, bare.length() - 1);
        }
        String target = IpAddresses.forUrl(bare) + ":" + port;
        String problem = IpAddresses.hostProblem(bare);
        if (problem != null) {
            return EgressDecision.refused(what + " " + target + " is refused: " + problem, null);
        }
        if (port < 1 || port > 65535) {
            return EgressDecision.refused(
                    what + " " + target + " is refused: the port is not between 1 and 65535", null);
        }
        InetAddress literal = IpAddresses.parseLiteral(bare);
        List<InetAddress> addresses;
        if (literal != null) {
            addresses = List.of(literal);
        } else if (isLocalhost(bare)) {
            // RFC 6761: loopback; what the resolver says is checked as well, in case the machine says otherwise
            addresses = new ArrayList<>(LOCALHOST);
            if (resolver != null) {
                addresses.addAll(resolver.resolve(bare));
            }
        } else if (resolver == null) {
            return EgressDecision.allowed();
        } else {
            addresses = resolver.resolve(bare);
            if (addresses == null || addresses.isEmpty()) {
                throw new UnknownHostException(bare);
            }
        }
        for (InetAddress address : addresses) {
            Reason reason = reason(address, port);
            if (reason != null) {
                return refusal(what + " " + target, IpAddresses.text(address), literal == null ? bare : null, reason);
            }
        }
        return EgressDecision.allowed();
    }

    /** {@code localhost} and names below it, which resolve to loopback (RFC 6761). */
    static boolean isLocalhost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.equals("localhost") || h.endsWith(".localhost");
    }

    private static EgressDecision.Refused refusal(String target, String address, String name, Reason reason) {
        String subject = name == null
                ? address + " " + reason.clause()
                : name + " resolves to " + address + ", which " + reason.clause();
        return EgressDecision.refused(
                target + " is refused: " + subject + "." + (reason.advice() == null ? "" : " " + reason.advice()),
                reason.setting());
    }
}

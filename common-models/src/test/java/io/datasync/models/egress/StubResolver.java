package io.datasync.models.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Answers names from a table, as a DNS server under the test's control would; never looks anything up. */
final class StubResolver implements Resolver {

    private final Map<String, List<InetAddress>> answers = new HashMap<>();

    StubResolver answer(String host, String... addresses) {
        answers.put(
                host,
                java.util.Arrays.stream(addresses)
                        .map(a -> {
                            InetAddress address = IpAddresses.parseLiteral(a);
                            if (address == null) {
                                throw new IllegalArgumentException(a);
                            }
                            return address;
                        })
                        .toList());
        return this;
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        List<InetAddress> found = answers.get(host);
        if (found == null) {
            throw new UnknownHostException(host);
        }
        return found;
    }
}

package io.datasync.sync.connector.spi;

import io.datasync.kit.egress.EgressGuard;
import io.datasync.models.egress.EgressPolicy;
import io.datasync.models.egress.JdbcPolicy;
import io.datasync.models.egress.NetworkPolicy;
import java.util.List;

/** The egress policies connector tests run under: the machine's loopback peers and any directory. */
public final class TestEgress {

    /** Loopback allowed (every test peer runs there), any directory a root. */
    public static final EgressGuard LOOPBACK = new EgressGuard(
            new EgressPolicy(List.of("/"), new NetworkPolicy(true, false, List.of(), List.of()), JdbcPolicy.DEFAULT));

    private TestEgress() {}
}

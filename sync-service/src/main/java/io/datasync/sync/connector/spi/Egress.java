package io.datasync.sync.connector.spi;

import io.datasync.kit.egress.EgressGuard;
import io.datasync.models.egress.EgressRefusedException;
import java.io.UncheckedIOException;
import java.net.UnknownHostException;
import java.util.function.Consumer;

/**
 * The egress policy as connectors apply it right before they connect or open: a refusal is {@code SYNC-015}
 * (permanent: only the operator's settings or the connection can change it), a host name that does not resolve
 * {@code SYNC-016} (retriable: DNS may come back).
 */
public final class Egress {

    private Egress() {}

    /**
     * Runs one check of the guard.
     *
     * @throws ConnectorException {@link #SyncErrorCode.EGRESS_REFUSED} or {@link #SyncErrorCode.HOST_UNRESOLVED}
     */
    public static void check(EgressGuard guard, Consumer<EgressGuard> check) {
        try {
            check.accept(guard);
        } catch (EgressRefusedException e) {
            throw refused(e);
        } catch (UncheckedIOException e) {
            throw e.getCause() instanceof UnknownHostException unknown ? unresolved(unknown) : e;
        }
    }

    /**
     * A connection test's {@code egress policy} step: whether the policy allows what the connection reaches.
     *
     * @param allowed what the step reports when it passes, e.g. {@code kafka-1:9092 may be reached}
     * @return whether the step passed (a refusal or an unresolved name fails it with its code)
     */
    public static boolean step(TestSteps steps, EgressGuard guard, Consumer<EgressGuard> check, String allowed) {
        return steps.run(
                "egress policy",
                () -> {
                    check(guard, check);
                    return allowed;
                },
                e -> new ConnectorException(SyncErrorCode.INTERNAL, String.valueOf(e.getMessage()), e));
    }

    public static ConnectorException refused(EgressRefusedException e) {
        return new ConnectorException(SyncErrorCode.EGRESS_REFUSED, e.getMessage(), null);
    }

    public static ConnectorException unresolved(UnknownHostException e) {
        return new ConnectorException(
                SyncErrorCode.HOST_UNRESOLVED, "the host name " + e.getMessage() + " does not resolve (DNS)", null);
    }
}

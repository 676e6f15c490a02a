package io.datasync.sync.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.SyncErrorCode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When the owner of a run still counts its lease as held, and so may write; times are given, never waited for. */
class RunLeaseTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void theLeaseIsValidForTwoThirdsOfTheLeaseAfterTheHeartbeatWasSent() {
        assertThat(RunExecutor.leaseValidity(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(20));
        RunControl control = new RunControl();
        long sent = 1_000 * SECOND;
        control.lease(Duration.ofSeconds(20), sent);

        assertThat(control.leaseValid(sent + 19 * SECOND)).isTrue();
        assertThat(control.leaseValid(sent + 20 * SECOND)).isFalse();
    }

    @Test
    void aSuccessfulHeartbeatExtendsTheLeaseFromWhenItWasSentAndALateAnswerNeverShortensIt() {
        RunControl control = new RunControl();
        long sent = 1_000 * SECOND;
        control.lease(Duration.ofSeconds(20), sent);

        control.leaseRenewedAt(sent + 15 * SECOND);
        assertThat(control.leaseValid(sent + 30 * SECOND)).isTrue();
        control.leaseRenewedAt(sent + 5 * SECOND); // an older heartbeat recorded after a newer one
        assertThat(control.leaseValid(sent + 34 * SECOND)).isTrue();
        assertThat(control.leaseValid(sent + 35 * SECOND))
                .as("no heartbeat renewed it for 20 s")
                .isFalse();
    }

    @Test
    void anOwnerWhoseLeaseLapsedIsRefusedTheNextWriteWithFenced() {
        RunControl control = new RunControl();
        control.lease(Duration.ofMillis(1), System.nanoTime() - SECOND);

        assertThatThrownBy(control::checkLease)
                .isInstanceOfSatisfying(
                        ConnectorException.class, e -> assertThat(e.errorCode()).isEqualTo(SyncErrorCode.FENCED))
                .hasMessageContaining("leaves the run to the instance that takes it over");
        assertThat(RunExecutor.fenced(new ConnectorException(SyncErrorCode.FENCED, "lost", null)))
                .isTrue();
        assertThat(RunExecutor.fenced(new ConnectorException(SyncErrorCode.TARGET_TRANSIENT, "reset", null)))
                .isFalse();
    }

    @Test
    void aRunWithoutALeaseAlwaysMayWrite() {
        RunControl control = new RunControl();
        control.checkLease();
        assertThat(control.leaseValid(Long.MAX_VALUE)).isTrue();
    }

    @Test
    void theEngineChecksTheLeaseBeforeEachWrite() {
        RunEngineTest.MemorySink sink = new RunEngineTest.MemorySink();
        RunControl control = new RunControl();
        control.lease(Duration.ofMillis(1), System.nanoTime() - SECOND);

        assertThatThrownBy(() -> new RunEngine()
                        .run(
                                new RunEngine.Plan(
                                        "job",
                                        "run-lease",
                                        new RunEngineTest.MemorySource(2, 100),
                                        RunEngineTest.NONE,
                                        sink,
                                        2,
                                        10,
                                        null,
                                        null,
                                        null),
                                control,
                                new RunEngineTest.Recorder()))
                .isInstanceOfSatisfying(
                        ConnectorException.class, e -> assertThat(e.errorCode()).isEqualTo(SyncErrorCode.FENCED));
        assertThat(sink.writes).hasValue(0);
    }
}

package io.datasync.sync.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamMemberIdTest {

    @Test
    void anInstanceIdBecomesANameEveryBrokerAcceptsAndStaysTheSame() {
        assertThat(RunExecutor.memberId("sync-0.sync.datasync.svc:8082")).isEqualTo("sync-0.sync.datasync.svc-8082");
        assertThat(RunExecutor.memberId("vm:35199")).isEqualTo(RunExecutor.memberId("vm:35199"));
        assertThat(RunExecutor.memberId("host:pid 42/x")).matches("[A-Za-z0-9._-]+");
    }
}

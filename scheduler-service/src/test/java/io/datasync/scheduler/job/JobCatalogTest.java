package io.datasync.scheduler.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.models.internal.JobSchedule;
import io.datasync.models.job.ConcurrencyPolicy;
import io.datasync.models.job.MisfirePolicy;
import io.datasync.models.job.RetrySpec;
import io.datasync.models.job.WindowPolicy;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** config-service's schedule answers, read as the scheduler's Feign decoder reads them, become plans. */
class JobCatalogTest {

    private final JsonMapper json = JsonMapper.builder().build();

    private JobPlan read(String answer) {
        return JobCatalog.read(json.readValue(answer, JobSchedule.class));
    }

    @Test
    void readsConfigServicesScheduleAndRetryPolicy() {
        JobPlan plan = read("""
                {"jobId":"j1","name":"orders","version":7,"revision":12,"enabled":true,
                 "schedule":{"cron":"0 */15 * * * ?","timezone":"Asia/Shanghai","window":"01:00-05:00",
                             "outsideWindow":"defer","concurrency":"replace","misfire":"skip"},
                 "retry":{"maxAttempts":5,"initialDelay":"10s","multiplier":2.0,"maxDelay":"10m","jitter":0.2}}""");

        assertThat(plan.scheduled()).isTrue();
        assertThat(plan.version()).isEqualTo(7);
        assertThat(plan.revision()).isEqualTo(12);
        assertThat(plan.schedule().timezone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(plan.schedule().outsideWindow()).isEqualTo(WindowPolicy.DEFER);
        assertThat(plan.concurrency()).isEqualTo(ConcurrencyPolicy.REPLACE);
        assertThat(plan.schedule().misfire()).isEqualTo(MisfirePolicy.SKIP);
        assertThat(plan.retry().maxAttempts()).isEqualTo(5);
        assertThat(plan.retry().maxDelay()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aJobWithoutScheduleRunsOnlyByHandAndSkipsWhileBusy() {
        JobPlan plan = read(
                "{\"jobId\":\"j2\",\"name\":\"adhoc\",\"version\":1,\"revision\":1,\"enabled\":true,\"schedule\":null}");
        assertThat(plan.scheduled()).isFalse();
        assertThat(plan.concurrency()).isEqualTo(ConcurrencyPolicy.SKIP);
        assertThat(plan.retry()).isEqualTo(RetrySpec.DEFAULT);
    }

    @Test
    void anUnreadableScheduleLeavesTheJobUnscheduledInsteadOfFailing() {
        JobPlan plan = read("{\"jobId\":\"j3\",\"name\":\"odd\",\"version\":1,\"revision\":1,\"enabled\":true,"
                + "\"schedule\":{\"cron\":\"0 * * * * ?\",\"timezone\":\"Mars/Olympus\"}}");
        assertThat(plan.scheduled()).isFalse();
        assertThat(plan.retry()).isEqualTo(RetrySpec.DEFAULT);
    }

    @Test
    void aDisabledJobIsNotScheduled() {
        JobPlan plan = read("{\"jobId\":\"j4\",\"name\":\"off\",\"version\":2,\"revision\":3,\"enabled\":false,"
                + "\"schedule\":{\"cron\":\"0 * * * * ?\"}}");
        assertThat(plan.schedule()).isNotNull();
        assertThat(plan.scheduled()).isFalse();
    }
}

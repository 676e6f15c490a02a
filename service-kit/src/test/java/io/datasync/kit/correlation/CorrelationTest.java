package io.datasync.kit.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class CorrelationTest {

    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
        MDC.clear();
    }

    @Test
    void aWrappedTaskRunsWithTheIdOfTheThreadThatWrappedItAndLeavesTheWorkerClean() throws Exception {
        Runnable task;
        try (Correlation.Scope ignored = Correlation.open("req-1")) {
            task = Correlation.wrap(() -> MDC.put("seen", Correlation.current()));
        }
        String[] seen = new String[2];
        executor.submit(() -> {
                    task.run();
                    seen[0] = MDC.get("seen");
                    seen[1] = Correlation.current();
                })
                .get(5, TimeUnit.SECONDS);
        assertThat(seen[0]).isEqualTo("req-1");
        assertThat(seen[1]).as("restored after the task").isNull();

        String fromCallable;
        try (Correlation.Scope ignored = Correlation.open("req-2")) {
            fromCallable =
                    executor.submit(Correlation.wrap(Correlation::current)).get(5, TimeUnit.SECONDS);
        }
        assertThat(fromCallable).isEqualTo("req-2");
    }

    @Test
    void aTaskWrappedWithoutAnIdClearsAStaleOneOnItsThread() throws Exception {
        Runnable task = Correlation.wrap(() -> MDC.put("seen", String.valueOf(Correlation.current())));
        executor.submit(() -> {
                    MDC.put(Correlation.MDC_KEY, "stale");
                    task.run();
                    assertThat(MDC.get("seen")).isEqualTo("null");
                    assertThat(Correlation.current()).isEqualTo("stale");
                })
                .get(5, TimeUnit.SECONDS);
    }

    @Test
    void scopesNestAndRestore() {
        try (Correlation.Scope outer = Correlation.open("a")) {
            try (Correlation.Scope inner = Correlation.open("b")) {
                assertThat(Correlation.current()).isEqualTo("b");
            }
            assertThat(Correlation.current()).isEqualTo("a");
        }
        assertThat(Correlation.current()).isNull();
    }

    @Test
    void aRecordsIdIsItsHeaderElseItsEventIdAndNeverAnUnsafeValue() {
        assertThat(Correlation.of(record("X-Correlation-Id", "req-9", "ce_id", "e-1")))
                .isEqualTo("req-9");
        assertThat(Correlation.of(record("ce_id", "e-1"))).isEqualTo("e-1");
        assertThat(Correlation.of(record("X-Correlation-Id", "a b\nc", "ce_id", "e-2")))
                .isEqualTo("e-2");
        assertThat(Correlation.of(record())).isNull();
        assertThat(Correlation.valid("x".repeat(101))).isFalse();
    }

    @Test
    void theListenerInterceptorSetsTheIdForOneRecordOnly() {
        CorrelationRecordInterceptor interceptor = new CorrelationRecordInterceptor();
        ConsumerRecord<Object, Object> withId = record("X-Correlation-Id", "req-7");
        MDC.put(Correlation.MDC_KEY, "left-over");

        assertThat(interceptor.intercept(withId, null)).isSameAs(withId);
        assertThat(Correlation.current()).isEqualTo("req-7");
        interceptor.afterRecord(withId, null);
        assertThat(Correlation.current()).isNull();

        MDC.put(Correlation.MDC_KEY, "left-over");
        interceptor.intercept(record(), null);
        assertThat(Correlation.current()).as("a record without an id").isNull();
    }

    private static ConsumerRecord<Object, Object> record(String... headers) {
        ConsumerRecord<Object, Object> record = new ConsumerRecord<>("t", 0, 0, "k", "v");
        for (int i = 0; i < headers.length; i += 2) {
            record.headers().add(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }
}

package io.datasync.models.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.models.job.IncrementalMode;
import io.datasync.models.job.JobDefinition;
import io.datasync.models.job.JobDefinitions;
import io.datasync.models.option.Options;
import io.datasync.models.problem.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules only streams have: a batch block, no cron schedule, no overwrite. */
class JobChecksStreamTest {

    private static final ConnectorDescriptor.SourceSupport STREAM =
            new ConnectorDescriptor.SourceSupport(Options.of(), Set.of(IncrementalMode.FULL), false, false, true);
    private static final ConnectorDescriptor.SourceSupport BATCH =
            new ConnectorDescriptor.SourceSupport(Options.of(), Set.of(IncrementalMode.FULL), true, true);

    private static List<FieldError> check(String extra, ConnectorDescriptor.SourceSupport support) {
        JobDefinition job = JobDefinitions.fromYaml("name: s\nsource: { type: jdbc, connection: c, table: t }\n"
                + (extra.contains("target:") ? "" : "target: { type: jdbc, connection: c, table: t }\n") + extra);
        List<FieldError> errors = new ArrayList<>();
        JobChecks.stream(job, support, errors);
        return errors;
    }

    @Test
    void aStreamTakesABatchBlock() {
        assertThat(check("batch: { maxRows: 100, maxDelay: 50ms }\n", STREAM)).isEmpty();
        assertThat(check("", STREAM)).isEmpty();
    }

    @Test
    void aBatchSourceTakesNoBatchBlock() {
        assertThat(check("batch: { maxRows: 100 }\n", BATCH)).singleElement().satisfies(e -> {
            assertThat(e.pointer()).isEqualTo("/batch");
            assertThat(e.message()).contains("only stream sources");
        });
    }

    @Test
    void onlyAStreamsBudgetHasAWindow() {
        assertThat(check("limits: { maxErrors: 5, errorWindow: 10m }\n", STREAM))
                .isEmpty();
        assertThat(check("limits: { maxErrors: 5, errorWindow: 10m }\n", BATCH))
                .singleElement()
                .satisfies(e -> assertThat(e.pointer()).isEqualTo("/limits/errorWindow"));
    }

    @Test
    void aStreamIsNeverScheduled() {
        assertThat(check("schedule: { cron: '0 * * * * ?' }\n", STREAM))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.pointer()).isEqualTo("/schedule/cron");
                    assertThat(e.message()).contains("stays running until stopped");
                });
        assertThat(check("schedule: { cron: '0 * * * * ?' }\n", BATCH)).isEmpty();
    }

    @Test
    void aStreamCannotOverwrite() {
        assertThat(check("target: { type: jdbc, connection: c, table: t, writeMode: overwrite }\n", STREAM))
                .singleElement()
                .satisfies(e -> assertThat(e.pointer()).isEqualTo("/target/writeMode"));
    }
}

package io.datasync.models.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.models.event.ConfigChange.ConnectionChanged;
import io.datasync.models.event.ConfigChange.JobChanged;
import io.datasync.models.event.ConfigChange.RuleSetChanged;
import io.datasync.models.event.MonitoringAlert.AlertEscalated;
import io.datasync.models.event.MonitoringAlert.AlertFired;
import io.datasync.models.event.MonitoringAlert.AlertResolved;
import io.datasync.models.event.QualityEvent.QualityAnomalyDetected;
import io.datasync.models.event.QualityEvent.QualityChecked;
import io.datasync.models.event.SyncCommand.RunCancelRequested;
import io.datasync.models.event.SyncCommand.RunRequested;
import io.datasync.models.event.SyncEvent.RunCompleted;
import io.datasync.models.event.SyncEvent.RunFailed;
import io.datasync.models.event.SyncEvent.RunProgress;
import io.datasync.models.event.SyncEvent.RunStarted;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventCodecTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:15:30.123Z"), ZoneOffset.UTC);
    private final EventCodec codec = new EventCodec();

    static List<EventPayload> oneOfEachType() {
        return List.of(
                new RunRequested("job-1", "run-1", 3, "task-1", 1, "cron"),
                new RunCancelRequested("job-1", "run-1", "timed out"),
                new RunStarted("job-1", "run-1", 3, Instant.parse("2026-11-27T10:00:00Z")),
                new RunProgress("job-1", "run-1", 1000, 990, 10, 5000, 1234.5),
                new SyncEvent.RunPaused("job-1", "run-1", Instant.parse("2026-11-27T10:01:00Z")),
                new SyncEvent.RunResumed("job-1", "run-1", Instant.parse("2026-11-27T10:02:00Z")),
                new RunCompleted("job-1", "run-1", 5000, 4990, 10, 4200, true),
                new RunFailed("job-1", "run-1", "SYNC-001", "connection refused", true),
                new JobChanged("job-1", "orders", 4, ChangeKind.UPDATED),
                new ConnectionChanged("conn-1", "pg-main", 2, ChangeKind.CREATED),
                new RuleSetChanged("rs-1", "orders-rules", 7, ChangeKind.DELETED),
                new QualityChecked("job-1", "run-1", "orders-rules", 100, 97, 3, 97.0),
                new QualityEvent.QualityRulesChanged("rs-1", "orders-quality", 2, ChangeKind.UPDATED),
                new QualityEvent.ChunkChecked(
                        "job-1",
                        "run-1",
                        3,
                        "orders-quality",
                        2,
                        "c0ffee",
                        0,
                        1,
                        new io.datasync.models.quality.QualityTally(
                                10,
                                8,
                                0,
                                1,
                                1,
                                0,
                                java.util.Map.of(
                                        "email-format",
                                        new io.datasync.models.quality.CheckTally(
                                                io.datasync.models.quality.Dimension.VALIDITY,
                                                io.datasync.models.quality.Severity.QUARANTINE,
                                                10,
                                                1)),
                                java.util.Map.of("email", 0L)),
                        List.of(new io.datasync.models.quality.QuarantinedRow(
                                "row-1",
                                java.util.Map.of("id", 7),
                                java.util.Map.of("id", 7, "email", "broken"),
                                List.of(new io.datasync.models.quality.Violation(
                                        "email-format",
                                        io.datasync.models.quality.Dimension.VALIDITY,
                                        io.datasync.models.quality.Severity.QUARANTINE,
                                        "not an email address")))),
                        null),
                new QualityEvent.PostLoadChecked(
                        "job-1",
                        "run-1",
                        "orders-quality",
                        2,
                        "public.orders",
                        1000,
                        List.of(new QualityEvent.PostLoadResult(
                                "amount-positive", "validity", "quarantine", "SELECT …", 1000, 7, null))),
                new SyncCommand.QuarantineReplayRequested(
                        "job-1",
                        "replay-1",
                        List.of(new io.datasync.models.quality.ReplayRow("row-1", java.util.Map.of("id", 7)))),
                new SyncEvent.QuarantineReplayed(
                        "job-1",
                        "replay-1",
                        List.of("row-1"),
                        java.util.Map.of("row-2", "email-format: …"),
                        null,
                        null),
                new QualityAnomalyDetected("job-1", "rows_read", 10, 1000, -0.99, "rows dropped by 99%"),
                new AlertFired("alert-1", "run-failures", Severity.CRITICAL, "job-1", "3 failures in a row"),
                new AlertResolved("alert-1", "run-failures", "run succeeded"),
                new AlertEscalated("alert-1", "run-failures", 2, "on-call"),
                new AuditEvent.AuditRecorded(
                        "scheduler-service",
                        "api-key:ci",
                        "operator",
                        "api_key",
                        "abcdefghijkl",
                        "pause",
                        "jobs",
                        "job-1",
                        "POST",
                        "/api/scheduler/jobs/job-1/pause",
                        200,
                        Instant.parse("2026-11-27T10:03:00Z"),
                        "corr-1"),
                new EventPayload.Probe("config-service", "hello"));
    }

    @Test
    void everyEventTypeHasASample() {
        Set<EventType> sampled = oneOfEachType().stream().map(EventType::of).collect(Collectors.toSet());
        assertThat(sampled).containsExactlyInAnyOrder(EventType.values());
    }

    @ParameterizedTest
    @MethodSource("oneOfEachType")
    void roundTripsEveryEventThroughJson(EventPayload payload) {
        EventEnvelope envelope = EventEnvelope.of("/datasync/test", payload, CLOCK);

        String json = codec.toJson(envelope);

        assertThat(json).contains("\"type\":\"" + EventType.of(payload).typeName() + "\"");
        assertThat(json).contains("\"time\":\"2026-11-27T10:15:30.123Z\"");
        assertThat(codec.fromJson(json)).contains(envelope);
    }

    @Test
    void typeNamesAreVersionedAndTopicsAreKnown() {
        assertThat(Arrays.stream(EventType.values()))
                .allSatisfy(t -> assertThat(t.typeName()).matches("datasync\\.[a-z.-]+\\.v\\d+"))
                .allSatisfy(t -> assertThat(Topics.ALL).contains(t.topic()));
    }

    @Test
    void subjectIsTheJobIdForRunEvents() {
        EventEnvelope envelope =
                EventEnvelope.of("/datasync/sync-service", new RunStarted("job-9", "r", 1, Instant.EPOCH), CLOCK);
        assertThat(envelope.subject()).isEqualTo("job-9");
        assertThat(envelope.topic()).isEqualTo(Topics.SYNC_EVENTS);
    }

    @Test
    void skipsEventTypesThisBuildDoesNotKnow() {
        String newer = """
                {"id":"1","source":"/x","type":"datasync.sync.run.teleported.v9","time":"2026-11-27T10:00:00Z",
                 "subject":"job-1","data":{"anything":true}}""";
        assertThat(codec.fromJson(newer)).isEmpty();
    }

    @Test
    void namesThePathOfInvalidData() {
        String bad = """
                {"id":"1","source":"/x","type":"datasync.sync.run.progress.v1","time":"2026-11-27T10:00:00Z",
                 "subject":"job-1","data":{"jobId":"job-1","runId":"r","rowsRead":"many","rowsWritten":0,
                 "rowsRejected":0,"rowsTotal":0,"rowsPerSecond":0}}""";
        assertThatThrownBy(() -> codec.fromJson(bad))
                .isInstanceOf(EventCodec.EventFormatException.class)
                .hasMessageContaining("/data/rowsRead");
    }

    @Test
    void refusesUnknownFieldsInData() {
        String bad = """
                {"id":"1","source":"/x","type":"datasync.sync.run.cancel-requested.v1","time":"2026-11-27T10:00:00Z",
                 "subject":"job-1","data":{"jobId":"job-1","runId":"r","reason":"x","colour":"red"}}""";
        assertThatThrownBy(() -> codec.fromJson(bad))
                .isInstanceOf(EventCodec.EventFormatException.class)
                .hasMessageContaining("/data/colour");
    }

    @Test
    void refusesEnvelopesMissingAttributes() {
        assertThatThrownBy(() -> codec.fromJson("{\"type\":\"datasync.platform.probe.v1\",\"data\":{}}"))
                .isInstanceOf(EventCodec.EventFormatException.class)
                .hasMessageContaining("service must not be blank");
        assertThatThrownBy(() -> codec.fromJson("not json")).isInstanceOf(EventCodec.EventFormatException.class);
        assertThatThrownBy(() -> codec.fromJson("[1]")).hasMessageContaining("JSON object");
    }

    @Test
    void envelopeRefusesDataOfAnotherType() {
        assertThatThrownBy(() -> new EventEnvelope(
                        "1",
                        "/x",
                        EventType.RUN_FAILED.typeName(),
                        Instant.EPOCH,
                        "job",
                        new RunCancelRequested("job", "run", "")))
                .hasMessageContaining("carries RunFailed");
    }

    @Test
    void recordsValidateTheirFields() {
        assertThatThrownBy(() -> new RunRequested("job", "run", 1, "task", 0, null))
                .hasMessageContaining("attempt");
        assertThatThrownBy(() -> new QualityChecked("job", "run", "rs", 1, 1, 0, 101))
                .hasMessageContaining("score");
        assertThatThrownBy(() -> new RunStarted(" ", "run", 1, Instant.EPOCH)).hasMessageContaining("jobId");
    }

    @Test
    void sanitizesTopicNames() {
        assertThat(Topics.sanitize("orders to/warehouse#1")).isEqualTo("orders_to_warehouse_1");
        assertThat(Topics.sanitize("..")).isEqualTo("__");
        assertThat(Topics.sanitize("x".repeat(300))).hasSize(249);
        assertThat(Stream.of(Topics.ALL.toArray(String[]::new)))
                .allSatisfy(t -> assertThat(Topics.sanitize(t)).isEqualTo(t));
        assertThatThrownBy(() -> Topics.sanitize(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.datasync.models.event;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every event type of the platform: its versioned name (the envelope's {@code type}), the topic it travels on and the
 * record that carries its data. A breaking change to a record gets a new constant with the next version.
 */
public enum EventType {
    RUN_REQUESTED("datasync.sync.run.requested.v1", Topics.SYNC_COMMANDS, SyncCommand.RunRequested.class),
    RUN_CANCEL_REQUESTED(
            "datasync.sync.run.cancel-requested.v1", Topics.SYNC_COMMANDS, SyncCommand.RunCancelRequested.class),
    RUN_STARTED("datasync.sync.run.started.v1", Topics.SYNC_EVENTS, SyncEvent.RunStarted.class),
    RUN_PROGRESS("datasync.sync.run.progress.v1", Topics.SYNC_EVENTS, SyncEvent.RunProgress.class),
    RUN_PAUSED("datasync.sync.run.paused.v1", Topics.SYNC_EVENTS, SyncEvent.RunPaused.class),
    RUN_RESUMED("datasync.sync.run.resumed.v1", Topics.SYNC_EVENTS, SyncEvent.RunResumed.class),
    RUN_COMPLETED("datasync.sync.run.completed.v1", Topics.SYNC_EVENTS, SyncEvent.RunCompleted.class),
    RUN_FAILED("datasync.sync.run.failed.v1", Topics.SYNC_EVENTS, SyncEvent.RunFailed.class),
    JOB_CHANGED("datasync.config.job.changed.v1", Topics.CONFIG_CHANGES, ConfigChange.JobChanged.class),
    CONNECTION_CHANGED(
            "datasync.config.connection.changed.v1", Topics.CONFIG_CHANGES, ConfigChange.ConnectionChanged.class),
    RULE_SET_CHANGED("datasync.config.ruleset.changed.v1", Topics.CONFIG_CHANGES, ConfigChange.RuleSetChanged.class),
    QUARANTINE_REPLAY_REQUESTED(
            "datasync.sync.quarantine.replay-requested.v1",
            Topics.SYNC_COMMANDS,
            SyncCommand.QuarantineReplayRequested.class),
    QUARANTINE_REPLAYED("datasync.sync.quarantine.replayed.v1", Topics.SYNC_EVENTS, SyncEvent.QuarantineReplayed.class),
    QUALITY_RULES_CHANGED(
            "datasync.quality.rules.changed.v1", Topics.QUALITY_EVENTS, QualityEvent.QualityRulesChanged.class),
    QUALITY_CHUNK_CHECKED("datasync.quality.chunk.checked.v1", Topics.QUALITY_EVENTS, QualityEvent.ChunkChecked.class),
    QUALITY_POST_LOAD_CHECKED(
            "datasync.quality.post-load.checked.v1", Topics.QUALITY_EVENTS, QualityEvent.PostLoadChecked.class),
    QUALITY_CHECKED("datasync.quality.checked.v1", Topics.QUALITY_EVENTS, QualityEvent.QualityChecked.class),
    QUALITY_ANOMALY_DETECTED(
            "datasync.quality.anomaly.detected.v1", Topics.QUALITY_EVENTS, QualityEvent.QualityAnomalyDetected.class),
    ALERT_FIRED("datasync.monitoring.alert.fired.v1", Topics.MONITORING_ALERTS, MonitoringAlert.AlertFired.class),
    ALERT_RESOLVED(
            "datasync.monitoring.alert.resolved.v1", Topics.MONITORING_ALERTS, MonitoringAlert.AlertResolved.class),
    ALERT_ESCALATED(
            "datasync.monitoring.alert.escalated.v1", Topics.MONITORING_ALERTS, MonitoringAlert.AlertEscalated.class),
    AUDIT_RECORDED("datasync.audit.recorded.v1", Topics.AUDIT, AuditEvent.AuditRecorded.class),
    PROBE("datasync.platform.probe.v1", Topics.PLATFORM_PROBES, EventPayload.Probe.class);

    private static final Map<String, EventType> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::typeName, Function.identity()));
    private static final Map<Class<?>, EventType> BY_CLASS =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(t -> t.payloadClass, Function.identity()));

    private final String typeName;
    private final String topic;
    private final Class<? extends EventPayload> payloadClass;

    EventType(String typeName, String topic, Class<? extends EventPayload> payloadClass) {
        this.typeName = typeName;
        this.topic = topic;
        this.payloadClass = payloadClass;
    }

    public String typeName() {
        return typeName;
    }

    public String topic() {
        return topic;
    }

    public Class<? extends EventPayload> payloadClass() {
        return payloadClass;
    }

    /** The type of a payload; every permitted record has exactly one. */
    public static EventType of(EventPayload payload) {
        EventType type = BY_CLASS.get(payload.getClass());
        if (type == null) {
            throw new IllegalStateException(
                    "no event type registered for " + payload.getClass().getName());
        }
        return type;
    }

    /** The type with this versioned name, if this build knows it (a newer producer may send types we don't). */
    public static Optional<EventType> byName(String typeName) {
        return Optional.ofNullable(BY_NAME.get(typeName));
    }
}

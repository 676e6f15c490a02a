package io.datasync.models.event;

import java.util.List;
import java.util.regex.Pattern;

/** The Kafka topics of the platform, named in one place. */
public final class Topics {

    /** Commands from the scheduler to the sync engine; key = job id. */
    public static final String SYNC_COMMANDS = "datasync.sync.commands";

    /** Facts about runs from the sync engine; key = job id. */
    public static final String SYNC_EVENTS = "datasync.sync.events";

    /** Changes of jobs, connections and rule sets; consumers hot-reload. */
    public static final String CONFIG_CHANGES = "datasync.config.changes";

    /** Quality results and anomalies. */
    public static final String QUALITY_EVENTS = "datasync.quality.events";

    /** Alerts fired, resolved and escalated by monitoring. */
    public static final String MONITORING_ALERTS = "datasync.monitoring.alerts";

    /** Diagnostic probes each service can publish about itself. */
    public static final String PLATFORM_PROBES = "datasync.platform.probes";

    /** Changes made through the API of the services other than config-service, for its audit log; key = resource. */
    public static final String AUDIT = "datasync.audit";

    public static final List<String> ALL = List.of(
            SYNC_COMMANDS, SYNC_EVENTS, CONFIG_CHANGES, QUALITY_EVENTS, MONITORING_ALERTS, PLATFORM_PROBES, AUDIT);

    private static final Pattern ILLEGAL = Pattern.compile("[^a-zA-Z0-9._-]");

    private Topics() {}

    /**
     * Makes a legal Kafka topic name out of any text (e.g. a job name used in a per-job topic): every character
     * outside {@code [a-zA-Z0-9._-]} becomes {@code _}, and the result is cut to Kafka's 249-character limit.
     */
    public static String sanitize(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("topic name must not be blank");
        }
        String clean = ILLEGAL.matcher(name).replaceAll("_");
        if (clean.equals(".") || clean.equals("..")) {
            clean = clean.replace('.', '_');
        }
        return clean.length() > 249 ? clean.substring(0, 249) : clean;
    }
}

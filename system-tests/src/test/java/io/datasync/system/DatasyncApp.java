package io.datasync.system;

import java.util.Locale;

/** The six deployable services, named after their Maven modules, with the port each one listens on. */
public enum DatasyncApp {
    GATEWAY("gateway", 8080),
    CONFIG("config-service", 8081),
    SYNC("sync-service", 8082),
    QUALITY("quality-service", 8083),
    SCHEDULER("scheduler-service", 8084),
    MONITORING("monitoring-service", 8085);

    public final String module;
    public final int port;

    DatasyncApp(String module, int port) {
        this.module = module;
        this.port = port;
    }

    public boolean isBackend() {
        return this != GATEWAY;
    }

    /** The gateway's variable for this backend's base URL, e.g. DATASYNC_SYNC_URL. */
    public String urlVariable() {
        return "DATASYNC_" + module.replace("-service", "").toUpperCase(Locale.ROOT) + "_URL";
    }

    @Override
    public String toString() {
        return module;
    }
}

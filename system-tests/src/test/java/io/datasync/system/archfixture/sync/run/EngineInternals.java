package io.datasync.system.archfixture.sync.run;

/** Stands for sync-service's engine (runs, verification), which connectors must not use. */
public final class EngineInternals {
    public static int progress() {
        return 1;
    }
}

package io.datasync.system.archfixture.sync;

import io.datasync.system.archfixture.config.ConfigInternals;

/** A "sync-service" class calling "config-service" code directly: the boundary rule must reject it. */
public final class LeakySyncCode {
    public String read() {
        return ConfigInternals.secret();
    }
}

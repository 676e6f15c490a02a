package io.datasync.system.archfixture.sync.connector.leaky;

import io.datasync.system.archfixture.sync.run.EngineInternals;

/** A connector reaching into the engine: the connector rule must reject it. */
public final class LeakyConnector {
    public int read() {
        return EngineInternals.progress();
    }
}

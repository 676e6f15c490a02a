package io.datasync.system.archfixture.sync.transform.spi;

import io.datasync.system.archfixture.sync.transform.builtin.SomeBuiltin;

/** An SPI class reaching into its implementations: the transform rule must reject it. */
public final class LeakySpi {
    public int apply() {
        return SomeBuiltin.apply();
    }
}

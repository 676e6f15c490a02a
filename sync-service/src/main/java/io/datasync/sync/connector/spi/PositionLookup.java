package io.datasync.sync.connector.spi;

import java.util.Collection;
import java.util.Map;

/** Reads what the target committed for a stream's splits, so a reader resumes exactly after it. */
@FunctionalInterface
public interface PositionLookup {

    /** @return the stored position per split id; a split never committed is absent */
    Map<String, Position> positions(Collection<String> splitIds);
}

package io.datasync.sync.connection;

import io.datasync.sync.connector.spi.ConnectorException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The steps of one connection test so far; the first failing step ends the test. */
final class TestSteps {

    /** One step: returns what it found, or throws. */
    interface Step {
        String run() throws Exception;
    }

    private final List<ConnectionTest.Check> checks = new ArrayList<>();

    /**
     * Runs a step unless one failed before.
     *
     * @param classify turns an exception that is not already a {@link ConnectorException} into one with a stable code
     * @return whether the step ran and passed
     */
    boolean run(String name, Step step, Function<Exception, ConnectorException> classify) {
        if (failed()) {
            return false;
        }
        long start = System.nanoTime();
        try {
            String detail = step.run();
            checks.add(new ConnectionTest.Check(name, true, detail, null, millisSince(start)));
            return true;
        } catch (Exception e) {
            ConnectorException c = e instanceof ConnectorException ce ? ce : classify.apply(e);
            checks.add(new ConnectionTest.Check(name, false, c.getMessage(), c.code(), millisSince(start)));
            return false;
        }
    }

    boolean failed() {
        return checks.stream().anyMatch(c -> !c.ok());
    }

    List<ConnectionTest.Check> checks() {
        return List.copyOf(checks);
    }

    static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}

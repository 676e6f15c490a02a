package io.datasync.sync.connector.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The steps of one connection test so far, in the order they ran; the first failing step ends the test. */
public final class TestSteps {

    /** One step: returns what it found (e.g. the database's version), or throws. */
    @FunctionalInterface
    public interface Work {
        String run() throws Exception;
    }

    /**
     * One step of a test.
     *
     * @param code the stable code of the failure (e.g. {@code SYNC-101} login refused), null when it passed
     * @param detail what was found or what went wrong, without secrets
     */
    public record Step(String name, boolean ok, String detail, String code, long elapsedMs) {}

    private final List<Step> steps = new ArrayList<>();

    /**
     * Runs a step unless one failed before.
     *
     * @param classify turns an exception that is not already a {@link ConnectorException} into one with a stable code
     * @return whether the step ran and passed
     */
    public boolean run(String name, Work work, Function<Exception, ConnectorException> classify) {
        if (failed()) {
            return false;
        }
        long start = System.nanoTime();
        try {
            String detail = work.run();
            steps.add(new Step(name, true, detail, null, millisSince(start)));
            return true;
        } catch (Exception e) {
            ConnectorException c = e instanceof ConnectorException ce ? ce : classify.apply(e);
            steps.add(new Step(name, false, c.getMessage(), c.code(), millisSince(start)));
            return false;
        }
    }

    public boolean failed() {
        return steps.stream().anyMatch(s -> !s.ok());
    }

    public List<Step> steps() {
        return List.copyOf(steps);
    }

    public static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}

package io.datasync.models.egress;

/**
 * The outcome of one egress decision: allowed, or refused with a message for the user that names what was refused
 * and why, and the operator setting that would allow it when one exists.
 */
public sealed interface EgressDecision permits EgressDecision.Allowed, EgressDecision.Refused {

    /** The one allowed outcome. */
    EgressDecision ALLOWED = new Allowed();

    static EgressDecision allowed() {
        return ALLOWED;
    }

    /**
     * @param message the whole sentence shown to the user
     * @param setting the operator setting that would allow it, or null when nothing may allow it
     */
    static Refused refused(String message, String setting) {
        return new Refused(message, setting);
    }

    boolean isAllowed();

    /** @throws EgressRefusedException when refused */
    default void orThrow() {
        if (this instanceof Refused refused) {
            throw new EgressRefusedException(refused);
        }
    }

    record Allowed() implements EgressDecision {
        @Override
        public boolean isAllowed() {
            return true;
        }
    }

    /**
     * @param message the whole sentence shown to the user: what was refused, why, and what would allow it
     * @param setting the operator setting ({@code datasync.egress.…}) that would allow it, or null when no setting
     *     may (link-local and metadata addresses, properties that load classes or read files, the platform's own
     *     databases, {@code /proc}…)
     */
    record Refused(String message, String setting) implements EgressDecision {
        public Refused {
            if (message == null || message.isBlank()) {
                throw new IllegalArgumentException("a refusal says why");
            }
        }

        @Override
        public boolean isAllowed() {
            return false;
        }
    }
}

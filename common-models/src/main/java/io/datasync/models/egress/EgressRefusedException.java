package io.datasync.models.egress;

/**
 * A connector was about to reach something the egress policy refuses. Permanent: trying again refuses again until an
 * operator changes the settings or the user changes the connection. The message is safe to show to the user.
 */
public class EgressRefusedException extends RuntimeException {

    private final transient EgressDecision.Refused refusal;

    public EgressRefusedException(EgressDecision.Refused refusal) {
        super(refusal.message());
        this.refusal = refusal;
    }

    public EgressDecision.Refused refusal() {
        return refusal;
    }

    /** The operator setting that would allow it, or null when none may. */
    public String setting() {
        return refusal.setting();
    }
}

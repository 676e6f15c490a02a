package io.datasync.config.rules;

import io.datasync.kit.web.ApiException;
import io.datasync.models.problem.ErrorCode;
import io.datasync.models.problem.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * A rule set refused because some of its rules contradict each other: a 409 problem whose field errors point at both
 * rules of each pair, with the pairs and their example records in the {@code conflicts} member.
 */
public class RuleConflictException extends ApiException {

    private final List<ConflictDetector.Conflict> conflicts;

    public RuleConflictException(List<ConflictDetector.Conflict> conflicts) {
        super(ErrorCode.CONFLICT, detail(conflicts), errors(conflicts));
        this.conflicts = List.copyOf(conflicts);
    }

    public List<ConflictDetector.Conflict> conflicts() {
        return conflicts;
    }

    private static String detail(List<ConflictDetector.Conflict> conflicts) {
        return conflicts.size() == 1
                ? "1 pair of rules conflicts: " + conflicts.get(0).reason() + "; see conflicts[0].example"
                : conflicts.size() + " pairs of rules conflict; each is in conflicts with an example record";
    }

    private static List<FieldError> errors(List<ConflictDetector.Conflict> conflicts) {
        List<FieldError> errors = new ArrayList<>();
        for (ConflictDetector.Conflict conflict : conflicts) {
            ConflictDetector.RuleRef a = conflict.rules().get(0);
            ConflictDetector.RuleRef b = conflict.rules().get(1);
            errors.add(new FieldError(
                    a.pointer(), "conflicts with " + b.pointer() + " ('" + b.name() + "'): " + conflict.reason()));
            errors.add(new FieldError(
                    b.pointer(), "conflicts with " + a.pointer() + " ('" + a.name() + "'): " + conflict.reason()));
        }
        return errors;
    }
}

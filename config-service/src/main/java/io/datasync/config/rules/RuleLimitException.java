package io.datasync.config.rules;

import io.datasync.kit.cel.CelExpression.LimitExceededException;
import io.datasync.kit.cel.CelLimits;
import io.datasync.models.json.Json;

/**
 * A rule whose expression broke one of the CEL limits ({@link CelLimits}, {@code datasync.service.cel.*}) on a
 * record, so its evaluation was stopped. A preview or a save answers it as a 400 naming the rule, where in the rule,
 * the record and the limit's setting; sync-service's runs evaluate within the same limits and reject the row.
 */
public final class RuleLimitException extends RuntimeException {

    private final int ruleIndex;
    private final String ruleName;
    private final String part;
    private final String record;
    private final LimitExceededException limit;

    private RuleLimitException(
            int ruleIndex, String ruleName, String part, String record, LimitExceededException limit) {
        super(message(ruleIndex, ruleName, part, record, limit), limit, false, false);
        this.ruleIndex = ruleIndex;
        this.ruleName = ruleName;
        this.part = part;
        this.record = record;
        this.limit = limit;
    }

    /** {@code rule}'s condition broke a limit. */
    static RuleLimitException inCondition(CompiledRuleSet.CompiledRule rule, LimitExceededException limit) {
        return new RuleLimitException(rule.index(), rule.rule().name(), "when", null, limit);
    }

    /** The expression {@code rule} sets {@code field} to broke a limit. */
    static RuleLimitException inValue(CompiledRuleSet.CompiledRule rule, String field, LimitExceededException limit) {
        return new RuleLimitException(
                rule.index(), rule.rule().name(), "then/set/" + Json.token(field) + "/expr", null, limit);
    }

    /** The same breach, saying which record it happened on, e.g. {@code sample record 2 (/samples/2)}. */
    RuleLimitException on(String recordDescription) {
        return new RuleLimitException(ruleIndex, ruleName, part, recordDescription, limit);
    }

    /** The JSON pointer of the expression in the rule set, e.g. {@code /rules/2/when}. */
    public String pointer() {
        return "/rules/" + ruleIndex + "/" + part;
    }

    public String ruleName() {
        return ruleName;
    }

    /** The setting of the limit broken, e.g. {@code datasync.service.cel.max-string-length}. */
    public String setting() {
        return limit.setting();
    }

    /** Whether the limit is the one on all evaluations together, which the rule named merely was the last of. */
    public boolean totalTimeRanOut() {
        return CelLimits.TOTAL_TIME_LIMIT.equals(limit.setting());
    }

    /** The limit's own message, e.g. {@code the expression built a string longer than … (datasync.service.cel…)}. */
    public String limitMessage() {
        return limit.getMessage();
    }

    /** Which rule, where in it, and on which record, e.g. {@code rule 'vip' (/rules/2/when) on record 3}. */
    public String where() {
        return where(ruleIndex, ruleName, part, record);
    }

    private static String where(int ruleIndex, String ruleName, String part, String record) {
        return "rule '" + ruleName + "' (/rules/" + ruleIndex + "/" + part + ")"
                + (record == null ? "" : " on " + record);
    }

    private static String message(
            int ruleIndex, String ruleName, String part, String record, LimitExceededException limit) {
        return where(ruleIndex, ruleName, part, record) + ": " + limit.getMessage();
    }
}

package io.datasync.config.internal;

import io.datasync.config.connection.ConnectionCatalog;
import io.datasync.config.rules.Action;
import io.datasync.config.rules.Rule;
import io.datasync.config.rules.RuleSetService;
import io.datasync.models.internal.ResolvedConnection;
import io.datasync.models.internal.RuleSet;
import java.util.LinkedHashMap;
import java.util.Map;

/** config-service's own models as the internal API's answers ({@code io.datasync.models.internal}). */
final class InternalAnswers {

    private InternalAnswers() {}

    static ResolvedConnection connection(ConnectionCatalog.ResolvedConnection c) {
        return new ResolvedConnection(c.id(), c.name(), c.type(), c.version(), c.settings());
    }

    static RuleSet ruleSet(RuleSetService.Current current) {
        return new RuleSet(
                current.id().toString(),
                current.definition().name(),
                current.version(),
                current.definition().rules().stream().map(InternalAnswers::rule).toList());
    }

    private static RuleSet.Rule rule(Rule rule) {
        return new RuleSet.Rule(rule.name(), rule.when(), rule.priority(), action(rule.then()));
    }

    private static RuleSet.Action action(Action action) {
        if (action instanceof Action.Reject reject) {
            return new RuleSet.Reject(reject.reason());
        }
        if (action instanceof Action.Tag tag) {
            return new RuleSet.Tag(tag.label());
        }
        Map<String, RuleSet.SetValue> fields = new LinkedHashMap<>();
        ((Action.SetFields) action)
                .fields()
                .forEach((field, value) -> fields.put(
                        field,
                        value instanceof Action.Computed computed
                                ? new RuleSet.Expr(computed.expr())
                                : new RuleSet.Constant(((Action.Constant) value).value())));
        return new RuleSet.SetFields(fields);
    }
}

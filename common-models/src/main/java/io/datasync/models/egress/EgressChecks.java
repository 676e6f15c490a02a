package io.datasync.models.egress;

import io.datasync.models.option.Option;
import io.datasync.models.option.Options;
import io.datasync.models.problem.FieldError;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies the egress policy to every setting of a connection that declares what it reaches
 * ({@link Option#reaches()}): the same check at save (config-service, without DNS), when unsaved settings are tried
 * (sync-service, with DNS) and, through the connectors, before every connect.
 */
public final class EgressChecks {

    private EgressChecks() {}

    /**
     * Every refused setting as a field error naming the setting and why.
     *
     * @param values the settings as their declaration validated them
     * @param resolver null to decide without DNS; a name that does not resolve is left to the connection attempt
     */
    @SuppressWarnings("unchecked")
    public static List<FieldError> problems(
            Options declaration, Map<String, Object> values, String pointer, EgressPolicy policy, Resolver resolver) {
        List<FieldError> errors = new ArrayList<>();
        for (Option<?> option : declaration.options()) {
            Object value = values.get(option.name());
            String at = pointer + "/" + option.name();
            if (option.fields() != null && value instanceof Map<?, ?> nested) {
                errors.addAll(problems(option.fields(), (Map<String, Object>) nested, at, policy, resolver));
            }
            if (option.reaches() == null || !(value instanceof String text)) {
                continue;
            }
            try {
                EgressDecision decision = option.reaches().decide(policy, text, resolver);
                if (decision instanceof EgressDecision.Refused refused) {
                    errors.add(new FieldError(at, refused.message()));
                }
            } catch (UnknownHostException | IllegalArgumentException e) {
                // a name that does not resolve, or a value the option's own check refused: not the policy's call
            }
        }
        return errors;
    }
}

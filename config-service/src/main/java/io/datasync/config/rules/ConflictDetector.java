package io.datasync.config.rules;

import io.datasync.config.rules.CompiledRuleSet.CompiledRule;
import io.datasync.kit.cel.CelExpression;
import io.datasync.kit.cel.CelExpression.LimitExceededException;
import io.datasync.kit.cel.CelExpressions;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Finds pairs of rules that contradict each other on some record. Rules A and B conflict when there is a record on
 * which both conditions are {@code true} (the witness) and one of:
 *
 * <ol>
 *   <li><b>set/set</b>: both set the same field, and the values they give it on the witness differ (constants are
 *       compared as JSON values, numbers by value: {@code 1} equals {@code 1.0});
 *   <li><b>reject/set</b>: one rejects the record while the other sets fields of it, whatever the priorities;
 *   <li><b>equal priority with a reject</b>: both have the same priority, one rejects and the other does something
 *       else (tags, or rejects with another reason). A reject stops the evaluation, so which of the two runs first
 *       decides the outcome, and list position is not a statement of intent. Other equal-priority pairs (tag and set,
 *       two tags, sets of different fields) commute, so they are not conflicts.
 * </ol>
 *
 * <p>Witnesses are searched, in this order, among: (a) the caller's sample records; (b) records generated from the
 * two conditions: for each field they compare with constants, values at and around each constant ({@code amount >
 * 100} gives 99, 100, 101; {@code status == "paid"} gives "paid", "" and another text; {@code flag} gives true and
 * false); fields read but never compared get a few typical values. All combinations are tried when there are at most
 * {@value #MAX_GENERATED} of them, else {@value #MAX_GENERATED} chosen at random with a fixed seed, so the answer is
 * the same on every call. A condition that fails on a record (a type mismatch, a missing field) does not hold there.
 * Finally (c) two rules with textually identical conditions and contradictory constant actions conflict even when no
 * record satisfying them was found; their example is then empty.
 *
 * <p>The search is bounded (at most {@value #MAX_GENERATED} generated records per pair, and {@value #MAX_CHECKS}
 * sample and generated records in all, so a large set with many samples answers in seconds), so it may miss a conflict whose witness lies outside the generated values; it never reports one without a witness, except
 * for (c).
 *
 * <p>Conditions and values are evaluated within the CEL limits, all of them within the total time limit ({@code
 * datasync.service.cel.total-time-limit}): an expression that breaks one on a record is a {@link RuleLimitException},
 * not a condition that does not hold, since the same expression would break it on that record in a run.
 */
public final class ConflictDetector {

    static final int MAX_GENERATED = 2000;
    static final int MAX_CHECKS = 400_000;
    static final int MAX_CONFLICTS = 50;

    private static final List<Object> TYPICAL = Arrays.asList(0L, 1L, "x", true, null);

    private ConflictDetector() {}

    /**
     * A contradiction between two rules.
     *
     * @param rules the two rules, in their order in the set
     * @param reason what contradicts, in words
     * @param example a record on which both conditions hold; empty for identical conditions with no record found
     * @param exampleSource {@code sample}, {@code generated} or {@code identicalConditions}
     */
    public record Conflict(List<RuleRef> rules, String reason, Map<String, Object> example, String exampleSource) {
        public Conflict {
            if (rules.size() != 2) {
                throw new IllegalArgumentException("a conflict is between two rules");
            }
            rules = List.copyOf(rules);
        }
    }

    /**
     * One side of a conflict.
     *
     * @param pointer JSON pointer of the rule in the rule set, e.g. {@code /rules/3}
     */
    public record RuleRef(int index, String name, int priority, String pointer) {}

    /**
     * Every conflict found (at most {@value #MAX_CONFLICTS}), by the positions of their first rule, then second.
     *
     * @throws RuleLimitException when a rule's expression breaks a CEL limit on a sample or generated record
     */
    public static List<Conflict> find(CompiledRuleSet ruleSet, List<Map<String, Object>> samples) {
        return CelExpressions.withinTotalTimeLimit(() -> search(ruleSet, samples));
    }

    private static List<Conflict> search(CompiledRuleSet ruleSet, List<Map<String, Object>> samples) {
        List<Conflict> conflicts = new ArrayList<>();
        List<CompiledRule> rules = ruleSet.rules();
        int[] budget = {MAX_CHECKS};
        for (int i = 0; i < rules.size() && conflicts.size() < MAX_CONFLICTS; i++) {
            for (int j = i + 1; j < rules.size() && conflicts.size() < MAX_CONFLICTS; j++) {
                CompiledRule a = rules.get(i);
                CompiledRule b = rules.get(j);
                if (mayConflict(a.rule(), b.rule())) {
                    check(a, b, samples, budget).ifPresent(conflicts::add);
                }
            }
        }
        return conflicts;
    }

    /** Whether the two actions can contradict on some record at all; cheap, so most pairs are never evaluated. */
    private static boolean mayConflict(Rule a, Rule b) {
        Action x = a.then();
        Action y = b.then();
        if (x instanceof Action.SetFields sx && y instanceof Action.SetFields sy) {
            return sx.fields().keySet().stream().anyMatch(sy.fields()::containsKey);
        }
        if (x instanceof Action.Reject || y instanceof Action.Reject) {
            return x instanceof Action.SetFields
                    || y instanceof Action.SetFields
                    || (a.priority() == b.priority() && !x.equals(y));
        }
        return false;
    }

    private static Optional<Conflict> check(
            CompiledRule a, CompiledRule b, List<Map<String, Object>> samples, int[] budget) {
        for (int i = 0; i < samples.size(); i++) {
            Map<String, Object> sample = samples.get(i);
            if (budget[0]-- <= 0) {
                break;
            }
            Optional<String> reason;
            try {
                reason = contradiction(a, b, sample);
            } catch (RuleLimitException e) {
                throw e.on("sample record " + i + " (/samples/" + i + ")");
            }
            if (reason.isPresent()) {
                return Optional.of(conflict(a, b, reason.get(), sample, "sample"));
            }
        }
        for (Map<String, Object> record : budget[0] > 0 ? generate(a, b) : List.<Map<String, Object>>of()) {
            if (budget[0]-- <= 0) {
                break;
            }
            Optional<String> reason;
            try {
                reason = contradiction(a, b, record);
            } catch (RuleLimitException e) {
                throw e.on("the record " + record + ", generated from the conditions");
            }
            if (reason.isPresent()) {
                return Optional.of(conflict(a, b, reason.get(), record, "generated"));
            }
        }
        return identical(a, b).map(reason -> conflict(a, b, reason, Map.of(), "identicalConditions"));
    }

    /** Why the two rules contradict on this record, if both conditions hold on it and the actions contradict. */
    private static Optional<String> contradiction(CompiledRule a, CompiledRule b, Map<String, Object> record) {
        if (!holds(a, record) || !holds(b, record)) {
            return Optional.empty();
        }
        Action x = a.rule().then();
        Action y = b.rule().then();
        if (x instanceof Action.SetFields sx && y instanceof Action.SetFields) {
            for (String field : sx.fields().keySet()) {
                if (!((Action.SetFields) y).fields().containsKey(field)) {
                    continue;
                }
                try {
                    Object va = valueOf(a, field, record);
                    Object vb = valueOf(b, field, record);
                    if (!sameValue(va, vb)) {
                        return Optional.of("both set '" + field + "', to " + show(va) + " and " + show(vb));
                    }
                } catch (CelExpression.EvaluationException e) {
                    // A value that cannot be computed here proves nothing about this record.
                }
            }
            return Optional.empty();
        }
        if (x instanceof Action.Reject && y instanceof Action.SetFields set) {
            return Optional.of(rejectVersusSet(a.rule(), b.rule(), set));
        }
        if (y instanceof Action.Reject && x instanceof Action.SetFields set) {
            return Optional.of(rejectVersusSet(b.rule(), a.rule(), set));
        }
        if (a.rule().priority() == b.rule().priority() && !x.equals(y)) {
            return Optional.of("equal priority " + a.rule().priority() + " with a reject: which runs first decides the"
                    + " outcome; give them different priorities");
        }
        return Optional.empty();
    }

    private static boolean holds(CompiledRule rule, Map<String, Object> record) {
        try {
            return rule.when().test(record);
        } catch (LimitExceededException e) {
            throw RuleLimitException.inCondition(rule, e);
        }
    }

    private static Object valueOf(CompiledRule rule, String field, Map<String, Object> record) {
        try {
            return rule.valueOf(field, record);
        } catch (LimitExceededException e) {
            throw RuleLimitException.inValue(rule, field, e);
        }
    }

    private static String rejectVersusSet(Rule reject, Rule set, Action.SetFields fields) {
        return "'" + reject.name() + "' rejects the record while '" + set.name() + "' sets "
                + String.join(", ", fields.fields().keySet());
    }

    /** Rule (c): identical conditions and actions that contradict whatever the record. */
    private static Optional<String> identical(CompiledRule a, CompiledRule b) {
        if (!normalize(a.rule().when()).equals(normalize(b.rule().when()))) {
            return Optional.empty();
        }
        Action x = a.rule().then();
        Action y = b.rule().then();
        if (x instanceof Action.SetFields sx && y instanceof Action.SetFields sy) {
            for (var entry : sx.fields().entrySet()) {
                Action.SetValue other = sy.fields().get(entry.getKey());
                if (entry.getValue() instanceof Action.Constant ca
                        && other instanceof Action.Constant cb
                        && !sameValue(ca.value(), cb.value())) {
                    return Optional.of("identical conditions; both set '" + entry.getKey() + "', to " + show(ca.value())
                            + " and " + show(cb.value()));
                }
            }
            return Optional.empty();
        }
        if (x instanceof Action.Reject || y instanceof Action.Reject) {
            if (x instanceof Action.SetFields || y instanceof Action.SetFields) {
                return Optional.of("identical conditions; one rejects the record while the other sets fields");
            }
            if (a.rule().priority() == b.rule().priority() && !x.equals(y)) {
                return Optional.of("identical conditions and equal priority with a reject: which runs first"
                        + " decides the outcome");
            }
        }
        return Optional.empty();
    }

    private static String normalize(String expression) {
        return expression.strip().replaceAll("\\s+", " ");
    }

    private static Conflict conflict(
            CompiledRule a, CompiledRule b, String reason, Map<String, Object> example, String source) {
        return new Conflict(
                List.of(ref(a), ref(b)),
                "rules '" + a.rule().name() + "' and '" + b.rule().name() + "' conflict: " + reason,
                example,
                source);
    }

    private static RuleRef ref(CompiledRule rule) {
        return new RuleRef(rule.index(), rule.rule().name(), rule.rule().priority(), "/rules/" + rule.index());
    }

    static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            try {
                return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
            } catch (NumberFormatException e) {
                return x.toString().equals(y.toString());
            }
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!sameValue(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            return x.keySet().equals(y.keySet()) && x.keySet().stream().allMatch(k -> sameValue(x.get(k), y.get(k)));
        }
        return Objects.equals(a, b);
    }

    private static String show(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }

    /** Records built from both rules' conditions (and computed values), see the class comment. */
    static List<Map<String, Object>> generate(CompiledRule a, CompiledRule b) {
        Map<String, Set<Object>> candidates = new LinkedHashMap<>();
        List<CelExpression> expressions = new ArrayList<>();
        expressions.add(a.when());
        expressions.add(b.when());
        expressions.addAll(a.computed().values());
        expressions.addAll(b.computed().values());
        for (CelExpression expression : expressions) {
            Literals.of(expression).forEach((path, literals) -> {
                Set<Object> values = candidates.computeIfAbsent(path, p -> new LinkedHashSet<>());
                literals.forEach(literal -> values.addAll(around(literal)));
            });
        }
        for (CelExpression expression : expressions) {
            for (String field : expression.fields()) {
                boolean compared = candidates.keySet().stream()
                        .anyMatch(path -> path.equals(field) || path.startsWith(field + "."));
                if (!compared) {
                    candidates.put(field, new LinkedHashSet<>(TYPICAL));
                }
            }
        }
        List<String> paths = new ArrayList<>(candidates.keySet());
        // Parents before nested paths, so "customer.tier" lands in the map that "customer" may have set to null.
        paths.sort((x, y) -> Long.compare(
                x.chars().filter(c -> c == '.').count(),
                y.chars().filter(c -> c == '.').count()));
        List<List<Object>> values = paths.stream()
                .map(p -> (List<Object>) new ArrayList<>(candidates.get(p)))
                .toList();
        long combinations = 1;
        for (List<Object> v : values) {
            combinations = Math.min((long) MAX_GENERATED + 1, combinations * v.size());
        }
        List<Map<String, Object>> records = new ArrayList<>();
        if (combinations <= MAX_GENERATED) {
            for (int n = 0; n < combinations; n++) {
                int[] choice = new int[paths.size()];
                int rest = n;
                for (int k = paths.size() - 1; k >= 0; k--) {
                    choice[k] = rest % values.get(k).size();
                    rest /= values.get(k).size();
                }
                records.add(record(paths, values, choice));
            }
        } else {
            Random random = new Random(42);
            for (int n = 0; n < MAX_GENERATED; n++) {
                int[] choice = new int[paths.size()];
                for (int k = 0; k < paths.size(); k++) {
                    choice[k] = random.nextInt(values.get(k).size());
                }
                records.add(record(paths, values, choice));
            }
        }
        return records;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> record(List<String> paths, List<List<Object>> values, int[] choice) {
        Map<String, Object> record = new LinkedHashMap<>();
        for (int k = 0; k < paths.size(); k++) {
            String[] parts = paths.get(k).split("\\.");
            Map<String, Object> target = record;
            for (int p = 0; p < parts.length - 1; p++) {
                Object child = target.get(parts[p]);
                if (!(child instanceof Map)) {
                    child = new LinkedHashMap<String, Object>();
                    target.put(parts[p], child);
                }
                target = (Map<String, Object>) child;
            }
            target.put(parts[parts.length - 1], values.get(k).get(choice[k]));
        }
        return record;
    }

    /** Values at and around a constant: where a comparison with it changes its mind. */
    private static List<Object> around(Object literal) {
        if (literal instanceof Long n) {
            List<Object> out = new ArrayList<>();
            if (n > Long.MIN_VALUE) {
                out.add(n - 1);
            }
            out.add(n);
            if (n < Long.MAX_VALUE) {
                out.add(n + 1);
            }
            return out;
        }
        if (literal instanceof Double d) {
            return List.of(d - 1, d, d + 1);
        }
        if (literal instanceof String s) {
            return List.of(s, "", s.isEmpty() ? "x" : s + "~other");
        }
        if (literal instanceof Boolean) {
            return List.of(true, false);
        }
        return Arrays.asList(literal, "x");
    }
}

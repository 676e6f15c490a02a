package io.datasync.sync.transform.builtin;

import io.datasync.kit.cel.CelExpressions;
import io.datasync.models.job.TransformStep;
import io.datasync.models.problem.FieldError;
import io.datasync.models.transform.TransformCatalog;
import io.datasync.sync.transform.spi.InvalidTransformException;
import io.datasync.sync.transform.spi.RuleSetProvider;
import io.datasync.sync.transform.spi.Transform;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The one place that knows which class implements each kind of {@link TransformCatalog}. A step is checked against
 * the catalog (the same checks config-service ran when the job was saved) and its CEL compiled before its transform
 * is built, so a step that cannot run fails here, with every problem at once, and never in the middle of a run.
 */
public final class TransformRegistry {

    private final Map<String, Function<Object, Transform>> factories;

    /**
     * @param ruleSets where {@code rules} steps get their rule sets; asked on every chunk
     */
    public TransformRegistry(RuleSetProvider ruleSets) {
        if (ruleSets == null) {
            throw new IllegalArgumentException("the registry needs a rule set provider for rules steps");
        }
        Map<String, Function<Object, Transform>> kinds = new LinkedHashMap<>();
        kinds.put("rename", config -> new RenameTransform(strings(config)));
        kinds.put("drop", config -> new DropTransform(list(config)));
        kinds.put("cast", config -> new CastTransform(strings(config)));
        kinds.put("normalize", config -> new NormalizeTransform(strings(config)));
        kinds.put("convert", config -> new ConvertTransform(charsets(config)));
        kinds.put("derive", config -> new DeriveTransform(strings(config)));
        kinds.put("filter", config -> new FilterTransform((String) config));
        kinds.put("mask", config -> new MaskTransform(strings(config)));
        kinds.put("defaults", config -> new DefaultsTransform(objects(config)));
        kinds.put("rules", config -> new RulesTransform((String) ((Map<?, ?>) config).get("ruleSet"), ruleSets));
        this.factories = Collections.unmodifiableMap(kinds);
    }

    /** The kinds this registry builds; the same as {@link TransformCatalog#kinds()}'s (a test checks it). */
    public Set<String> kinds() {
        return factories.keySet();
    }

    /**
     * Builds one step's transform.
     *
     * @param pointer the step's JSON pointer in the job definition (e.g. {@code /transforms/2}), for the errors
     * @throws InvalidTransformException with every problem of the step
     */
    public Transform create(TransformStep step, String pointer) {
        List<FieldError> errors = new ArrayList<>();
        // the config as its declaration reads it: choices in their declared spelling, e.g. mask HASH as hash
        Object config = TransformCatalog.read(step, pointer, errors);
        if (errors.isEmpty()) {
            TransformCatalog.expressions(step, pointer)
                    .forEach((at, expression) ->
                            CelProblems.of(expression).forEach(problem -> errors.add(new FieldError(at, problem))));
        }
        if (!errors.isEmpty()) {
            throw new InvalidTransformException(errors);
        }
        try {
            return factories.get(step.kind()).apply(config);
        } catch (IllegalArgumentException | ClassCastException e) {
            // The catalog's checks should have caught it; still the step's fault, so reported like them.
            throw new InvalidTransformException(
                    List.of(new FieldError(pointer + "/" + step.kind(), String.valueOf(e.getMessage()))));
        }
    }

    /**
     * A job's steps as one transform that applies them in order to each chunk; thread-safe like its steps, so one
     * serves every split of a run. Its row errors are reported against its input: a row dropped by the third step has
     * the index and key it had in the chunk the source gave. A row fails at most once, at the first step that cannot
     * transform it.
     *
     * @throws InvalidTransformException with every problem of every step, pointing at {@code /transforms/<i>/…}
     */
    public Transform pipeline(List<TransformStep> steps) {
        List<TransformPipeline.Step> built = new ArrayList<>(steps.size());
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            try {
                built.add(new TransformPipeline.Step(steps.get(i).kind(), create(steps.get(i), "/transforms/" + i)));
            } catch (InvalidTransformException e) {
                errors.addAll(e.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidTransformException(errors);
        }
        return new TransformPipeline(built);
    }

    /** The problems of one CEL expression, empty when it compiles. */
    private static final class CelProblems {
        static List<String> of(String expression) {
            try {
                CelExpressions.compile(expression);
                return List.of();
            } catch (CelExpressions.InvalidExpressionException e) {
                return e.problems();
            }
        }
    }

    private static Map<String, String> strings(Object config) {
        Map<String, String> out = new LinkedHashMap<>();
        ((Map<?, ?>) config).forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        return out;
    }

    private static Map<String, Object> objects(Object config) {
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<?, ?>) config).forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static List<String> list(Object config) {
        return ((List<?>) config).stream().map(String::valueOf).toList();
    }

    private static Map<String, ConvertTransform.Charsets> charsets(Object config) {
        Map<String, ConvertTransform.Charsets> out = new LinkedHashMap<>();
        ((Map<?, ?>) config).forEach((column, value) -> {
            Map<?, ?> fromTo = (Map<?, ?>) value;
            out.put(
                    String.valueOf(column),
                    new ConvertTransform.Charsets(
                            Charset.forName(String.valueOf(fromTo.get("from"))),
                            Charset.forName(String.valueOf(fromTo.get("to")))));
        });
        return out;
    }
}

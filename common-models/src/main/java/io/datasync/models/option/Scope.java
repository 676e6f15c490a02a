package io.datasync.models.option;

import io.datasync.models.json.Json;
import io.datasync.models.problem.FieldError;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link Rule} sees of one object being validated: the values that passed their own checks (defaults filled
 * in), which options were given, and where to report. A problem about an option that already failed its own check is
 * not reported twice.
 */
public final class Scope {

    private final Map<String, Object> values;
    private final Set<String> given;
    private final Set<String> failed;
    private final String pointer;
    private final List<FieldError> errors;

    Scope(Map<String, Object> values, Set<String> given, Set<String> failed, String pointer, List<FieldError> errors) {
        this.values = values;
        this.given = given;
        this.failed = failed;
        this.pointer = pointer;
        this.errors = errors;
    }

    /** The value of an option after its own checks and defaults; null when absent or invalid. */
    public Object get(String name) {
        return values.get(name);
    }

    /** Whether the input named the option (as opposed to a default filling it in). */
    public boolean given(String name) {
        return given.contains(name);
    }

    /** Whether the option failed its own check; rules usually leave such options alone. */
    public boolean failed(String name) {
        return failed.contains(name);
    }

    /** Fills in a value derived from others, e.g. a driver class from a URL. */
    public void put(String name, Object value) {
        values.put(name, value);
    }

    /** The values so far (defaults and derived values included). */
    public Map<String, Object> values() {
        return java.util.Collections.unmodifiableMap(values);
    }

    /**
     * Reports a problem.
     *
     * @param path an option name, a path below one ({@code pagination/cursorPointer}), or empty for the whole object
     */
    public void problem(String path, String message) {
        String first = path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
        if (failed.contains(first)) {
            return;
        }
        String at;
        if (path.isEmpty()) {
            at = pointer.isEmpty() ? "/" : pointer;
        } else {
            StringBuilder b = new StringBuilder(pointer);
            for (String token : path.split("/", -1)) {
                b.append('/').append(Json.token(token));
            }
            at = b.toString();
        }
        errors.add(new FieldError(at, message));
    }
}

package io.datasync.config.rules;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** What a rule does to a record its condition holds on: exactly one of set fields, reject, or tag. */
public sealed interface Action permits Action.SetFields, Action.Reject, Action.Tag {

    /** The key of this action in JSON: {@code set}, {@code reject} or {@code tag}. */
    String kind();

    /** Sets fields of the record, each to a constant or to the value of a CEL expression on the incoming record. */
    record SetFields(Map<String, SetValue> fields) implements Action {
        public SetFields {
            if (fields == null || fields.isEmpty()) {
                throw new IllegalArgumentException("set needs at least one field");
            }
            // Insertion order is the user's order; kept for readable answers.
            fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        @Override
        public String kind() {
            return "set";
        }
    }

    /** Rejects the record with a reason an operator can act on. */
    record Reject(String reason) implements Action {
        public Reject {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("reject needs a reason");
            }
        }

        @Override
        public String kind() {
            return "reject";
        }
    }

    /** Adds a label to the record's tags. */
    record Tag(String label) implements Action {
        public Tag {
            Objects.requireNonNull(label, "label");
        }

        @Override
        public String kind() {
            return "tag";
        }
    }

    /** The new value of one field: {@code {"value": any JSON}} or {@code {"expr": "CEL"}}. */
    sealed interface SetValue permits Constant, Computed {}

    /** A constant: any JSON value, null included. */
    record Constant(Object value) implements SetValue {}

    /** The value of a CEL expression evaluated on the incoming record. */
    record Computed(String expr) implements SetValue {
        public Computed {
            if (expr == null || expr.isBlank()) {
                throw new IllegalArgumentException("expr must not be blank");
            }
        }
    }
}

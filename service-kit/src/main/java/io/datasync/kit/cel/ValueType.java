package io.datasync.kit.cel;

/**
 * The CEL types a record field can be declared with for {@link CelExpression#resultType(java.util.Map)}, and the
 * types that method reports. {@link #DYN} as a field type means "any value"; as a result it means the type depends
 * on the values, or is none of the others (a list, a map, a timestamp, …).
 */
public enum ValueType {
    BOOL,
    INT,
    UINT,
    DOUBLE,
    STRING,
    BYTES,
    DYN
}

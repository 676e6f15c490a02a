package io.datasync.models.option;

/**
 * A check of one option's value after it was read as its kind (a {@code String}, {@code Integer}, {@code Duration},
 * {@code List}, {@code Map} …). Pure: no I/O.
 */
@FunctionalInterface
public interface Check<T> {

    /** What is wrong with the value, in words an operator can act on, or null when it is fine. */
    String problem(T value);
}

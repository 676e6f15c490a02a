package io.datasync.system.archfixture.sync.transform.builtin;

/** Stands for a built-in transform, which the transform SPI must not know. */
public final class SomeBuiltin {
    public static int apply() {
        return 1;
    }
}

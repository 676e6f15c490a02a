package io.datasync.models.job;

import java.util.Locale;

/**
 * Enum values are written in lowercase with dashes in definitions ({@code pk-range}, {@code post-load}). The enums
 * return that form from {@code toString()}, and the definition mappers read and write enums by {@code toString()}.
 */
final class WireNames {

    private WireNames() {}

    static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

package io.datasync.models.option;

import io.datasync.models.job.Durations;
import java.time.Duration;
import java.util.List;

/**
 * One option as data, for the catalog ({@code GET /api/config/connectors}) and the generated READMEs.
 *
 * @param type the kind in words, e.g. {@code text}, {@code whole number}, {@code list of text}
 * @param defaultValue the default as a user writes it (durations as {@code 10s}); null for none
 * @param choices for a choice, the accepted values
 * @param fields for an object, its options
 * @param rules for an object, its rules in words
 */
public record OptionDoc(
        String name,
        String type,
        boolean required,
        Object defaultValue,
        boolean secret,
        List<String> choices,
        String doc,
        List<OptionDoc> fields,
        List<String> rules) {

    static OptionDoc of(Option<?> o) {
        Object defaultValue = o.defaultValue() instanceof Duration d ? Durations.format(d) : o.defaultValue();
        return new OptionDoc(
                o.name(),
                o.describeType(),
                o.required(),
                defaultValue,
                o.secret(),
                o.choices(),
                o.doc(),
                o.fields() == null ? List.of() : o.fields().describe(),
                o.fields() == null ? List.of() : o.fields().describeRules());
    }
}

package io.datasync.models.connector;

import io.datasync.models.job.SqlIdentifiers;
import io.datasync.models.option.Option;
import io.datasync.models.option.Options;
import io.datasync.models.option.Rule;
import io.datasync.models.transform.CastTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The two options every source of untyped records (CSV, JSON) declares the same way:
 *
 * <pre>
 * columns: [ {name: id, type: bigint}, {name: full_name, type: varchar(80), field: "Full Name"} ]
 * key: [id]
 * </pre>
 */
public final class RecordColumnsOptions {

    private RecordColumnsOptions() {}

    /** One declared column. */
    public static final Option<String> NAME =
            Option.text("name", "the column's name").mandatory().checkedBy(RecordColumnsOptions::column);

    public static final Option<String> TYPE = Option.text(
                    "type", "the column's type as cast spells it, e.g. bigint, decimal(12,2), varchar(40)")
            .withDefault("text")
            .checkedBy(CastTypes::problem);

    public static final Option<String> FIELD = Option.text(
            "field",
            "the record's field the value comes from (CSV header, JSON property or /json/pointer); the name"
                    + " when left out");

    public static final Option<List<Object>> COLUMNS = columns(
            "the columns of a row, in order: [{name, type (as cast spells it, default text), field (the record's field,"
                    + " default the name)}]; inferred from the data when left out");

    /** The {@link #COLUMNS} option with another doc, for a source whose columns are read or required differently. */
    public static Option<List<Object>> columns(String doc) {
        return Option.list("columns", Option.object("column", Options.of(NAME, TYPE, FIELD), "one column"), doc)
                .checkedBy(RecordColumnsOptions::distinctNames);
    }

    public static final Option<List<Object>> KEY = Option.list(
            "key",
            Option.text("column", "a key column").checkedBy(RecordColumnsOptions::column),
            "the columns that identify a record, e.g. [id]; needed for upsert and for verification");

    /** A declared key must be a declared column (when columns are declared). */
    public static final Rule KEY_AMONG_COLUMNS = Rule.of("every key is one of the declared columns", scope -> {
        if (!(scope.get("columns") instanceof List<?> columns)
                || columns.isEmpty()
                || !(scope.get("key") instanceof List<?> key)) {
            return;
        }
        List<String> names = names(columns);
        for (int i = 0; i < key.size(); i++) {
            if (!names.contains(String.valueOf(key.get(i)))) {
                scope.problem("key/" + i, "'" + key.get(i) + "' is not one of the declared columns " + names);
            }
        }
    });

    static List<String> names(List<?> columns) {
        List<String> names = new ArrayList<>();
        for (Object c : columns) {
            if (c instanceof Map<?, ?> m) {
                names.add(String.valueOf(m.get("name")));
            }
        }
        return names;
    }

    private static String distinctNames(List<Object> columns) {
        List<String> names = names(columns);
        for (int i = 0; i < names.size(); i++) {
            if (names.indexOf(names.get(i)) != i) {
                return "column '" + names.get(i) + "' is declared twice";
            }
        }
        return null;
    }

    static String column(String name) {
        return SqlIdentifiers.isColumn(name)
                ? null
                : "'" + name + "' is not a safe column name: " + SqlIdentifiers.rule();
    }
}

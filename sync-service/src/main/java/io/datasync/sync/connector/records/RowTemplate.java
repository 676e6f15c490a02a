package io.datasync.sync.connector.records;

import io.datasync.sync.connector.spi.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A name made from a row's values — an MQTT topic such as {@code devices/{device_id}/state}, a Redis key such as
 * {@code user:{id}} — where each {@code {column}} is replaced by that column's value as text. Parsed once; the columns
 * it names are checked against the schema before any row is written.
 */
public final class RowTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final String template;
    private final List<String> literals;
    private final List<String> names;
    private int[] indexes;

    private RowTemplate(String template, List<String> literals, List<String> names) {
        this.template = template;
        this.literals = literals;
        this.names = names;
    }

    /**
     * @throws IllegalArgumentException naming what is wrong: an unclosed or empty brace
     */
    public static RowTemplate parse(String template) {
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException("is empty");
        }
        List<String> literals = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        int at = 0;
        while (m.find()) {
            literals.add(template.substring(at, m.start()));
            names.add(m.group(1));
            at = m.end();
        }
        literals.add(template.substring(at));
        for (String literal : literals) {
            if (literal.indexOf('{') >= 0 || literal.indexOf('}') >= 0) {
                throw new IllegalArgumentException(
                        "'" + template + "' has a brace that is not a {column} placeholder (a column name in braces)");
            }
        }
        return new RowTemplate(template, List.copyOf(literals), List.copyOf(names));
    }

    /** The columns the template names, in order. */
    public List<String> columns() {
        return names;
    }

    /**
     * Binds the template to the rows' schema.
     *
     * @throws IllegalArgumentException naming a column the rows do not have
     */
    public RowTemplate bind(Schema schema) {
        int[] bound = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            java.util.OptionalInt index = schema.indexOf(names.get(i));
            if (index.isEmpty()) {
                throw new IllegalArgumentException("'" + template + "' names column " + names.get(i)
                        + ", which the rows do not have (they have " + schema.names() + ")");
            }
            bound[i] = index.getAsInt();
        }
        RowTemplate copy = new RowTemplate(template, literals, names);
        copy.indexes = bound;
        return copy;
    }

    /**
     * The name for one row; a null value becomes the empty text.
     *
     * @throws IllegalStateException when not {@link #bind bound}
     */
    public String apply(Object[] row) {
        if (indexes == null) {
            throw new IllegalStateException("bind the template to the schema first");
        }
        StringBuilder out = new StringBuilder(template.length() + 16);
        for (int i = 0; i < indexes.length; i++) {
            out.append(literals.get(i));
            Object value = row[indexes[i]];
            out.append(value == null ? "" : value.toString());
        }
        out.append(literals.get(literals.size() - 1));
        return out.toString();
    }

    @Override
    public String toString() {
        return template;
    }
}

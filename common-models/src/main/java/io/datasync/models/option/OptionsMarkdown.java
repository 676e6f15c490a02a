package io.datasync.models.option;

import java.util.List;

/**
 * Renders declarations as the Markdown tables the READMEs embed, so the documentation is generated from the same
 * declarations that validate (a test compares the READMEs with this rendering).
 */
public final class OptionsMarkdown {

    private OptionsMarkdown() {}

    /** A table of options: name, type, default, doc; nested objects' options follow as {@code parent.child}. */
    public static String table(Options options) {
        StringBuilder b = new StringBuilder("| option | type | default | what it is for |\n|---|---|---|---|\n");
        rows(options.describe(), "", b);
        List<String> rules = options.describeRules();
        if (!rules.isEmpty()) {
            b.append("\nRules: ").append(String.join("; ", rules)).append(".\n");
        }
        return b.toString();
    }

    private static void rows(List<OptionDoc> docs, String prefix, StringBuilder b) {
        for (OptionDoc d : docs) {
            String def = d.required() ? "**required**" : d.defaultValue() == null ? "–" : "`" + d.defaultValue() + "`";
            b.append("| `")
                    .append(prefix)
                    .append(d.name())
                    .append("` | ")
                    .append(d.secret() ? "secret" : escape(d.type()))
                    .append(" | ")
                    .append(escape(def))
                    .append(" | ")
                    .append(escape(d.doc()))
                    .append(" |\n");
            if (!d.fields().isEmpty()) {
                rows(d.fields(), prefix + d.name() + ".", b);
            }
        }
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}

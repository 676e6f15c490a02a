package io.datasync.models.connector;

import io.datasync.models.option.OptionDoc;
import io.datasync.models.option.OptionsMarkdown;
import io.datasync.models.transform.TransformCatalog;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The catalog rendered as the Markdown blocks the READMEs embed between {@code <!-- generated:NAME -->} and
 * {@code <!-- /generated -->}, so the documentation is the declaration (a test fails when a README differs).
 */
public final class CatalogMarkdown {

    private CatalogMarkdown() {}

    /** Every block by name: {@code connections}, {@code source:<kind>}, {@code target:<kind>}, {@code transforms}. */
    public static Map<String, String> blocks() {
        Map<String, String> blocks = new LinkedHashMap<>();
        blocks.put("connections", connections());
        for (ConnectorDescriptor d : Connectors.all()) {
            if (d.source() != null) {
                blocks.put("source:" + d.kind(), source(d));
            }
            if (d.sink() != null) {
                blocks.put("target:" + d.kind(), target(d));
            }
        }
        blocks.put("transforms", transforms());
        return blocks;
    }

    static String connections() {
        StringBuilder b = new StringBuilder();
        for (ConnectorDescriptor d : Connectors.all()) {
            b.append("#### `").append(d.kind()).append("` — ").append(d.doc()).append("\n\n");
            if (!d.needsConnection()) {
                b.append("No connection: a job names this kind directly.\n");
                b.append(supports(d)).append("\n");
                continue;
            }
            b.append(OptionsMarkdown.table(d.connection()));
            b.append(supports(d)).append("\n");
        }
        return b.toString().strip() + "\n";
    }

    static String source(ConnectorDescriptor d) {
        var s = d.source();
        return OptionsMarkdown.table(s.options()) + "\nIncremental modes: "
                + String.join(
                        ", ",
                        s.incremental().stream().map(Object::toString).sorted().toList())
                + (s.tables() ? "; reads a `table` or a `query`" : "; no `table` or `query`")
                + (s.split() ? "; `split` by key ranges." : "; no `split`.") + "\n";
    }

    static String target(ConnectorDescriptor d) {
        var t = d.sink();
        String options = t.options().isEmpty() ? "No `target.options`.\n" : OptionsMarkdown.table(t.options());
        return options + "\nWrite modes: "
                + String.join(
                        ", ",
                        t.writeModes().stream().map(Object::toString).sorted().toList()) + ".\n";
    }

    static String transforms() {
        StringBuilder b = new StringBuilder("| transform | config | what it does |\n|---|---|---|\n");
        for (OptionDoc t : TransformCatalog.describe()) {
            b.append("| `")
                    .append(t.name())
                    .append("` | ")
                    .append(t.type().replace("|", "\\|"))
                    .append(" | ")
                    .append(t.doc().replace("|", "\\|"))
                    .append(" |\n");
        }
        return b.toString();
    }

    private static String supports(ConnectorDescriptor d) {
        String as = (d.source() != null ? "source" : "")
                + (d.source() != null && d.sink() != null ? " and " : "")
                + (d.sink() != null ? "target" : "");
        return as.isEmpty() ? "\nNot a source or target yet: " + d.planned() + ".\n" : "\nUsable as " + as + ".\n";
    }
}

package io.datasync.models.transform;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Types spelled as {@code cast} spells them ({@code bigint}, {@code decimal(12,2)}, {@code varchar(40)} …). */
public final class CastTypes {

    private static final Pattern ARGS = Pattern.compile("\\((\\d+)(?:,\\s*(\\d+))?\\)$");

    private CastTypes() {}

    /** What is wrong with a spelled type, or null when {@code cast} knows it. */
    public static String problem(String spelled) {
        String name = spelled == null ? "" : spelled.strip().toLowerCase(Locale.ROOT);
        if (!TransformCatalog.CAST_TYPE.matcher(name).matches()) {
            return "'" + spelled + "' is not a type cast knows (e.g. int, bigint, decimal(12,2), text, boolean, date,"
                    + " timestamp)";
        }
        Matcher args = ARGS.matcher(name);
        if (args.find() && args.group(2) != null && Integer.parseInt(args.group(2)) > Integer.parseInt(args.group(1))) {
            return "'" + spelled + "' has more digits after the point than in total";
        }
        return null;
    }
}

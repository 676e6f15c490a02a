package io.datasync.sync.types;

import io.datasync.models.transform.TransformCatalog;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.DataType;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A type as {@code cast} spells it ({@link TransformCatalog#CAST_TYPE}: {@code int}, {@code decimal(12,2)},
 * {@code varchar(40)}, …), resolved to a column type.
 *
 * @param spelled as written, lower-cased, for messages
 * @param precision for decimal the digits, for varchar the length; 0 when unbounded
 */
public record CastType(String spelled, DataType type, int precision, int scale) {

    private static final Pattern ARGS = Pattern.compile("\\((\\d+)(?:,\\s*(\\d+))?\\)$");

    public CastType {
        if (type == null) {
            throw new IllegalArgumentException("a cast type needs a data type");
        }
        if (precision < 0 || scale < 0 || precision > 0 && scale > precision) {
            throw new IllegalArgumentException("invalid precision/scale " + precision + "/" + scale);
        }
    }

    /**
     * Resolves a type name.
     *
     * @throws IllegalArgumentException when it is not one {@code cast} knows
     */
    public static CastType parse(String spelled) {
        String name = spelled == null ? "" : spelled.strip().toLowerCase(Locale.ROOT);
        if (!TransformCatalog.CAST_TYPE.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + spelled + "' is not a type cast knows");
        }
        Matcher args = ARGS.matcher(name);
        int first = 0;
        int second = 0;
        String base = name;
        if (args.find()) {
            first = Integer.parseInt(args.group(1));
            second = args.group(2) == null ? 0 : Integer.parseInt(args.group(2));
            base = name.substring(0, args.start());
        }
        DataType type = switch (base) {
            case "smallint", "int", "integer" -> DataType.INT;
            case "bigint" -> DataType.BIGINT;
            case "real", "double", "float" -> DataType.DOUBLE;
            case "boolean" -> DataType.BOOLEAN;
            case "text", "varchar" -> DataType.TEXT;
            case "date" -> DataType.DATE;
            case "time" -> DataType.TIME;
            case "timestamp" -> DataType.TIMESTAMP;
            case "timestamptz" -> DataType.TIMESTAMPTZ;
            case "uuid" -> DataType.UUID;
            case "json", "jsonb" -> DataType.JSON;
            case "bytea" -> DataType.BYTES;
            case "decimal", "numeric" -> DataType.DECIMAL;
            default -> throw new IllegalArgumentException("'" + spelled + "' is not a type cast knows");
        };
        if (type == DataType.DECIMAL && first > 0 && second > first) {
            throw new IllegalArgumentException("'" + spelled + "' has more digits after the point than in total");
        }
        return new CastType(name, type, first, second);
    }

    /** {@code column} with this type, keeping its name and nullability. */
    public Column applyTo(Column column) {
        return column.withType(type, precision, scale);
    }
}

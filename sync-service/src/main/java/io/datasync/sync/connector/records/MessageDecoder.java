package io.datasync.sync.connector.records;

import io.datasync.sync.connector.file.CsvParser;
import io.datasync.sync.connector.spi.RejectedRecord;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonPointer;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns one message's payload (a Kafka record value, an MQTT payload) into a row of declared {@link RecordColumns}, for
 * every message source alike.
 *
 * <p>JSON is parsed with Jackson's streaming parser straight into the row array: no tree and no map per message, and
 * properties no column reads are skipped without being materialized; only a property a column reads below (a field
 * given as a JSON pointer, {@code /customer/id}) is read as a tree. Numbers with a fraction are read as
 * {@link java.math.BigDecimal}, so a decimal column gets exactly the digits sent. CSV messages are one line each, read
 * by the file source's {@link CsvParser}.
 *
 * <p>A payload that is not what its format says, or a value that does not fit its column, is {@link Invalid} (cheap: no
 * stack trace) — a caller turns it into a {@link RejectedRecord} with the raw payload ({@link #decode(byte[], Supplier,
 * Consumer)}), never into a failure that stops the stream.
 *
 * <p>Threading: immutable after construction; one decoder may serve several reader threads.
 */
public final class MessageDecoder {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // values are read from inside a message's object; what follows them belongs to the object
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * How CSV messages are written.
     *
     * @param escape the character that makes the next one literal inside quotes; 0 when quotes are doubled (RFC 4180)
     * @param nullValue the unquoted field read as NULL; a quoted field is always text
     * @param header the field names by position, for columns that name their field; empty when columns read by
     *     position (their declared order, or the 1-based number their {@code field} gives)
     */
    public record Csv(char delimiter, char quote, char escape, String nullValue, List<String> header) {

        public static final Csv DEFAULT = new Csv(',', '"', (char) 0, "", List.of());

        public Csv {
            if (delimiter == quote) {
                throw new IllegalArgumentException("the delimiter and the quote must differ");
            }
            nullValue = nullValue == null ? "" : nullValue;
            header = header == null ? List.of() : List.copyOf(header);
        }
    }

    /** Why a payload cannot become a row; a complete sentence, e.g. {@code payload is not valid JSON: ...}. */
    public static final class Invalid extends RuntimeException {
        Invalid(String reason) {
            super(reason, null, false, false);
        }
    }

    /** A column reading a top-level property: the property's value itself ({@code rest} null) or a part below it. */
    private record Target(int column, JsonPointer rest) {}

    private final RecordColumns columns;
    private final PayloadFormat format;
    private final Csv csv;
    private final int width;
    private final Map<String, Target[]> byProperty;
    private final int[] csvPositions;
    private final int csvFieldsNeeded;

    /**
     * @param csv how CSV messages are written; ignored for the JSON formats, {@link Csv#DEFAULT} when null
     * @param trailing slots left empty after the columns in every row, for the caller's own columns (a message's key,
     *     partition, offset...), so a row is allocated once
     * @throws IllegalArgumentException when a column's field is not a valid JSON pointer, or not in the CSV header
     */
    public MessageDecoder(RecordColumns columns, PayloadFormat format, Csv csv, int trailing) {
        if (trailing < 0) {
            throw new IllegalArgumentException("trailing must not be negative");
        }
        this.columns = columns;
        this.format = format;
        this.csv = csv == null ? Csv.DEFAULT : csv;
        this.width = columns.fields().size() + trailing;
        if (format == PayloadFormat.CSV) {
            this.byProperty = Map.of();
            this.csvPositions = csvPositions(columns.fields(), this.csv.header());
            int needed = 0;
            for (int position : csvPositions) {
                needed = Math.max(needed, position + 1);
            }
            this.csvFieldsNeeded =
                    this.csv.header().isEmpty() ? needed : this.csv.header().size();
        } else {
            this.byProperty = targets(columns);
            this.csvPositions = new int[0];
            this.csvFieldsNeeded = 0;
        }
    }

    public RecordColumns columns() {
        return columns;
    }

    public PayloadFormat format() {
        return format;
    }

    /**
     * A payload's row: the columns' typed values, then {@code trailing} empty slots.
     *
     * @param payload the message's bytes; null for a message without one (a Kafka tombstone)
     * @throws Invalid when the payload does not parse, is not one record, or a value does not fit its column
     */
    public Object[] decode(byte[] payload) {
        if (payload == null) {
            throw new Invalid("message has no payload (null, e.g. a Kafka tombstone)");
        }
        Object[] row = format == PayloadFormat.CSV ? csv(payload) : json(payload);
        try {
            columns.convert(row);
        } catch (IllegalArgumentException e) {
            throw new Invalid(e.getMessage());
        }
        return row;
    }

    /**
     * A payload's row, or null after handing {@code rejected} a {@link RejectedRecord} with the reason and the raw
     * payload: the form a stream reader uses, so a bad message costs one reject, never the stream.
     *
     * @param locator where the message is, e.g. {@code orders/3@1234}; only asked for a rejected message
     */
    public Object[] decode(byte[] payload, Supplier<String> locator, Consumer<RejectedRecord> rejected) {
        try {
            return decode(payload);
        } catch (Invalid e) {
            rejected.accept(new RejectedRecord(locator.get(), e.getMessage(), payload));
            return null;
        }
    }

    // --- JSON ------------------------------------------------------------------------------------------------------

    private Object[] json(byte[] payload) {
        try (JsonParser parser = JSON.createParser(payload)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new Invalid("payload is empty, not a JSON object");
            }
            Object[] row = format == PayloadFormat.JSON ? record(parser, first, "payload") : envelope(parser, first);
            if (parser.nextToken() != null) {
                throw new Invalid("payload holds more than one JSON value");
            }
            return row;
        } catch (JacksonException e) {
            String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
            throw new Invalid("payload is not valid JSON: "
                    + message.lines().findFirst().orElse("").strip());
        }
    }

    /** Kafka Connect's {@code {"schema": ..., "payload": {...}}}: the payload object, whatever order they come in. */
    private Object[] envelope(JsonParser parser, JsonToken first) {
        if (first != JsonToken.START_OBJECT) {
            throw new Invalid("payload is not a Kafka Connect JSON envelope {\"schema\": ..., \"payload\": {...}} but "
                    + kind(first));
        }
        Object[] row = null;
        for (String name = parser.nextName(); name != null; name = parser.nextName()) {
            JsonToken token = parser.nextToken();
            if (name.equals("payload")) {
                row = record(parser, token, "the envelope's payload");
            } else {
                parser.skipChildren();
            }
        }
        if (row == null) {
            throw new Invalid("payload is a JSON object without \"payload\", not a Kafka Connect JSON envelope"
                    + " {\"schema\": ..., \"payload\": {...}} (is the format json?)");
        }
        return row;
    }

    /** The object at the parser (on its {@code START_OBJECT}) as a row of raw values, read to its end. */
    private Object[] record(JsonParser parser, JsonToken token, String what) {
        if (token != JsonToken.START_OBJECT) {
            throw new Invalid(what + " must be a JSON object, not " + kind(token));
        }
        Object[] row = new Object[width];
        for (String name = parser.nextName(); name != null; name = parser.nextName()) {
            JsonToken value = parser.nextToken();
            Target[] targets = byProperty.get(name);
            if (targets == null) {
                parser.skipChildren();
            } else if (targets.length == 1 && targets[0].rest() == null) {
                row[targets[0].column()] = value(parser, value);
            } else {
                JsonNode node = JSON.readTree(parser);
                for (Target target : targets) {
                    row[target.column()] = target.rest() == null ? value(node) : value(node.at(target.rest()));
                }
            }
        }
        return row;
    }

    /** The value at the parser as {@link RecordColumns} takes it: text, number, boolean, map or list; null. */
    private static Object value(JsonParser parser, JsonToken token) {
        return switch (token) {
            case VALUE_STRING -> parser.getString();
            case VALUE_NUMBER_INT -> parser.getNumberValue();
            case VALUE_NUMBER_FLOAT -> parser.getDecimalValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case START_OBJECT, START_ARRAY -> JSON.readValue(parser, Object.class);
            default -> null;
        };
    }

    private static Object value(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (node.isString()) {
            return node.stringValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNumber()) {
            return node.isIntegralNumber() ? node.numberValue() : node.decimalValue();
        }
        return JSON.treeToValue(node, Object.class);
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** For each top-level property some column reads, which columns read it and where below it. */
    private static Map<String, Target[]> targets(RecordColumns columns) {
        Map<String, List<Target>> byProperty = new LinkedHashMap<>();
        for (int i = 0; i < columns.fields().size(); i++) {
            String field = columns.fields().get(i);
            String property = field;
            JsonPointer rest = null;
            if (field.startsWith("/")) {
                JsonPointer pointer;
                try {
                    pointer = JsonPointer.compile(field);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "column " + columns.schema().column(i).name() + ": field '" + field
                                    + "' is not a JSON pointer (/name/0/...)");
                }
                property = pointer.getMatchingProperty();
                rest = pointer.tail().matches() ? null : pointer.tail();
            }
            byProperty.computeIfAbsent(property, p -> new ArrayList<>()).add(new Target(i, rest));
        }
        Map<String, Target[]> result = new HashMap<>();
        byProperty.forEach((property, targets) -> result.put(property, targets.toArray(Target[]::new)));
        return result;
    }

    // --- CSV -------------------------------------------------------------------------------------------------------

    private Object[] csv(byte[] payload) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new Invalid("payload holds bytes that are not valid UTF-8");
        }
        CsvParser parser = new CsvParser(new StringReader(text), csv.delimiter(), csv.quote(), csv.escape());
        CsvParser.Record record;
        try {
            record = parser.next();
            if (record == null) {
                throw new Invalid("payload is empty, not a CSV line");
            }
            if (record.problem() != null) {
                throw new Invalid("payload is not a valid CSV line: " + record.problem());
            }
            if (parser.next() != null) {
                throw new Invalid("payload holds more than one CSV line");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
        int size = record.fields().size();
        if (!csv.header().isEmpty() && size != csvFieldsNeeded) {
            throw new Invalid("payload has " + size + " fields where the header has " + csvFieldsNeeded);
        }
        if (size < csvFieldsNeeded) {
            throw new Invalid("payload has " + size + " fields where the columns need " + csvFieldsNeeded);
        }
        Object[] row = new Object[width];
        for (int i = 0; i < csvPositions.length; i++) {
            int position = csvPositions[i];
            String field = record.fields().get(position);
            boolean isNull = !record.quoted().get(position) && field.equals(csv.nullValue());
            row[i] = isNull ? null : field;
        }
        return row;
    }

    /** Each column's field position: by name in the header, else its 1-based number or its declared order. */
    private static int[] csvPositions(List<String> fields, List<String> header) {
        int[] positions = new int[fields.size()];
        for (int i = 0; i < positions.length; i++) {
            String field = fields.get(i);
            if (!header.isEmpty()) {
                positions[i] = header.indexOf(field);
                if (positions[i] < 0) {
                    throw new IllegalArgumentException(
                            "field '" + field + "' is not one of the CSV header's fields " + header);
                }
            } else if (!field.isEmpty() && field.length() <= 6 && field.chars().allMatch(Character::isDigit)) {
                positions[i] = Integer.parseInt(field) - 1;
                if (positions[i] < 0) {
                    throw new IllegalArgumentException("field " + field + ": CSV positions start at 1");
                }
            } else {
                positions[i] = i;
            }
        }
        return positions;
    }
}

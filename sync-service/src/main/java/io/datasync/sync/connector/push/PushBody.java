package io.datasync.sync.connector.push;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Splits a pushed body into its records, all or nothing: either every record is a JSON object and the list of their
 * bytes (exactly as sent, without re-encoding) comes back, or the first bad record is reported with its line, and
 * nothing of the body is accepted. Pure; no I/O.
 *
 * <ul>
 *   <li>{@link Format#NDJSON}: one JSON object per line; blank lines are skipped; lines end with {@code \n} or
 *       {@code \r\n}.
 *   <li>{@link Format#JSON_ARRAY}: one JSON array of objects.
 * </ul>
 */
final class PushBody {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    enum Format {
        NDJSON,
        JSON_ARRAY
    }

    /** A body that is not what its content type says; {@code line} is 1-based. */
    static final class MalformedException extends RuntimeException {
        private final long line;

        MalformedException(long line, String reason) {
            super(reason);
            this.line = line;
        }

        long line() {
            return line;
        }
    }

    private PushBody() {}

    /**
     * @param maxRecords more records than this is a malformed body (a client should split it)
     * @throws MalformedException naming the line of the first record that is not a JSON object
     */
    static List<byte[]> records(byte[] body, Format format, int maxRecords) {
        return format == Format.NDJSON ? lines(body, maxRecords) : array(body, maxRecords);
    }

    private static List<byte[]> lines(byte[] body, int maxRecords) {
        List<byte[]> records = new ArrayList<>();
        int start = 0;
        long line = 0;
        while (start < body.length) {
            line++;
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            int from = start;
            int to = end;
            while (from < to && isSpace(body[from])) {
                from++;
            }
            while (to > from && isSpace(body[to - 1])) {
                to--;
            }
            if (to > from) {
                if (records.size() == maxRecords) {
                    throw new MalformedException(line, "more than " + maxRecords + " records in one request");
                }
                byte[] record = Arrays.copyOfRange(body, from, to);
                checkOneObject(record, line);
                records.add(record);
            }
            start = end + 1;
        }
        return records;
    }

    private static void checkOneObject(byte[] record, long line) {
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), record)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new MalformedException(line, "expected a JSON object, found " + describe(first));
            }
            parser.skipChildren();
            JsonToken after = parser.nextToken();
            if (after != null) {
                throw new MalformedException(
                        line, "more than one JSON value on the line (found " + describe(after) + " after the object)");
            }
        } catch (JacksonException e) {
            throw new MalformedException(line, "not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static List<byte[]> array(byte[] body, int maxRecords) {
        List<byte[]> records = new ArrayList<>();
        long line = 1;
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_ARRAY) {
                throw new MalformedException(1, "expected a JSON array of objects, found " + describe(first));
            }
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                line = parser.currentTokenLocation().getLineNr();
                if (token == null) {
                    throw new MalformedException(line, "the array is not closed");
                }
                if (token != JsonToken.START_OBJECT) {
                    throw new MalformedException(
                            line, "record " + (records.size() + 1) + " is " + describe(token) + ", not a JSON object");
                }
                if (records.size() == maxRecords) {
                    throw new MalformedException(line, "more than " + maxRecords + " records in one request");
                }
                int from = (int) parser.currentTokenLocation().getByteOffset();
                parser.skipChildren();
                int to = (int) parser.currentLocation().getByteOffset();
                records.add(Arrays.copyOfRange(body, from, to));
            }
            line = parser.currentTokenLocation().getLineNr();
            JsonToken after = parser.nextToken();
            if (after != null) {
                throw new MalformedException(
                        parser.currentTokenLocation().getLineNr(),
                        "found " + describe(after) + " after the closing bracket of the array");
            }
        } catch (JacksonException e) {
            long at = e.getLocation() == null ? line : e.getLocation().getLineNr();
            throw new MalformedException(at, "not valid JSON: " + e.getOriginalMessage());
        }
        return records;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r';
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}

package io.datasync.sync.connector.file;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV records (RFC 4180 plus a configurable delimiter, quote and escape) from a character stream, one record at a
 * time and never more than one record in memory. A malformed record — an unterminated quote, text after a closing
 * quote — comes back with a {@link Record#problem} instead of stopping the file, so one bad line costs one record.
 * Blank lines are skipped. Public because message sources read CSV payloads with it too
 * ({@code records.MessageDecoder}). A field or a record longer than its limit ends the file with {@link TooLong}: past an unclosed
 * quote the rest of the file is one field, and reading on would only buffer it.
 */
public final class CsvParser {

    /** A field or record past its limit, at the line it started on. */
    public static final class TooLong extends RuntimeException {
        final long line;

        TooLong(String what, long line) {
            super(what);
            this.line = line;
        }
    }

    /**
     * One record.
     *
     * @param fields the fields' text
     * @param quoted for each field whether it was quoted (a quoted empty field is text, never NULL)
     * @param line the 1-based line the record starts on
     * @param chars the characters it took, for size estimates
     * @param problem what is wrong with it, or null
     */
    public record Record(List<String> fields, List<Boolean> quoted, long line, long chars, String problem) {}

    private static final int END = -1;

    private final Reader in;
    private final char delimiter;
    private final char quote;
    private final char escape;
    private final int maxField;
    private final int maxRecord;
    private long line = 1;
    private int pushedBack = -2;
    private long chars;

    public CsvParser(Reader in, char delimiter, char quote, char escape) {
        this(in, delimiter, quote, escape, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /**
     * @param maxField the most characters of one field
     * @param maxRecord the most characters of one record
     */
    public CsvParser(Reader in, char delimiter, char quote, char escape, int maxField, int maxRecord) {
        this.in = in;
        this.delimiter = delimiter;
        this.quote = quote;
        this.escape = escape;
        this.maxField = maxField;
        this.maxRecord = maxRecord;
    }

    /** The next record, or null at the end of the input. */
    public Record next() throws IOException {
        int c = read();
        while (c == '\n' || c == '\r') {
            lineBreak(c);
            c = read();
        }
        if (c == END) {
            return null;
        }
        long start = line;
        long startChars = chars - 1;
        List<String> fields = new ArrayList<>();
        List<Boolean> quoted = new ArrayList<>();
        String problem = null;
        StringBuilder field = new StringBuilder();
        while (true) {
            if (c == quote && field.isEmpty()) {
                // a quoted field: read to the closing quote, across line breaks
                boolean closed = false;
                while (!closed) {
                    int q = read();
                    if (q == END) {
                        problem = problem(problem, "a quote opened on line " + start + " is never closed");
                        break;
                    }
                    if (escape != 0 && q == escape && escape != quote) {
                        int next = read();
                        if (next == END) {
                            problem = problem(problem, "the line ends with an escape character");
                            break;
                        }
                        field.append((char) next);
                    } else if (q == quote) {
                        int next = read();
                        if (next == quote) {
                            field.append(quote);
                        } else {
                            closed = true;
                            unread(next);
                        }
                    } else if (q == '\n' || q == '\r') {
                        lineBreak(q);
                        field.append('\n');
                    } else {
                        field.append((char) q);
                    }
                    limit(field, start, startChars);
                }
                c = read();
                if (c != delimiter && c != '\n' && c != '\r' && c != END) {
                    problem = problem(problem, "text follows a closing quote in field " + (fields.size() + 1));
                    while (c != delimiter && c != '\n' && c != '\r' && c != END) {
                        field.append((char) c);
                        limit(field, start, startChars);
                        c = read();
                    }
                }
                fields.add(field.toString());
                quoted.add(true);
            } else {
                while (c != delimiter && c != '\n' && c != '\r' && c != END) {
                    field.append((char) c);
                    if ((field.length() & 1023) == 0) {
                        limit(field, start, startChars);
                    }
                    c = read();
                }
                limit(field, start, startChars);
                fields.add(field.toString());
                quoted.add(false);
            }
            field.setLength(0);
            if (c == delimiter) {
                c = read();
                continue;
            }
            if (c == '\n' || c == '\r') {
                lineBreak(c);
            }
            return new Record(fields, quoted, start, chars - startChars, problem);
        }
    }

    private void limit(StringBuilder field, long start, long startChars) {
        if (field.length() > maxField) {
            throw new TooLong(
                    "a field is longer than " + maxField + " characters (a quote left open makes the rest of a file one"
                            + " field)",
                    start);
        }
        if (chars - startChars > maxRecord) {
            throw new TooLong("a record is longer than " + maxRecord + " characters", start);
        }
    }

    private static String problem(String earlier, String now) {
        return earlier != null ? earlier : now;
    }

    /** Consumes the rest of a line break ({@code \n}, {@code \r\n} or {@code \r}) whose first character was read. */
    private void lineBreak(int c) throws IOException {
        line++;
        if (c == '\r') {
            int next = read();
            if (next != '\n') {
                unread(next);
            }
        }
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        int c = in.read();
        if (c != END) {
            chars++;
        }
        return c;
    }

    private void unread(int c) {
        pushedBack = c;
    }
}

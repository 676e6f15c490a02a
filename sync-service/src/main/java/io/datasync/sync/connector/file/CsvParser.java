package io.datasync.sync.connector.file;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV records (RFC 4180 plus a configurable delimiter, quote and escape) from a character stream, one record at a
 * time and never more than one record in memory. A malformed record — an unterminated quote, text after a closing
 * quote — comes back with a {@link Record#problem} instead of stopping the file, so one bad line costs one record.
 * Blank lines are skipped.
 */
final class CsvParser {

    /**
     * One record.
     *
     * @param fields the fields' text
     * @param quoted for each field whether it was quoted (a quoted empty field is text, never NULL)
     * @param line the 1-based line the record starts on
     * @param chars the characters it took, for size estimates
     * @param problem what is wrong with it, or null
     */
    record Record(List<String> fields, List<Boolean> quoted, long line, long chars, String problem) {}

    private static final int END = -1;

    private final Reader in;
    private final char delimiter;
    private final char quote;
    private final char escape;
    private long line = 1;
    private int pushedBack = -2;
    private long chars;

    CsvParser(Reader in, char delimiter, char quote, char escape) {
        this.in = in;
        this.delimiter = delimiter;
        this.quote = quote;
        this.escape = escape;
    }

    /** The next record, or null at the end of the input. */
    Record next() throws IOException {
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
                }
                c = read();
                if (c != delimiter && c != '\n' && c != '\r' && c != END) {
                    problem = problem(problem, "text follows a closing quote in field " + (fields.size() + 1));
                    while (c != delimiter && c != '\n' && c != '\r' && c != END) {
                        field.append((char) c);
                        c = read();
                    }
                }
                fields.add(field.toString());
                quoted.add(true);
            } else {
                while (c != delimiter && c != '\n' && c != '\r' && c != END) {
                    field.append((char) c);
                    c = read();
                }
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

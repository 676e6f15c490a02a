package io.datasync.sync.connector.file;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines of at most {@code max} characters: a longer line is not buffered but skipped to its end and reported as
 * {@link #TOO_LONG}, so one huge line (or a file without any line break) costs no more memory than a normal one. Line
 * breaks are {@code \n}, {@code \r\n} or {@code \r}, as {@code BufferedReader.readLine} has them. Not thread-safe.
 */
final class BoundedLines {

    /** Returned in place of a line longer than the limit; compare by identity. */
    static final String TOO_LONG = new String("<too long>");

    private final Reader in;
    private final int max;
    private final char[] buffer = new char[1 << 16];
    private int pos;
    private int end;
    private boolean pendingLf; // a \r ended the last line: a \n right after belongs to it

    BoundedLines(Reader in, int max) {
        this.in = in;
        this.max = max;
    }

    /** The next line without its break, {@link #TOO_LONG}, or null at the end of the input. */
    String next() throws IOException {
        StringBuilder line = null;
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (pos == end) {
                end = in.read(buffer, 0, buffer.length);
                pos = 0;
                if (end <= 0) {
                    end = 0;
                    if (!any) {
                        return null;
                    }
                    return tooLong ? TOO_LONG : text(line);
                }
            }
            if (pendingLf) {
                pendingLf = false;
                if (buffer[pos] == '\n') {
                    pos++;
                    continue;
                }
            }
            any = true;
            int start = pos;
            while (pos < end && buffer[pos] != '\n' && buffer[pos] != '\r') {
                pos++;
            }
            int length = pos - start;
            if (!tooLong) {
                int had = line == null ? 0 : line.length();
                if (had + length > max) {
                    tooLong = true;
                    line = null;
                } else if (pos < end && line == null) {
                    String whole = new String(buffer, start, length);
                    consumeBreak();
                    return whole;
                } else {
                    if (line == null) {
                        line = new StringBuilder(Math.max(16, length * 2));
                    }
                    line.append(buffer, start, length);
                }
            }
            if (pos < end) {
                consumeBreak();
                return tooLong ? TOO_LONG : text(line);
            }
        }
    }

    private void consumeBreak() {
        if (buffer[pos] == '\r') {
            pendingLf = true;
        }
        pos++;
    }

    private static String text(StringBuilder line) {
        return line == null ? "" : line.toString();
    }
}

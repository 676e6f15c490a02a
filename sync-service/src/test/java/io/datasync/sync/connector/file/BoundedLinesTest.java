package io.datasync.sync.connector.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedLinesTest {

    private static List<String> lines(String text, int max) throws IOException {
        BoundedLines lines = new BoundedLines(new StringReader(text), max);
        List<String> out = new ArrayList<>();
        for (String line = lines.next(); line != null; line = lines.next()) {
            out.add(line == BoundedLines.TOO_LONG ? "<too long>" : line);
        }
        return out;
    }

    @Test
    void splitsOnEveryKindOfLineBreakLikeReadLine() throws IOException {
        assertThat(lines("a\nb\r\nc\rd", 10)).containsExactly("a", "b", "c", "d");
        assertThat(lines("a\n\nb\n", 10)).containsExactly("a", "", "b");
        assertThat(lines("", 10)).isEmpty();
        assertThat(lines("\r\n", 10)).containsExactly("");
    }

    @Test
    void aLongerLineIsSkippedToItsEndAndReportedOnce() throws IOException {
        assertThat(lines("ok\n" + "x".repeat(20) + "\nnext", 10)).containsExactly("ok", "<too long>", "next");
        assertThat(lines("y".repeat(11), 10)).containsExactly("<too long>");
        assertThat(lines("z".repeat(10), 10)).containsExactly("z".repeat(10));
    }

    @Test
    void linesLongerThanItsBufferAreAssembledAcrossReads() throws IOException {
        String big = "b".repeat(200_000);
        assertThat(lines(big + "\r\n" + big, 300_000)).containsExactly(big, big);
        assertThat(lines(big + "\n1", 150_000)).containsExactly("<too long>", "1");
    }
}

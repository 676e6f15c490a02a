package io.datasync.sync.connector.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvParserTest {

    @Test
    void readsPlainQuotedAndEmptyFieldsAcrossLineEndings() throws IOException {
        List<CsvParser.Record> records = parse("a,b,c\r\n1,\"x, y\",\r\n\n2,\"\",z\r3,\"say \"\"hi\"\"\",\n", (char) 0);
        assertThat(records)
                .extracting(CsvParser.Record::fields)
                .containsExactly(
                        List.of("a", "b", "c"),
                        List.of("1", "x, y", ""),
                        List.of("2", "", "z"),
                        List.of("3", "say \"hi\"", ""));
        assertThat(records.get(1).quoted()).containsExactly(false, true, false);
        assertThat(records.get(2).quoted()).containsExactly(false, true, false);
        assertThat(records).extracting(CsvParser.Record::line).containsExactly(1L, 2L, 4L, 5L);
        assertThat(records).allMatch(r -> r.problem() == null);
    }

    @Test
    void aQuotedFieldMaySpanLinesAndLineNumbersFollow() throws IOException {
        List<CsvParser.Record> records = parse("1,\"two\r\nlines\"\n2,x\n", (char) 0);
        assertThat(records.get(0).fields()).containsExactly("1", "two\nlines");
        assertThat(records.get(1).line()).isEqualTo(3);
    }

    @Test
    void anEscapeCharacterMakesTheQuoteLiteral() throws IOException {
        List<CsvParser.Record> records = parse("1,\"a \\\"b\\\" \\\\ c\"\n", '\\');
        assertThat(records.get(0).fields()).containsExactly("1", "a \"b\" \\ c");
    }

    @Test
    void textAfterAClosingQuoteMarksOnlyThatRecord() throws IOException {
        List<CsvParser.Record> records = parse("1,\"a\"b,c\n2,d,e\n", (char) 0);
        assertThat(records.get(0).problem()).contains("text follows a closing quote in field 2");
        assertThat(records.get(1).fields()).containsExactly("2", "d", "e");
        assertThat(records.get(1).problem()).isNull();
    }

    @Test
    void anUnterminatedQuoteIsReportedWithTheLineItOpenedOn() throws IOException {
        List<CsvParser.Record> records = parse("1,ok\n2,\"never closed\n3,x\n", (char) 0);
        assertThat(records).hasSize(2);
        assertThat(records.get(1).problem()).isEqualTo("a quote opened on line 2 is never closed");
    }

    @Test
    void anEmptyInputHasNoRecords() throws IOException {
        assertThat(parse("", (char) 0)).isEmpty();
        assertThat(parse("\n\r\n", (char) 0)).isEmpty();
    }

    private static List<CsvParser.Record> parse(String text, char escape) throws IOException {
        CsvParser parser = new CsvParser(new StringReader(text), ',', '"', escape);
        List<CsvParser.Record> records = new ArrayList<>();
        for (var r = parser.next(); r != null; r = parser.next()) {
            records.add(r);
        }
        return records;
    }
}

package io.datasync.kit.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.models.quality.CheckTally;
import io.datasync.models.quality.Dimension;
import io.datasync.models.quality.Severity;
import io.datasync.models.quality.Violation;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QualityGateCleansingTest {

    private static final List<QualityColumn> KEYED =
            List.of(new QualityColumn("id", "BIGINT"), new QualityColumn("v", "TEXT"), new QualityColumn("at", "INT"));

    private static QualityGate gate(String json, List<QualityColumn> columns) {
        return QualityGate.compile(Orders.ruleSet(json), columns, QualityGate.Settings.defaults());
    }

    private static QualityGate gate(String json, List<QualityColumn> columns, byte[] maskKey) {
        return QualityGate.compile(
                Orders.ruleSet(json), columns, new QualityGate.Settings(null, maskKey, Orders.CLOCK, null));
    }

    private static Object[] keyed(long id, String v, Integer at) {
        return new Object[] {id, v, at};
    }

    private static List<Object> column(QualityGate.Outcome outcome, int column) {
        List<Object> values = new ArrayList<>();
        outcome.accepted().forEach(row -> values.add(row[column]));
        return values;
    }

    @Test
    void nullDefaultsAreConvertedToTheColumnsType() {
        QualityGate gate = gate(
                """
                {"name": "defaults", "cleansing": [
                  {"nulls": {"column": "n", "action": "default", "value": "0.50"}},
                  {"nulls": {"column": "d", "action": "default", "value": "2024-01-01"}},
                  {"nulls": {"column": "j", "action": "default", "value": {"tags": []}}},
                  {"nulls": {"column": "i", "action": "default", "value": 7}}]}""",
                List.of(
                        new QualityColumn("n", "DECIMAL"),
                        new QualityColumn("d", "DATE"),
                        new QualityColumn("j", "JSON"),
                        new QualityColumn("i", "INT")));

        Object[] row = gate.newSession()
                .apply(List.<Object[]>of(new Object[4]))
                .accepted()
                .get(0);

        assertThat(row).containsExactly(new BigDecimal("0.50"), LocalDate.of(2024, 1, 1), "{\"tags\":[]}", 7);
    }

    @Test
    void droppedRowsAreCountedButNotRejected() {
        QualityGate gate = gate("""
                {"name": "drop", "cleansing": [{"nulls": {"column": "v", "action": "drop-row"}}]}""", KEYED);
        QualityGate.Outcome outcome =
                gate.newSession().apply(List.<Object[]>of(keyed(1, "a", 1), keyed(2, null, 1), keyed(3, "c", 1)));

        assertThat(outcome.inputRows()).containsExactly(0, 2);
        assertThat(outcome.rejected()).isEmpty();
        assertThat(outcome.tally().rowsDropped()).isEqualTo(1);
        assertThat(outcome.tally().checks()).isEmpty();
    }

    @Test
    void dedupeFirstDropsLaterRowsAcrossChunksButNotAcrossSessions() {
        QualityGate gate = gate("""
                {"name": "first", "cleansing": [{"dedupe": {"keys": ["id"], "keep": "first"}}]}""", KEYED);
        QualityGate.Session session = gate.newSession();

        QualityGate.Outcome first = session.apply(
                List.<Object[]>of(keyed(1, "a", 1), keyed(2, "b", 1), keyed(2, "c", 1), keyed(3, "d", 1)));
        QualityGate.Outcome second =
                session.apply(List.<Object[]>of(keyed(3, "e", 1), keyed(4, "f", 1), keyed(1, "g", 1)));

        assertThat(column(first, 1)).containsExactly("a", "b", "d");
        assertThat(column(second, 1)).containsExactly("f");
        assertThat(second.inputRows()).containsExactly(1);
        assertThat(session.total().rowsDeduplicated()).isEqualTo(3);
        assertThat(session.total().checks()).as("duplicates are not violations").isEmpty();
        assertThat(column(gate.newSession().apply(List.<Object[]>of(keyed(1, "h", 1))), 1))
                .as("a new run starts afresh")
                .containsExactly("h");
    }

    @Test
    void dedupeLastKeepsTheLastWithinAChunkAndLetsLaterChunksThrough() {
        QualityGate gate = gate("""
                {"name": "last", "cleansing": [{"dedupe": {"keys": ["id"], "keep": "last"}}]}""", KEYED);
        QualityGate.Session session = gate.newSession();

        QualityGate.Outcome first =
                session.apply(List.<Object[]>of(keyed(1, "a", 1), keyed(2, "b", 1), keyed(1, "c", 1)));
        QualityGate.Outcome second = session.apply(List.<Object[]>of(keyed(1, "d", 1)));

        assertThat(column(first, 1)).containsExactly("b", "c");
        assertThat(first.inputRows()).containsExactly(1, 2);
        assertThat(column(second, 1)).containsExactly("d");
    }

    @Test
    void dedupeNewestKeepsTheGreatestByAndDropsOlderRowsOfLaterChunks() {
        QualityGate gate = gate("""
                {"name": "newest", "cleansing": [{"dedupe": {"keys": ["id"], "keep": "newest", "by": "at"}}]}""", KEYED);
        QualityGate.Session session = gate.newSession();

        QualityGate.Outcome first = session.apply(
                List.of(keyed(1, "a", 5), keyed(1, "b", 9), keyed(1, "c", 7), keyed(2, "d", 3), keyed(2, "e", 3)));
        QualityGate.Outcome second =
                session.apply(List.of(keyed(1, "f", 8), keyed(1, "g", 9), keyed(2, "h", 4), keyed(3, "i", null)));
        QualityGate.Outcome third = session.apply(List.<Object[]>of(keyed(3, "j", null), keyed(2, "k", null)));

        assertThat(column(first, 1))
                .as("the greatest by; on a tie the later row")
                .containsExactly("b", "e");
        assertThat(column(second, 1)).as("8 is older than 9, 9 is not").containsExactly("g", "h", "i");
        assertThat(column(third, 1))
                .as("a null by is older than any value, and passes when nothing was seen")
                .containsExactly("j");
        assertThat(session.total().rowsDeduplicated()).isEqualTo(5);
    }

    @Test
    void dedupeOnSeveralKeysNeverTreatsNullKeysAsDuplicates() {
        QualityGate gate = gate("""
                {"name": "keys", "cleansing": [{"dedupe": {"keys": ["id", "v"]}}]}""", KEYED);
        QualityGate.Outcome outcome = gate.newSession()
                .apply(List.of(
                        keyed(1, "a", 1), keyed(1, "b", 1), keyed(1, "a", 2), keyed(1, null, 1), keyed(1, null, 1)));

        assertThat(outcome.inputRows()).containsExactly(0, 1, 3, 4);
    }

    @Test
    void normalizeRewritesText() {
        assertThat(normalized("trim", "  a b  ")).isEqualTo("a b");
        assertThat(normalized("lower", " AbC ")).isEqualTo(" abc ");
        assertThat(normalized("upper", "straße")).isEqualTo("STRASSE");
        assertThat(normalized("lower-trim", "  A@Example.COM\t")).isEqualTo("a@example.com");
        assertThat(normalized("upper-trim", " cn ")).isEqualTo("CN");
        assertThat(normalized("collapse-spaces", "  a \t\n b\u00a0 c  ")).isEqualTo("a b c");
        assertThat(normalized("digits-only", "+86 (138) 1234-5678")).isEqualTo("8613812345678");
    }

    private static Object normalized(String op, String value) {
        QualityGate gate = gate(
                "{\"name\": \"n\", \"cleansing\": [{\"normalize\": {\"column\": \"v\", \"op\": \"" + op + "\"}}]}",
                KEYED);
        return gate.newSession()
                .apply(List.<Object[]>of(keyed(1, value, 1)))
                .accepted()
                .get(0)[1];
    }

    @Test
    void hashMaskingIsAKeyedHmac() {
        byte[] key = "key".getBytes(StandardCharsets.US_ASCII);
        assertThat(masked("hash", "The quick brown fox jumps over the lazy dog", key))
                .as("RFC 4231-style known answer of HMAC-SHA256")
                .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
        assertThat(masked("hash", "13812345678", key)).isEqualTo(masked("hash", "13812345678", key));
        assertThat(masked("hash", "13812345678", key))
                .isNotEqualTo(masked("hash", "13812345678", "other".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void tokenMaskingIsShortDeterministicAndUnlikeTheHash() {
        byte[] key = "key".getBytes(StandardCharsets.US_ASCII);
        String token = masked("token", "alice@example.com", key);

        assertThat(token).matches("tok_[a-z2-7]{20}");
        assertThat(masked("token", "alice@example.com", key)).isEqualTo(token);
        assertThat(masked("token", "bob@example.com", key)).isNotEqualTo(token);
        assertThat(masked("hash", "alice@example.com", key)).doesNotContain(token.substring(4, 12));
    }

    @Test
    void partialMaskingKeepsTheEnd() {
        assertThat(masked("partial", "13812345678", null)).isEqualTo("*******5678");
        assertThat(masked("partial", "abc", null)).as("too short to show any").isEqualTo("***");
        assertThat(masked("partial", "ab😀cdef", null)).isEqualTo("***cdef");
    }

    private static String masked(String method, String value, byte[] key) {
        QualityGate gate = gate(
                "{\"name\": \"m\", \"cleansing\": [{\"mask\": {\"column\": \"v\", \"method\": \"" + method + "\"}}]}",
                KEYED,
                key);
        return gate.newSession()
                .apply(List.<Object[]>of(keyed(1, value, 1)))
                .accepted()
                .get(0)[1]
                .toString();
    }

    @Test
    void zscoreOutliersAreQuarantinedOnceEnoughValuesWereSeen() {
        QualityGate gate = gate("""
                {"name": "z", "cleansing": [{"outliers": {"column": "at", "method": "zscore"}}],
                 "checks": [{"name": "v", "column": "v", "required": true, "severity": "warn"}]}""", KEYED);
        QualityGate.Session session = gate.newSession();
        List<Object[]> few = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            few.add(keyed(i, "x", 100 + i % 5));
        }
        few.add(keyed(20, "x", 10_000));
        List<Object[]> more = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            more.add(keyed(i, "x", 100 + i % 5));
        }
        more.add(keyed(80, "x", 10_000));

        QualityGate.Outcome first = session.apply(few);
        QualityGate.Outcome second = session.apply(more);

        assertThat(first.rejected()).as("21 values are too few to judge").isEmpty();
        assertThat(first.tally().checks().get("outliers:at").evaluated()).isZero();
        assertThat(second.rejected()).singleElement().satisfies(rejected -> {
            assertThat(rejected.inputRow()).isEqualTo(80);
            assertThat(rejected.action()).isEqualTo(Severity.QUARANTINE);
            Violation violation = rejected.violations().get(0);
            assertThat(violation.check()).isEqualTo("outliers:at");
            assertThat(violation.dimension()).isEqualTo(Dimension.ACCURACY);
            assertThat(violation.reason()).startsWith("10000 is ").contains("standard deviations from the mean");
        });
        assertThat(session.total().checks().keySet())
                .as("outlier steps are tallied first")
                .containsExactly("outliers:at", "v");
        assertThat(second.tally().checks().get("outliers:at"))
                .isEqualTo(new CheckTally(Dimension.ACCURACY, Severity.QUARANTINE, 81, 1));
    }

    @Test
    void iqrOutliersAreOutsideTheFencesAroundTheQuartiles() {
        QualityGate gate = gate("""
                {"name": "iqr", "cleansing": [{"name": "at-range", "outliers": {"column": "at", "method": "iqr"}}]}""", KEYED);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            rows.add(keyed(i, "x", i));
        }
        rows.add(keyed(101, "x", 250)); // Q1 25.5, Q3 76.5, IQR 51: fences at -51 and 153
        rows.add(keyed(102, "x", 150));
        rows.add(keyed(103, "x", -100));

        QualityGate.Outcome outcome = gate.newSession().apply(rows);

        assertThat(outcome.rejected())
                .extracting(QualityGate.Rejected::inputRow)
                .containsExactly(100, 102);
        assertThat(outcome.rejected().get(0).violations().get(0).check()).isEqualTo("at-range");
        assertThat(OutlierStep.quantile(new double[] {1, 2, 3, 4}, 0.25)).isEqualTo(1.75);
    }
}

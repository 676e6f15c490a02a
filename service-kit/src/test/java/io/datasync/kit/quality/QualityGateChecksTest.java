package io.datasync.kit.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.models.problem.FieldError;
import io.datasync.models.quality.CheckTally;
import io.datasync.models.quality.Dimension;
import io.datasync.models.quality.QualityTally;
import io.datasync.models.quality.Severity;
import io.datasync.models.quality.Violation;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class QualityGateChecksTest {

    private static final String ALL_CHECKS = """
            {"name": "orders",
             "checks": [
               {"name": "name-required", "column": "name", "required": true},
               {"name": "email-format", "column": "email", "format": "email"},
               {"name": "amount-not-negative", "column": "amount", "range": {"min": 0}},
               {"name": "id-unique", "column": "id", "unique": "run"},
               {"name": "fresh", "column": "updated_at", "freshness": {"maxAge": "30d"}},
               {"name": "status-known", "column": "status", "allowed": ["new", "paid"]},
               {"name": "name-length", "column": "name", "length": {"min": 1, "max": 50}},
               {"name": "within-limit", "rule": "amount <= credit_limit"},
               {"name": "code-format", "column": "code", "format": {"regex": "C\\\\d{3}"}},
               {"name": "qty-int", "column": "qty", "type": "int"},
               {"name": "country-known", "column": "country", "reference": {"table": "ref.countries", "column": "code"}}
             ]}
            """;

    private static final Lookup COUNTRIES = (table, column, values) ->
            values.stream().filter(Set.of("CN", "US", "DE")::contains).collect(Collectors.toSet());

    private static QualityGate gate(String json) {
        return QualityGate.compile(
                Orders.ruleSet(json),
                Orders.COLUMNS,
                new QualityGate.Settings(Severity.QUARANTINE, null, Orders.CLOCK, COUNTRIES));
    }

    /** Which input rows broke each check. */
    private static Map<String, List<Integer>> brokenRows(QualityGate.Outcome outcome) {
        Map<String, List<Integer>> rows = new TreeMap<>();
        for (QualityGate.Rejected rejected : outcome.rejected()) {
            for (Violation violation : rejected.violations()) {
                rows.computeIfAbsent(violation.check(), c -> new ArrayList<>()).add(rejected.inputRow());
            }
        }
        return rows;
    }

    @Test
    void eachCheckFindsExactlyItsDefects() {
        QualityGate.Outcome outcome = gate(ALL_CHECKS).newSession().apply(Orders.rows());

        assertThat(brokenRows(outcome))
                .containsOnly(
                        Map.entry("name-required", List.of(40, 41, 42, 43)),
                        Map.entry("email-format", List.of(10, 20)),
                        Map.entry("amount-not-negative", List.of(30, 31, 32)),
                        Map.entry("id-unique", List.of(98, 99)),
                        Map.entry("fresh", List.of(50)),
                        Map.entry("status-known", List.of(60)),
                        Map.entry("name-length", List.of(70)),
                        Map.entry("within-limit", List.of(80)),
                        Map.entry("code-format", List.of(90)),
                        Map.entry("qty-int", List.of(91)),
                        Map.entry("country-known", List.of(92)));
        Map<String, CheckTally> checks = outcome.tally().checks();
        assertThat(checks.keySet())
                .as("in rule set order")
                .containsExactly(
                        "name-required",
                        "email-format",
                        "amount-not-negative",
                        "id-unique",
                        "fresh",
                        "status-known",
                        "name-length",
                        "within-limit",
                        "code-format",
                        "qty-int",
                        "country-known");
        assertThat(checks.get("name-required"))
                .isEqualTo(new CheckTally(Dimension.COMPLETENESS, Severity.QUARANTINE, 100, 4));
        assertThat(checks.get("name-length"))
                .as("nulls are completeness's business: not evaluated by length")
                .isEqualTo(new CheckTally(Dimension.VALIDITY, Severity.QUARANTINE, 96, 1));
        assertThat(checks.get("id-unique"))
                .isEqualTo(new CheckTally(Dimension.UNIQUENESS, Severity.QUARANTINE, 100, 2));
        assertThat(checks.get("fresh").dimension()).isEqualTo(Dimension.TIMELINESS);
        assertThat(checks.get("within-limit").dimension()).isEqualTo(Dimension.CONSISTENCY);
        assertThat(checks.get("country-known").dimension()).isEqualTo(Dimension.CONSISTENCY);

        QualityTally tally = outcome.tally();
        assertThat(tally.rowsIn()).isEqualTo(100);
        assertThat(tally.rowsQuarantined()).isEqualTo(18);
        assertThat(tally.rowsPassed()).isEqualTo(82);
        assertThat(outcome.accepted()).hasSize(82);
        assertThat(outcome.failure()).isNull();
    }

    @Test
    void violationsSayWhatWasWrong() {
        QualityGate.Outcome outcome = gate(ALL_CHECKS).newSession().apply(Orders.rows());
        Map<String, String> reasons = outcome.rejected().stream()
                .flatMap(r -> r.violations().stream())
                .collect(Collectors.toMap(Violation::check, Violation::reason, (a, b) -> a));

        assertThat(reasons.get("email-format")).isEqualTo("'not-an-email' is not an email address");
        assertThat(reasons.get("amount-not-negative")).isEqualTo("-1.00 is below the minimum 0");
        assertThat(reasons.get("id-unique")).isEqualTo("6 appeared before in this run");
        assertThat(reasons.get("name-required")).isEqualTo("is missing");
        assertThat(reasons.get("fresh")).endsWith(" is older than 30d");
        assertThat(reasons.get("within-limit")).isEqualTo("rule 'amount <= credit_limit' does not hold");
        assertThat(reasons.get("country-known")).isEqualTo("'ZZ' is not in ref.countries.code");
        assertThat(reasons.get("qty-int")).isEqualTo("'many' is not an int");
    }

    @Test
    void aCheckMessageComesBeforeTheReason() {
        QualityGate gate = gate("""
                {"name": "m", "checks": [{"name": "email", "column": "email", "format": "email",
                                          "message": "customers must be reachable"}]}""");
        QualityGate.Outcome outcome = gate.newSession().apply(Orders.rows());
        assertThat(outcome.rejected().get(0).violations().get(0).reason())
                .isEqualTo("customers must be reachable: 'not-an-email' is not an email address");
    }

    @Test
    void theWorstSeverityOfARowDecidesItsAction() {
        QualityGate gate = gate("""
                {"name": "severities", "checks": [
                  {"name": "warn-amount", "column": "amount", "range": {"max": 100}, "severity": "warn"},
                  {"name": "drop-status", "column": "status", "allowed": ["new"], "severity": "drop"},
                  {"name": "quarantine-code", "column": "code", "allowed": ["C000", "C001", "C002"],
                   "severity": "quarantine"}
                ]}""");
        List<Object[]> rows = List.of(
                row(1, "5", "new", "C000"), // passes
                row(2, "500", "new", "C000"), // warn only: accepted
                row(3, "500", "paid", "C000"), // warn + drop: dropped
                row(4, "500", "paid", "C999"), // warn + drop + quarantine: quarantined
                row(5, "5", "new", "C999")); // quarantine

        QualityGate.Outcome outcome = gate.newSession().apply(rows);

        assertThat(outcome.inputRows()).containsExactly(0, 1);
        assertThat(outcome.rejected())
                .extracting(QualityGate.Rejected::inputRow, QualityGate.Rejected::action)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2, Severity.DROP),
                        org.assertj.core.groups.Tuple.tuple(3, Severity.QUARANTINE),
                        org.assertj.core.groups.Tuple.tuple(4, Severity.QUARANTINE));
        assertThat(outcome.rejected().get(1).violations())
                .extracting(Violation::check)
                .as("every check ran: no short-cut")
                .containsExactly("warn-amount", "drop-status", "quarantine-code");
        QualityTally tally = outcome.tally();
        assertThat(tally.rowsPassed()).isEqualTo(1);
        assertThat(tally.rowsWarned()).isEqualTo(1);
        assertThat(tally.rowsDropped()).isEqualTo(1);
        assertThat(tally.rowsQuarantined()).isEqualTo(2);
        assertThat(tally.checks().get("warn-amount").violations()).isEqualTo(3);
    }

    @Test
    void aFailViolationIsReportedAndItsRowCountsAsDropped() {
        QualityGate gate = gate("""
                {"name": "fail", "checks": [
                  {"name": "amount-positive", "column": "amount", "range": {"min": 0}, "severity": "fail"}]}""");
        QualityGate.Outcome outcome = gate.newSession().apply(Orders.rows());

        assertThat(outcome.failure().inputRow()).isEqualTo(30);
        assertThat(outcome.failure().violation().check()).isEqualTo("amount-positive");
        assertThat(outcome.rejected()).extracting(QualityGate.Rejected::action).containsOnly(Severity.FAIL);
        assertThat(outcome.tally().rowsDropped()).isEqualTo(3);
        assertThat(outcome.tally().rowsQuarantined()).isZero();
    }

    @Test
    void checksWithoutSeverityTakeTheJobsDefault() {
        QualityGate gate = QualityGate.compile(
                Orders.ruleSet(ALL_CHECKS),
                Orders.COLUMNS,
                new QualityGate.Settings(Severity.DROP, null, Orders.CLOCK, COUNTRIES));
        QualityGate.Outcome outcome = gate.newSession().apply(Orders.rows());
        assertThat(outcome.tally().rowsDropped()).isEqualTo(18);
        assertThat(outcome.tally().checks().values())
                .extracting(CheckTally::severity)
                .containsOnly(Severity.DROP);
    }

    @Test
    void theTallyAccountsForEveryRow() {
        QualityGate gate = gate("""
                {"name": "all",
                 "cleansing": [{"nulls": {"column": "name", "action": "drop-row"}},
                               {"dedupe": {"keys": ["id"]}}],
                 "checks": [
                   {"name": "warn-status", "column": "status", "allowed": ["new"], "severity": "warn"},
                   {"name": "drop-email", "column": "email", "format": "email", "severity": "drop"},
                   {"name": "q-amount", "column": "amount", "range": {"min": 0}},
                   {"name": "fail-code", "column": "code", "format": {"regex": "C\\\\d+"}, "severity": "fail"}]}""");
        QualityTally t = gate.newSession().apply(Orders.rows()).tally();

        assertThat(t.rowsIn())
                .isEqualTo(
                        t.rowsPassed() + t.rowsWarned() + t.rowsDropped() + t.rowsQuarantined() + t.rowsDeduplicated());
        assertThat(t.rowsDeduplicated()).isEqualTo(2);
        assertThat(t.rowsDropped())
                .as("4 null names, 2 bad emails, 1 failed code")
                .isEqualTo(7);
        assertThat(t.rowsQuarantined()).isEqualTo(3);
        assertThat(t.nulls())
                .containsEntry("name", 0L)
                .containsEntry("email", 0L)
                .hasSize(10);
    }

    @Test
    void theInputRowsAreNeverChangedAndUnchangedRowsAreNotCopied() {
        QualityGate gate = gate("""
                {"name": "clean",
                 "cleansing": [{"normalize": {"column": "email", "op": "upper"}},
                               {"nulls": {"column": "name", "action": "default", "value": "unknown"}}],
                 "checks": [{"name": "a", "column": "amount", "range": {"min": 0}}]}""");
        List<Object[]> rows = Orders.rows();
        rows.forEach(row -> row[Orders.EMAIL] = ((String) row[Orders.EMAIL]).toUpperCase(java.util.Locale.ROOT));
        List<Object[]> before = Orders.copy(rows);

        QualityGate.Outcome outcome = gate.newSession().apply(rows);

        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i)).containsExactly(before.get(i));
        }
        assertThat(outcome.accepted().get(0))
                .as("nothing to change: the caller's array")
                .isSameAs(rows.get(0));
        int row40 = Arrays.binarySearch(outcome.inputRows(), 40);
        assertThat(outcome.accepted().get(row40)).isNotSameAs(rows.get(40));
        assertThat(outcome.accepted().get(row40)[Orders.NAME]).isEqualTo("unknown");
        assertThat(outcome.rejected().get(0).row()).as("rejected rows as given").isSameAs(rows.get(30));
    }

    @Test
    void typeChecksParseTextAndAcceptCompatibleValues() {
        assertThat(ValueChecks.isOfType(" 42 ", CheckKind.TypeName.INT)).isTrue();
        assertThat(ValueChecks.isOfType("3000000000", CheckKind.TypeName.INT)).isFalse();
        assertThat(ValueChecks.isOfType("3000000000", CheckKind.TypeName.BIGINT))
                .isTrue();
        assertThat(ValueChecks.isOfType(3_000_000_000L, CheckKind.TypeName.INT)).isFalse();
        assertThat(ValueChecks.isOfType(42L, CheckKind.TypeName.INT)).isTrue();
        assertThat(ValueChecks.isOfType("1.5", CheckKind.TypeName.INT)).isFalse();
        assertThat(ValueChecks.isOfType("1.5e3", CheckKind.TypeName.DECIMAL)).isTrue();
        assertThat(ValueChecks.isOfType("NaN", CheckKind.TypeName.DOUBLE)).isTrue();
        assertThat(ValueChecks.isOfType("NaN", CheckKind.TypeName.DECIMAL)).isFalse();
        assertThat(ValueChecks.isOfType("yes", CheckKind.TypeName.BOOLEAN)).isTrue();
        assertThat(ValueChecks.isOfType(1, CheckKind.TypeName.BOOLEAN)).isFalse();
        assertThat(ValueChecks.isOfType("2024-02-29", CheckKind.TypeName.DATE)).isTrue();
        assertThat(ValueChecks.isOfType("2023-02-29", CheckKind.TypeName.DATE)).isFalse();
        assertThat(ValueChecks.isOfType(LocalDate.of(2024, 1, 1), CheckKind.TypeName.DATE))
                .isTrue();
        assertThat(ValueChecks.isOfType("2024-01-01 10:00:00", CheckKind.TypeName.TIMESTAMP))
                .isTrue();
        assertThat(ValueChecks.isOfType("2024-01-01T10:00:00+02:00", CheckKind.TypeName.TIMESTAMP))
                .isTrue();
        assertThat(ValueChecks.isOfType("2024-01-01", CheckKind.TypeName.TIMESTAMP))
                .isFalse();
        assertThat(ValueChecks.isOfType("123e4567-e89b-12d3-a456-426614174000", CheckKind.TypeName.UUID))
                .isTrue();
        assertThat(ValueChecks.isOfType("123e4567-e89b-12d3-a456-42661417400", CheckKind.TypeName.UUID))
                .isFalse();
        assertThat(ValueChecks.isOfType("{\"a\": [1, 2]}", CheckKind.TypeName.JSON))
                .isTrue();
        assertThat(ValueChecks.isOfType("{\"a\": 1} x", CheckKind.TypeName.JSON))
                .isFalse();
        assertThat(ValueChecks.isOfType(new BigDecimal("2"), CheckKind.TypeName.JSON))
                .isTrue();
    }

    @Test
    void rangesCompareNumbersDatesAndNumericText() {
        List<QualityColumn> columns = List.of(
                new QualityColumn("n", "INT"),
                new QualityColumn("d", "DATE"),
                new QualityColumn("t", "TEXT"),
                new QualityColumn("x", "DOUBLE"));
        QualityGate gate = QualityGate.compile(Orders.ruleSet("""
                        {"name": "ranges", "checks": [
                          {"name": "n", "column": "n", "range": {"min": 0.5, "max": 10, "maxInclusive": false}},
                          {"name": "d", "column": "d", "range": {"min": "2024-01-01", "max": "2024-12-31"}},
                          {"name": "t", "column": "t", "range": {"min": -1, "max": 1}},
                          {"name": "x", "column": "x", "range": {"min": 0, "minInclusive": false}}]}"""), columns, QualityGate.Settings.defaults());
        List<Object[]> rows = List.of(
                new Object[] {1, LocalDate.of(2024, 1, 1), "0.5", 0.1},
                new Object[] {0, LocalDate.of(2023, 12, 31), " 1 ", 0.0},
                new Object[] {10, LocalDate.of(2025, 1, 1), "abc", Double.NaN},
                new Object[] {9, LocalDate.of(2024, 12, 31), "-2", 5.0});

        Map<String, CheckTally> checks = gate.newSession().apply(rows).tally().checks();

        assertThat(checks.get("n").violations())
                .as("0 is below 0.5, 10 is not below 10")
                .isEqualTo(2);
        assertThat(checks.get("d").violations()).isEqualTo(2);
        assertThat(checks.get("t").violations())
                .as("'abc' is not a number, -2 is below -1")
                .isEqualTo(2);
        assertThat(checks.get("x").violations())
                .as("0.0 is not above 0, NaN is no number")
                .isEqualTo(2);
    }

    @Test
    void allowedValuesCompareNumericallyOnNumericColumns() {
        QualityGate gate = QualityGate.compile(
                Orders.ruleSet("""
                        {"name": "allowed", "checks": [
                          {"name": "n", "column": "n", "allowed": [1, 2.5, "3"]},
                          {"name": "b", "column": "b", "allowed": [true]}]}"""),
                List.of(new QualityColumn("n", "DECIMAL"), new QualityColumn("b", "BOOLEAN")),
                QualityGate.Settings.defaults());
        List<Object[]> rows = List.of(
                new Object[] {new BigDecimal("1.00"), true},
                new Object[] {new BigDecimal("2.50"), false},
                new Object[] {new BigDecimal("3"), true},
                new Object[] {new BigDecimal("4"), null});

        Map<String, CheckTally> checks = gate.newSession().apply(rows).tally().checks();

        assertThat(checks.get("n")).isEqualTo(new CheckTally(Dimension.VALIDITY, Severity.QUARANTINE, 4, 1));
        assertThat(checks.get("b")).isEqualTo(new CheckTally(Dimension.VALIDITY, Severity.QUARANTINE, 3, 1));
    }

    @Test
    void lengthCountsCodePoints() {
        QualityGate gate = QualityGate.compile(
                Orders.ruleSet("""
                        {"name": "len", "checks": [{"name": "l", "column": "t", "length": {"min": 2, "max": 3}}]}"""), List.of(new QualityColumn("t", "TEXT")), QualityGate.Settings.defaults());
        List<Object[]> rows = List.of(
                new Object[] {"😀😀😀"}, // 3 code points, 6 chars: passes
                new Object[] {"😀"}, // 1 code point, 2 chars: too short
                new Object[] {"abcd"},
                new Object[] {"ab"});

        assertThat(gate.newSession().apply(rows).rejected())
                .extracting(QualityGate.Rejected::inputRow)
                .containsExactly(1, 2);
    }

    @Test
    void ruleFailuresAndNonBooleanResultsAreViolations() {
        QualityGate gate = QualityGate.compile(
                Orders.ruleSet("""
                        {"name": "rules", "checks": [{"name": "r", "rule": "a > 1"},
                                                      {"name": "s", "rule": "b"}]}"""),
                List.of(new QualityColumn("a", "TEXT"), new QualityColumn("b", "TEXT")),
                QualityGate.Settings.defaults());
        QualityGate.Outcome outcome = gate.newSession().apply(List.<Object[]>of(new Object[] {"x", "yes"}));
        List<String> reasons = outcome.rejected().get(0).violations().stream()
                .map(Violation::reason)
                .toList();
        assertThat(reasons.get(0)).startsWith("rule 'a > 1' could not be evaluated: ");
        assertThat(reasons.get(1)).isEqualTo("rule 'b' gave 'yes', not true or false");
        assertThat(outcome.tally().checks().get("r").evaluated()).isEqualTo(1);
    }

    @Test
    void formatsOfEveryKind() {
        QualityGate gate = QualityGate.compile(
                Orders.ruleSet("""
                        {"name": "formats", "checks": [
                          {"name": "phone", "column": "phone", "format": "phone"},
                          {"name": "url", "column": "url", "format": "url"},
                          {"name": "uuid", "column": "uuid", "format": "uuid"},
                          {"name": "json", "column": "json", "format": "json"},
                          {"name": "date", "column": "date", "format": {"date": "dd.MM.yyyy"}}]}"""),
                List.of(
                        new QualityColumn("phone", "TEXT"),
                        new QualityColumn("url", "TEXT"),
                        new QualityColumn("uuid", "TEXT"),
                        new QualityColumn("json", "JSON"),
                        new QualityColumn("date", "TEXT")),
                QualityGate.Settings.defaults());
        List<Object[]> rows = List.of(
                new Object[] {
                    "+49 (30) 123-4567",
                    "https://example.com/a?b=c",
                    "123E4567-E89B-12D3-A456-426614174000",
                    "[1, {\"a\": null}]",
                    "29.02.2024"
                },
                new Object[] {"12345", "ftp://example.com", "not-a-uuid", "{", "29.02.2023"},
                new Object[] {"+1234567890123456", "https://", null, "1 2", "2024-02-01"});

        Map<String, CheckTally> checks = gate.newSession().apply(rows).tally().checks();

        assertThat(checks)
                .allSatisfy((name, tally) ->
                        assertThat(tally.violations()).as(name).isEqualTo(name.equals("uuid") ? 1 : 2));
    }

    @Test
    void compilingReportsEveryColumnProblemAtItsPointer() {
        QualityRuleSet set = Orders.ruleSet("""
                {"name": "bad",
                 "cleansing": [{"normalize": {"column": "amount", "op": "trim"}},
                               {"nulls": {"column": "email", "action": "drop-field"}},
                               {"mask": {"column": "name", "method": "hash"}},
                               {"nulls": {"column": "amount", "action": "default", "value": "lots"}},
                               {"outliers": {"column": "status", "method": "zscore"}}],
                 "checks": [
                   {"name": "a", "column": "nope", "required": true},
                   {"name": "b", "column": "email", "required": true},
                   {"name": "c", "column": "amount", "length": {"max": 3}},
                   {"name": "d", "column": "updated_at", "range": {"min": 0}},
                   {"name": "e", "column": "amount", "allowed": ["x"]},
                   {"name": "f", "rule": "missing_column > 1"}]}""");

        assertThatThrownBy(() -> QualityGate.compile(set, Orders.COLUMNS, QualityGate.Settings.defaults()))
                .isInstanceOfSatisfying(
                        InvalidQualityRuleSetException.class,
                        e -> assertThat(e.errors())
                                .extracting(FieldError::pointer)
                                .containsExactly(
                                        "/cleansing/0/normalize/column",
                                        "/cleansing/2/mask/method",
                                        "/cleansing/3/nulls/value",
                                        "/cleansing/4/outliers/column",
                                        "/checks/0/column",
                                        "/checks/1/column",
                                        "/checks/2/column",
                                        "/checks/3/range",
                                        "/checks/4/allowed/0",
                                        "/checks/5/rule"));
        assertThatThrownBy(() -> QualityGate.compile(set, Orders.COLUMNS, QualityGate.Settings.defaults()))
                .isInstanceOfSatisfying(InvalidQualityRuleSetException.class, e -> {
                    Map<String, String> messages = e.errors().stream()
                            .collect(Collectors.toMap(FieldError::pointer, FieldError::message, (a, b) -> a));
                    assertThat(messages.get("/checks/0/column"))
                            .isEqualTo("no column 'nope' in the rows (columns: id, name, email, amount, credit_limit,"
                                    + " status, updated_at, code, qty, country)");
                    assertThat(messages.get("/checks/1/column"))
                            .isEqualTo("column 'email' is dropped by /cleansing/1 before this");
                    assertThat(messages.get("/cleansing/0/normalize/column"))
                            .isEqualTo("'amount' is DECIMAL; normalize works on TEXT columns");
                });
    }

    @Test
    void dropFieldLeavesTheColumnOutOfTheOutput() {
        QualityGate gate = QualityGate.compile(Orders.ruleSet("""
                        {"name": "drop", "cleansing": [{"nulls": {"column": "qty", "action": "drop-field"}}]}"""), Orders.COLUMNS, QualityGate.Settings.defaults());
        assertThat(gate.outputColumns())
                .extracting(QualityColumn::name)
                .doesNotContain("qty")
                .hasSize(9);
        QualityGate.Outcome outcome = gate.newSession().apply(Orders.rows());
        assertThat(outcome.accepted()).allSatisfy(row -> assertThat(row).hasSize(9));
        assertThat(outcome.accepted().get(92)[8])
                .as("country moved into qty's place")
                .isEqualTo("ZZ");
        assertThat(outcome.tally().nulls()).doesNotContainKey("qty");
    }

    @Test
    void lookupsAreAskedOncePerChunkWithDistinctValues() {
        List<Collection<Object>> asked = new ArrayList<>();
        Lookup target = (table, column, values) -> {
            asked.add(values);
            assertThat(table).isNull();
            assertThat(column).isEqualTo("country");
            return Set.of("CN");
        };
        QualityGate gate = QualityGate.compile(
                Orders.ruleSet("""
                        {"name": "t", "checks": [{"name": "new-country", "column": "country", "unique": "target"}]}"""), Orders.COLUMNS, new QualityGate.Settings(null, null, Orders.CLOCK, target));
        QualityGate.Outcome outcome = gate.newSession().apply(Orders.rows());

        assertThat(asked).hasSize(1);
        assertThat(new TreeSet<>(asked.get(0).stream().map(String::valueOf).toList()))
                .containsExactly("CN", "DE", "US", "ZZ");
        assertThat(outcome.tally().checks().get("new-country").violations())
                .as("rows 0, 3, …, 99")
                .isEqualTo(34);
    }

    @Test
    void aGateWithoutLookupRefusesToAsk() {
        QualityGate gate = QualityGate.compile(Orders.ruleSet("""
                        {"name": "t", "checks": [{"name": "id", "column": "id", "unique": "target"}]}"""), Orders.COLUMNS, QualityGate.Settings.defaults());
        assertThatThrownBy(() -> gate.newSession().apply(Orders.rows()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no target lookup");
    }

    private static Object[] row(long id, String amount, String status, String code) {
        Object[] row = Orders.rows().get(0).clone();
        row[Orders.ID] = id;
        row[Orders.AMOUNT] = new BigDecimal(amount);
        row[Orders.STATUS] = status;
        row[7] = code;
        return row;
    }
}

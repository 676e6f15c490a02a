package io.datasync.kit.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.models.problem.FieldError;
import io.datasync.models.quality.Dimension;
import io.datasync.models.quality.Severity;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class QualityRuleSetsTest {

    private static final String FULL = """
            {"name": "orders-quality",
             "description": "what the orders must look like",
             "weights": {"completeness": 2, "validity": 0.5},
             "cleansing": [
               {"nulls": {"column": "country", "action": "default", "value": "CN"}},
               {"nulls": {"column": "meta", "action": "default", "value": {"a": [1, "x"]}}},
               {"nulls": {"column": "note", "action": "drop-field"}},
               {"name": "newest-only", "dedupe": {"keys": ["id"], "keep": "newest", "by": "updated_at"}},
               {"dedupe": {"keys": ["id", "line"]}},
               {"normalize": {"column": "email", "op": "lower-trim"}},
               {"mask": {"column": "phone", "method": "partial", "keep": 3}},
               {"mask": {"column": "ssn", "method": "token"}},
               {"outliers": {"column": "amount", "method": "zscore", "threshold": 4}},
               {"name": "qty-outliers", "outliers": {"column": "qty", "method": "iqr"}}
             ],
             "checks": [
               {"name": "name-required", "column": "name", "required": true, "severity": "warn"},
               {"name": "qty-int", "column": "qty", "type": "int"},
               {"name": "email-format", "column": "email", "format": "email", "message": "reachable customers"},
               {"name": "code-format", "column": "code", "format": {"regex": "C[0-9]{3}"}},
               {"name": "day-format", "column": "day", "format": {"date": "dd.MM.yyyy"}},
               {"name": "amount-range", "column": "amount", "range": {"min": 0, "max": 1.50, "maxInclusive": false}},
               {"name": "day-range", "column": "day", "range": {"min": "2024-01-01"}},
               {"name": "status", "column": "status", "allowed": ["new", 2, true], "dimension": "consistency"},
               {"name": "name-length", "column": "name", "length": {"min": 1, "max": 80}},
               {"name": "id-unique", "column": "id", "unique": "run", "severity": "fail"},
               {"name": "email-new", "column": "email", "unique": "target"},
               {"name": "country-known", "column": "country",
                "reference": {"table": "public.countries", "column": "code"}},
               {"name": "fresh", "column": "updated_at", "freshness": {"maxAge": "30d"}},
               {"name": "within-limit", "rule": "amount <= credit_limit"}
             ]}
            """;

    @Test
    void readsEveryKindOfStepAndCheck() {
        QualityRuleSet set = Orders.ruleSet(FULL);

        assertThat(set.name()).isEqualTo("orders-quality");
        assertThat(set.weights())
                .containsExactly(Map.entry(Dimension.COMPLETENESS, 2.0), Map.entry(Dimension.VALIDITY, 0.5));
        assertThat(set.weight(Dimension.TIMELINESS)).isEqualTo(1.0);
        assertThat(set.cleansing()).hasSize(10);
        assertThat(set.cleansing().get(3))
                .isEqualTo(new CleansingStep.Dedupe(
                        "newest-only", List.of("id"), CleansingStep.Keep.NEWEST, "updated_at"));
        assertThat(set.cleansing().get(4))
                .isEqualTo(new CleansingStep.Dedupe(null, List.of("id", "line"), CleansingStep.Keep.FIRST, null));
        assertThat(set.cleansing().get(7))
                .isEqualTo(new CleansingStep.Mask(null, "ssn", CleansingStep.MaskMethod.TOKEN, null));
        assertThat(((CleansingStep.Outliers) set.cleansing().get(9)).threshold())
                .isEqualTo(1.5);
        assertThat(set.talliedNames())
                .startsWith("outliers:amount", "qty-outliers", "name-required")
                .hasSize(16);

        CheckSpec range = set.checks().get(5);
        assertThat(range.kind()).isEqualTo(new CheckKind.Range(BigDecimal.ZERO, new BigDecimal("1.5"), true, false));
        assertThat(range.severity()).as("left to the job").isNull();
        assertThat(range.severityOr(Severity.DROP)).isEqualTo(Severity.DROP);
        assertThat(set.checks().get(6).kind())
                .isEqualTo(new CheckKind.Range(LocalDate.of(2024, 1, 1), null, true, true));
        assertThat(set.checks().get(7).kind())
                .isEqualTo(new CheckKind.Allowed(List.of("new", new BigDecimal("2"), true)));
        assertThat(set.checks().get(7).dimension()).isEqualTo(Dimension.CONSISTENCY);
        assertThat(set.checks().get(9).severity()).isEqualTo(Severity.FAIL);
        assertThat(set.checks().get(12).kind()).isEqualTo(new CheckKind.Freshness(Duration.ofDays(30)));
        assertThat(set.checks().get(13).column()).isNull();
        assertThat(set.checks().get(13).dimension()).isEqualTo(Dimension.CONSISTENCY);
    }

    @Test
    void theCanonicalJsonReadsBackToAnEqualSetAndIsStable() {
        QualityRuleSet set = Orders.ruleSet(FULL);
        JsonNode canonical = QualityRuleSets.toJson(set);

        assertThat(QualityRuleSets.parse(canonical)).isEqualTo(set);
        assertThat(QualityRuleSets.toJson(QualityRuleSets.parse(canonical))).isEqualTo(canonical);
        assertThat(canonical.get("checks").get(5).get("range").toString())
                .isEqualTo("{\"min\":0,\"max\":1.5,\"maxInclusive\":false}");
        assertThat(canonical.get("checks").get(7).has("dimension"))
                .as("not the kind's default")
                .isTrue();
        assertThat(canonical.get("checks").get(2).has("dimension")).isFalse();
        assertThat(canonical
                        .get("checks")
                        .get(12)
                        .get("freshness")
                        .get("maxAge")
                        .stringValue())
                .isEqualTo("30d");
        assertThat(canonical.get("cleansing").get(4).get("dedupe").get("keep").stringValue())
                .isEqualTo("first");
    }

    @Test
    void reportsEveryProblemAtOnceAtItsPointer() {
        assertErrors(
                """
                {"name": "bad name!", "extra": 1,
                 "weights": {"validity": -1, "beauty": 2},
                 "cleansing": [
                   {"dedupe": {"keys": ["id"], "keep": "newest"}},
                   {"nulls": {"column": "c", "action": "default"}},
                   {"mask": {"column": "p", "method": "hash", "keep": 2}},
                   {"normalize": {"column": "e", "op": "shout"}, "mask": {"column": "e", "method": "hash"}}
                 ],
                 "checks": [
                   {"name": "a", "column": "x", "range": {"min": "soon"}},
                   {"name": "b", "column": "x", "required": true, "allowed": ["y"]},
                   {"name": "c", "column": "x; drop table t", "format": {"regex": "(a"}},
                   {"name": "a", "column": "x", "length": {"min": 5, "max": 2}},
                   {"name": "e", "rule": "amount >", "column": "x"},
                   {"name": "f", "column": "x", "freshness": {"maxAge": "soon"}},
                   {"column": "x", "unique": "forever"},
                   {"name": "h", "column": "x", "reference": {"table": "a.b.c", "column": "id"}},
                   {"name": "i", "column": "x", "type": "int", "severity": "panic", "dimension": "beauty"}
                 ]}""",
                Map.ofEntries(
                        Map.entry("/name", "must be 1-128 letters"),
                        Map.entry("/extra", "unknown field 'extra'"),
                        Map.entry("/weights/validity", "must be from 0 to 1000"),
                        Map.entry("/weights/beauty", "unknown dimension 'beauty'"),
                        Map.entry("/cleansing/0/dedupe/by", "is required"),
                        Map.entry("/cleansing/1/nulls/value", "is required for the default action"),
                        Map.entry("/cleansing/2/mask/keep", "only partial masking keeps characters"),
                        Map.entry("/cleansing/3", "has normalize and mask; a step has exactly one kind"),
                        Map.entry("/checks/0/range/min", "expected a number, or an ISO-8601 date"),
                        Map.entry("/checks/1", "has required and allowed; a check has exactly one kind"),
                        Map.entry("/checks/2/column", "a column name must be letters, digits"),
                        Map.entry("/checks/2/format/regex", "is not a regular expression"),
                        Map.entry("/checks/3/length/max", "must not be less than min (5)"),
                        Map.entry("/checks/3/name", "'a' is already the name of /checks/0"),
                        Map.entry("/checks/4/column", "a rule reads the columns its expression names"),
                        Map.entry("/checks/4/rule", "CEL does not compile: line 1, column 9"),
                        Map.entry("/checks/5/freshness/maxAge", "'soon' is not a duration"),
                        Map.entry("/checks/6/name", "is required"),
                        Map.entry("/checks/6/unique", "expected one of run, target"),
                        Map.entry("/checks/7/reference/table", "a table name must be"),
                        Map.entry("/checks/8/severity", "expected one of warn, drop, quarantine, fail"),
                        Map.entry("/checks/8/dimension", "expected one of completeness, validity")));
    }

    @Test
    void refusesWhatCannotBeCheckedSafely() {
        assertErrors(
                """
                {"name": "unsafe", "checks": [
                  {"name": "a", "column": "x", "format": {"regex": "((a{1000}){1000}){1000}"}},
                  {"name": "b", "column": "x", "format": {"regex": "(?=a)b"}},
                  {"name": "c", "column": "x", "format": {"date": "yyyy-MM-dd qqqqqq"}},
                  {"name": "d", "rule": "amount * 2"},
                  {"name": "e", "rule": "'text'"},
                  {"name": "f", "column": "x", "required": false},
                  {"name": "g", "column": "x", "reference": {"table": "pg_catalog.pg_authid", "column": "rolname"}},
                  {"name": "h", "column": "x", "reference": {"table": "information_schema.tables", "column": "x"}}
                ]}""",
                Map.of(
                        "/checks/6/reference/table", "not a system catalog",
                        "/checks/7/reference/table", "not a system catalog",
                        "/checks/0/format/regex", "repeats too much",
                        "/checks/1/format/regex", "RE2 syntax",
                        "/checks/2/format/date", "is not a date pattern",
                        "/checks/3/rule", "a rule must be true or false, but this gives a number",
                        "/checks/4/rule", "a rule must be true or false, but this gives a string",
                        "/checks/5/required", "expected true"));
    }

    @Test
    void boundsTheSizeOfWhatItReads() {
        String checks = java.util.stream.IntStream.range(0, 201)
                .mapToObj(i -> "{\"name\": \"c" + i + "\", \"column\": \"x\", \"required\": true}")
                .collect(Collectors.joining(","));
        assertErrors("{\"name\": \"big\", \"checks\": [" + checks + "]}", Map.of("/checks", "at most 200"));
        String allowed = java.util.stream.IntStream.range(0, 1001)
                .mapToObj(Integer::toString)
                .collect(Collectors.joining(","));
        assertErrors(
                "{\"name\": \"big\", \"checks\": [{\"name\": \"a\", \"column\": \"x\", \"allowed\": [" + allowed
                        + "]}]}",
                Map.of("/checks/0/allowed", "at most 1000"));
        assertErrors(
                "{\"name\": \"big\", \"description\": \"" + "d".repeat(2001) + "\", \"checks\": []}",
                Map.of("/description", "at most 2000", "/checks", "at least one check or cleansing step"));
        assertErrors(
                "{\"name\": \"w\", \"weights\": {\"completeness\": 0, \"validity\": 0, \"uniqueness\": 0,"
                        + " \"consistency\": 0, \"timeliness\": 0, \"accuracy\": 0},"
                        + " \"checks\": [{\"name\": \"a\", \"column\": \"x\", \"required\": true}]}",
                Map.of("/weights", "must not all be zero"));
    }

    @Test
    void outlierStepsAndChecksShareOneNamespace() {
        assertErrors(
                """
                {"name": "names",
                 "cleansing": [{"outliers": {"column": "amount", "method": "iqr"}},
                               {"outliers": {"column": "amount", "method": "zscore"}},
                               {"name": "spread", "outliers": {"column": "qty", "method": "iqr"}}],
                 "checks": [{"name": "spread", "column": "qty", "required": true}]}""",
                Map.of(
                        "/cleansing/1/outliers/column", "'outliers:amount' is already the name of /cleansing/0",
                        "/checks/0/name", "'spread' is already the name of /cleansing/2"));
    }

    @Test
    void theExampleInTheJavadocIsValid() {
        QualityRuleSet set = Orders.ruleSet("""
                {
                  "name": "orders-quality",
                  "description": "optional text",
                  "weights": {"completeness": 2, "validity": 1},
                  "cleansing": [
                    {"nulls": {"column": "country", "action": "default", "value": "CN"}},
                    {"dedupe": {"keys": ["id"], "keep": "newest", "by": "updated_at"}},
                    {"normalize": {"column": "email", "op": "lower-trim"}},
                    {"name": "amount-outliers", "outliers": {"column": "amount", "method": "iqr"}}
                  ],
                  "checks": [
                    {"name": "email-valid", "column": "email", "format": "email", "severity": "quarantine"},
                    {"name": "amount-positive", "column": "amount", "range": {"min": 0, "minInclusive": false}},
                    {"name": "status-known", "column": "status", "allowed": ["new", "paid"], "severity": "warn"},
                    {"name": "within-limit", "rule": "amount <= credit_limit", "message": "over the credit limit"}
                  ]
                }""");
        assertThat(set.talliedNames())
                .containsExactly("amount-outliers", "email-valid", "amount-positive", "status-known", "within-limit");
    }

    @Test
    void refusesABodyThatIsNoObject() {
        assertErrors("[1, 2]", Map.of("/", "expected a JSON object"));
    }

    /** The parse fails with exactly these pointers, each message starting with or containing the text given. */
    private static void assertErrors(String json, Map<String, String> expected) {
        ThrowableAssert.ThrowingCallable parse = () -> QualityRuleSets.parse(Orders.json(json));
        assertThatThrownBy(parse).isInstanceOfSatisfying(InvalidQualityRuleSetException.class, e -> {
            Map<String, String> errors = e.errors().stream()
                    .collect(Collectors.toMap(FieldError::pointer, FieldError::message, (a, b) -> a + " | " + b));
            assertThat(errors.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
            expected.forEach((pointer, message) ->
                    assertThat(errors.get(pointer)).as(pointer).contains(message));
        });
    }
}

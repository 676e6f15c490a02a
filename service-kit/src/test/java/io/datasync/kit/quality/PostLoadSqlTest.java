package io.datasync.kit.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.models.quality.Dimension;
import io.datasync.models.quality.Severity;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PostLoadSqlTest {

    private static final QualityRuleSet SET = Orders.ruleSet("""
            {"name": "post",
             "cleansing": [{"outliers": {"column": "amount", "method": "iqr"}}],
             "checks": [
               {"name": "name-required", "column": "name", "required": true, "severity": "warn"},
               {"name": "amount-range", "column": "amount", "range": {"min": 0, "max": 100, "maxInclusive": false}},
               {"name": "day-range", "column": "day", "range": {"min": "2024-01-01"}},
               {"name": "status-known", "column": "status", "allowed": ["new", "paid"]},
               {"name": "level-known", "column": "level", "allowed": [1, 2.5]},
               {"name": "name-length", "column": "name", "length": {"min": 1, "max": 80}},
               {"name": "code-format", "column": "code", "format": {"regex": "C[0-9]{3}"}},
               {"name": "email-format", "column": "email", "format": "email"},
               {"name": "phone-format", "column": "phone", "format": "phone"},
               {"name": "id-unique", "column": "id", "unique": "run"},
               {"name": "country-known", "column": "country",
                "reference": {"table": "public.countries", "column": "code"}},
               {"name": "fresh", "column": "updated_at", "freshness": {"maxAge": "36h"}},
               {"name": "qty-int", "column": "qty", "type": "int"},
               {"name": "within-limit", "rule": "amount <= credit_limit"}
             ]}""");

    private static Map<String, PostLoadSql.Query> queries() {
        return PostLoadSql.queries(SET, "sales.orders", Severity.QUARANTINE).stream()
                .collect(Collectors.toMap(PostLoadSql.Query::check, Function.identity()));
    }

    @Test
    void pushesDownEachCheckThatSqlCanCount() {
        assertThat(PostLoadSql.queries(SET, "sales.orders"))
                .extracting(PostLoadSql.Query::check)
                .containsExactly(
                        "name-required",
                        "amount-range",
                        "day-range",
                        "status-known",
                        "level-known",
                        "name-length",
                        "code-format",
                        "email-format",
                        "id-unique",
                        "country-known",
                        "fresh");
        assertThat(PostLoadSql.skipped(SET))
                .extracting(PostLoadSql.Skipped::check)
                .containsExactly("outliers:amount", "phone-format", "qty-int", "within-limit");
        assertThat(PostLoadSql.skipped(SET))
                .allSatisfy(skipped -> assertThat(skipped.reason()).isNotBlank());
    }

    @Test
    void quotesIdentifiersAndBindsEveryValue() {
        Map<String, PostLoadSql.Query> queries = queries();

        assertThat(queries.get("name-required").sql())
                .isEqualTo("SELECT count(*) AS evaluated, count(*) FILTER (WHERE t.\"name\" IS NULL OR t.\"name\"::text"
                        + " ~ '^[[:space:]]*$') AS violations FROM \"sales\".\"orders\" AS t");
        assertThat(queries.get("name-required").severity()).isEqualTo(Severity.WARN);
        assertThat(queries.get("name-required").dimension()).isEqualTo(Dimension.COMPLETENESS);

        PostLoadSql.Query range = queries.get("amount-range");
        assertThat(range.sql())
                .isEqualTo("SELECT count(t.\"amount\") AS evaluated, count(*) FILTER (WHERE t.\"amount\" < ? OR"
                        + " t.\"amount\" >= ?) AS violations FROM \"sales\".\"orders\" AS t");
        assertThat(range.parameters()).containsExactly(BigDecimal.ZERO, new BigDecimal("100"));
        assertThat(range.severity()).as("the job's default").isEqualTo(Severity.QUARANTINE);
        assertThat(queries.get("day-range").parameters()).containsExactly(LocalDate.of(2024, 1, 1));

        assertThat(queries.get("status-known").sql()).contains("t.\"status\"::text NOT IN (?, ?)");
        assertThat(queries.get("status-known").parameters()).containsExactly("new", "paid");
        assertThat(queries.get("level-known").sql()).contains("t.\"level\" NOT IN (?, ?)");
        assertThat(queries.get("level-known").parameters()).containsExactly(BigDecimal.ONE, new BigDecimal("2.5"));

        assertThat(queries.get("name-length").sql())
                .contains("char_length(t.\"name\"::text) < ? OR char_length(t.\"name\"::text) > ?");
        assertThat(queries.get("name-length").parameters()).containsExactly(1, 80);

        assertThat(queries.get("code-format").sql()).contains("t.\"code\"::text !~ ?");
        assertThat(queries.get("code-format").parameters()).containsExactly("^(?:C[0-9]{3})$");
        assertThat(queries.get("email-format").parameters()).containsExactly(Formats.EMAIL_REGEX);

        assertThat(queries.get("id-unique").sql())
                .isEqualTo("SELECT count(*) AS evaluated, count(*) FILTER (WHERE d.n > 1) AS violations FROM (SELECT"
                        + " count(*) OVER (PARTITION BY t.\"id\") AS n FROM \"sales\".\"orders\" AS t WHERE t.\"id\""
                        + " IS NOT NULL) AS d");
        assertThat(queries.get("country-known").sql())
                .isEqualTo("SELECT count(*) AS evaluated, count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM"
                        + " \"public\".\"countries\" AS r WHERE r.\"code\" = t.\"country\")) AS violations FROM"
                        + " \"sales\".\"orders\" AS t WHERE t.\"country\" IS NOT NULL");
        assertThat(queries.get("fresh").sql()).contains("t.\"updated_at\" < now() - CAST(? AS interval)");
        assertThat(queries.get("fresh").parameters()).containsExactly("129600 seconds");

        assertThat(queries.values())
                .as("no value of the rule set is spliced into the SQL")
                .allSatisfy(query -> assertThat(query.sql()).doesNotContain("paid", "2024", "C[0-9]", "129600"));
        assertThat(queries.values())
                .allSatisfy(query -> assertThat(
                                query.sql().chars().filter(c -> c == '?').count())
                        .isEqualTo(query.parameters().size()));
    }

    @Test
    void hostileNamesAreRefusedBeforeAnySqlIsWritten() {
        assertThatThrownBy(() -> Orders.ruleSet("""
                        {"name": "x", "checks": [{"name": "a", "column": "name\\" OR 1=1 --", "required": true}]}"""))
                .isInstanceOfSatisfying(
                        InvalidQualityRuleSetException.class,
                        e -> assertThat(e.errors())
                                .singleElement()
                                .satisfies(error -> assertThat(error.pointer()).isEqualTo("/checks/0/column")));
        assertThatThrownBy(() -> Orders.ruleSet("""
                        {"name": "x", "checks": [{"name": "a", "column": "c",
                          "reference": {"table": "t; drop table x", "column": "id"}}]}"""))
                .isInstanceOfSatisfying(
                        InvalidQualityRuleSetException.class,
                        e -> assertThat(e.errors())
                                .singleElement()
                                .satisfies(
                                        error -> assertThat(error.pointer()).isEqualTo("/checks/0/reference/table")));
        assertThatThrownBy(() -> PostLoadSql.queries(SET, "orders\"; drop table x; --"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

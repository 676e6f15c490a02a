package io.datasync.kit.quality;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A hundred order rows with known defects, each in its own row, so every check's count is exact and no row breaks two
 * checks: malformed emails in rows 10 and 20, negative amounts in 30-32, the ids of rows 5 and 6 again in 98 and 99,
 * null names in 40-43, a stale timestamp in 50, an unknown status in 60, a 51-character name in 70, an amount over the
 * credit limit in 80, a code not matching {@code C\d{3}} in 90, a quantity that is not an int in 91, an unknown
 * country in 92.
 */
final class Orders {

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static final List<QualityColumn> COLUMNS = List.of(
            new QualityColumn("id", "BIGINT"),
            new QualityColumn("name", "TEXT"),
            new QualityColumn("email", "TEXT"),
            new QualityColumn("amount", "DECIMAL"),
            new QualityColumn("credit_limit", "DECIMAL"),
            new QualityColumn("status", "TEXT"),
            new QualityColumn("updated_at", "TIMESTAMPTZ"),
            new QualityColumn("code", "TEXT"),
            new QualityColumn("qty", "TEXT"),
            new QualityColumn("country", "TEXT"));

    static final int ID = 0;
    static final int NAME = 1;
    static final int EMAIL = 2;
    static final int AMOUNT = 3;
    static final int STATUS = 5;
    static final int UPDATED_AT = 6;
    static final int COUNTRY = 9;

    static final JsonMapper JSON = JsonMapper.builder().build();

    private Orders() {}

    static List<Object[]> rows() {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rows.add(new Object[] {
                (long) i + 1,
                "customer " + i,
                "user" + i + "@example.com",
                new BigDecimal(10 + i).setScale(2),
                new BigDecimal("1000.00"),
                i % 2 == 0 ? "new" : "paid",
                OffsetDateTime.ofInstant(NOW.minus(Duration.ofHours(i)), ZoneOffset.UTC),
                String.format("C%03d", i),
                Integer.toString(i % 7),
                i % 3 == 0 ? "CN" : i % 3 == 1 ? "US" : "DE"
            });
        }
        rows.get(10)[EMAIL] = "not-an-email";
        rows.get(20)[EMAIL] = "two@@example.com";
        rows.get(30)[AMOUNT] = new BigDecimal("-1.00");
        rows.get(31)[AMOUNT] = new BigDecimal("-0.01");
        rows.get(32)[AMOUNT] = new BigDecimal("-250");
        rows.get(98)[ID] = 6L;
        rows.get(99)[ID] = 7L;
        for (int i = 40; i < 44; i++) {
            rows.get(i)[NAME] = null;
        }
        rows.get(50)[UPDATED_AT] = OffsetDateTime.ofInstant(NOW.minus(Duration.ofDays(400)), ZoneOffset.UTC);
        rows.get(60)[STATUS] = "lost";
        rows.get(70)[NAME] = "n".repeat(51);
        rows.get(80)[AMOUNT] = new BigDecimal("5000");
        rows.get(90)[7] = "X9";
        rows.get(91)[8] = "many";
        rows.get(92)[COUNTRY] = "ZZ";
        return rows;
    }

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    static QualityRuleSet ruleSet(String json) {
        return QualityRuleSets.parse(json(json));
    }

    /** Deep copies of rows, to prove the gate changed none of the originals. */
    static List<Object[]> copy(List<Object[]> rows) {
        return rows.stream().map(Object[]::clone).toList();
    }
}

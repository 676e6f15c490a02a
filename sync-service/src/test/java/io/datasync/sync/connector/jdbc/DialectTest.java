package io.datasync.sync.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DialectTest {

    @Test
    void theUrlTellsTheDialect() {
        assertThat(Dialect.fromUrl("jdbc:postgresql://db:5432/app")).isEqualTo(Dialect.POSTGRESQL);
        assertThat(Dialect.fromUrl("jdbc:mariadb://db:3306/app")).isEqualTo(Dialect.MYSQL);
        assertThat(Dialect.fromUrl("jdbc:mysql://db:3306/app")).isEqualTo(Dialect.MYSQL);
        assertThat(Dialect.fromUrl("jdbc:h2:mem:x")).isEqualTo(Dialect.GENERIC);
    }

    @Test
    void theProductNameTellsTheDialectWhenTheUrlDoesNot() {
        assertThat(Dialect.fromProductName("PostgreSQL")).isEqualTo(Dialect.POSTGRESQL);
        assertThat(Dialect.fromProductName("MariaDB")).isEqualTo(Dialect.MYSQL);
        assertThat(Dialect.fromProductName("MySQL")).isEqualTo(Dialect.MYSQL);
        assertThat(Dialect.fromProductName(null)).isEqualTo(Dialect.GENERIC);
    }

    @Test
    void postgresQuotesWithDoubleQuotesAndMysqlWithBackticks() {
        assertThat(Dialect.POSTGRESQL.quote("Order_Id")).isEqualTo("\"Order_Id\"");
        assertThat(Dialect.MYSQL.quote("order_id")).isEqualTo("`order_id`");
        assertThat(Dialect.GENERIC.quote("x$1")).isEqualTo("\"x$1\"");
    }

    @Test
    void aQualifiedTableIsQuotedPartByPart() {
        assertThat(Dialect.POSTGRESQL.quoteTable("sales.orders")).isEqualTo("\"sales\".\"orders\"");
        assertThat(Dialect.MYSQL.quoteTable("sales.orders")).isEqualTo("`sales`.`orders`");
        assertThat(Dialect.MYSQL.quoteTable("orders")).isEqualTo("`orders`");
    }

    @Test
    void namesThatCouldCarrySqlAreRefusedInsteadOfQuoted() {
        assertThatThrownBy(() -> Dialect.MYSQL.quote("a`; drop table x; --"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Dialect.POSTGRESQL.quote("a\" OR 1=1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Dialect.POSTGRESQL.quoteTable("a.b.c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Dialect.POSTGRESQL.quoteTable("orders; drop table x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void compositeKeysCompareAsRowValuesWhereTheDatabaseCan() {
        assertThat(Dialect.POSTGRESQL.after(List.of("\"a\"", "\"b\""))).isEqualTo("(\"a\", \"b\") > (?, ?)");
        assertThat(Dialect.MYSQL.after(List.of("`a`"))).isEqualTo("`a` > ?");
        assertThat(Dialect.MYSQL.afterParameters(new Object[] {1, "x"})).containsExactly(1, "x");
    }

    @Test
    void elsewhereCompositeKeysCompareAsAnExpandedDisjunction() {
        assertThat(Dialect.GENERIC.after(List.of("a", "b", "c")))
                .isEqualTo("((a > ?) OR (a = ? AND b > ?) OR (a = ? AND b = ? AND c > ?))");
        assertThat(Dialect.GENERIC.afterParameters(new Object[] {1, 2, 3})).containsExactly(1, 1, 2, 1, 2, 3);
    }

    @Test
    void onlyKnownDialectsLimitInSql() {
        assertThat(Dialect.POSTGRESQL.limitClause()).isEqualTo(" LIMIT ?");
        assertThat(Dialect.MYSQL.limitsInSql()).isTrue();
        assertThat(Dialect.GENERIC.limitsInSql()).isFalse();
        assertThat(Dialect.GENERIC.limitClause()).isEmpty();
    }
}

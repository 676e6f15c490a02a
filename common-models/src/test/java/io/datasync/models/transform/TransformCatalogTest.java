package io.datasync.models.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.models.job.SqlIdentifiers;
import io.datasync.models.job.TransformStep;
import io.datasync.models.problem.FieldError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransformCatalogTest {

    private static List<FieldError> check(String kind, Object config) {
        return TransformCatalog.validate(new TransformStep(kind, config), "/transforms/0");
    }

    @Test
    void acceptsTheArchitectureExampleSteps() {
        assertThat(check("rename", Map.of("customer_name", "name"))).isEmpty();
        assertThat(check("cast", Map.of("amount", "decimal(12,2)", "created_at", "timestamp")))
                .isEmpty();
        assertThat(check("normalize", Map.of("email", "lower-trim"))).isEmpty();
        assertThat(check("convert", Map.of("note", Map.of("from", "GBK", "to", "UTF-8"))))
                .isEmpty();
        assertThat(check("derive", Map.of("total_cents", "amount * 100"))).isEmpty();
        assertThat(check("mask", Map.of("email", "hash"))).isEmpty();
        assertThat(check("drop", List.of("a", "b"))).isEmpty();
        assertThat(check("filter", "amount > 0")).isEmpty();
        assertThat(check("defaults", Map.of("country", "CN"))).isEmpty();
        assertThat(check("rules", Map.of("ruleSet", "orders-rules"))).isEmpty();
    }

    @Test
    void reportsEveryProblemOfAStepWithItsPointer() {
        List<FieldError> errors = check("cast", Map.of("amount", "money", "bad name", "int"));
        assertThat(errors)
                .extracting(FieldError::pointer)
                .containsExactlyInAnyOrder("/transforms/0/cast/amount", "/transforms/0/cast/bad name");
    }

    @Test
    void namesAnUnknownKindAndTheKnownOnes() {
        List<FieldError> errors = check("explode", Map.of());
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.pointer()).isEqualTo("/transforms/0");
            assertThat(e.message()).contains("explode", "rename", "mask");
        });
    }

    @Test
    void checksCharsetsAndMasks() {
        assertThat(check("convert", Map.of("note", Map.of("from", "KLINGON", "to", "UTF-8"))))
                .extracting(FieldError::pointer)
                .containsExactly("/transforms/0/convert/note/from");
        assertThat(check("mask", Map.of("email", "shred"))).hasSize(1);
    }

    @Test
    void listsTheExpressionsToCompile() {
        assertThat(TransformCatalog.expressions(new TransformStep("derive", Map.of("a/b", "x + 1")), "/transforms/3"))
                .containsExactly(Map.entry("/transforms/3/derive/a~1b", "x + 1"));
        assertThat(TransformCatalog.expressions(new TransformStep("filter", "x > 1"), "/transforms/0"))
                .containsExactly(Map.entry("/transforms/0/filter", "x > 1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders; drop table x", "a.b.c", "1abc", "", "x y", "\"quoted\""})
    void refusesUnsafeTableNames(String name) {
        assertThat(SqlIdentifiers.isTable(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders", "public.orders", "_tmp", "dw.fact_orders$2026"})
    void acceptsPlainTableNames(String name) {
        assertThat(SqlIdentifiers.isTable(name)).isTrue();
    }
}

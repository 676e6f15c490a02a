package io.datasync.sync.transform.builtin;

import static io.datasync.sync.transform.builtin.Rows.REGISTRY;
import static io.datasync.sync.transform.builtin.Rows.chunk;
import static io.datasync.sync.transform.builtin.Rows.row;
import static io.datasync.sync.transform.builtin.Rows.schema;
import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.models.job.TransformStep;
import io.datasync.models.transform.TransformCatalog;
import io.datasync.sync.transform.spi.RowError;
import io.datasync.sync.transform.spi.Transform;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransformRegistryTest {

    /** A config each kind's declaration accepts; a kind added to the catalog needs one here. */
    private static final Map<String, Object> EXAMPLES = Map.of(
            "rename", Map.of("a", "b"),
            "drop", List.of("a"),
            "cast", Map.of("amount", "decimal(12,2)"),
            "normalize", Map.of("email", "lower-trim"),
            "convert", Map.of("note", Map.of("from", "GBK", "to", "UTF-8")),
            "derive", Map.of("total_cents", "amount * 100"),
            "filter", "status != 'test'",
            "mask", Map.of("email", "hash"),
            "defaults", Map.of("country", "CN"),
            "rules", Map.of("ruleSet", "orders-rules"));

    @Test
    void buildsExactlyTheKindsOfTheCatalog() {
        assertThat(REGISTRY.kinds()).isEqualTo(TransformCatalog.kinds().keySet());
    }

    @Test
    void buildsEveryCatalogKindFromAConfigItsDeclarationAccepts() {
        assertThat(EXAMPLES.keySet()).isEqualTo(TransformCatalog.kinds().keySet());
        EXAMPLES.forEach((kind, config) -> {
            TransformStep step = new TransformStep(kind, config);
            assertThat(TransformCatalog.validate(step, "/transforms/0"))
                    .as(kind)
                    .isEmpty();
            assertThat(REGISTRY.create(step, "/transforms/0")).as(kind).isNotNull();
        });
    }

    @Test
    void pipelineReportsRowErrorsAgainstItsOwnInput() {
        Transform pipeline = REGISTRY.pipeline(
                List.of(new TransformStep("filter", "id != 2"), new TransformStep("cast", Map.of("amount", "int"))));

        Transform.Result result = pipeline.apply(
                chunk(schema("id:BIGINT", "amount:TEXT"), row(1L, "5"), row(2L, "x"), row(3L, "abc"), row(4L, "7")));

        assertThat(result.chunk().rows()).containsExactly(row(1L, 5), row(4L, 7));
        assertThat(result.inputRows()).containsExactly(0, 3);
        assertThat(result.errors())
                .containsExactly(new RowError(
                        2, new Object[] {3L}, "cast", "cannot cast 'abc' to int (column amount): not a number"));
    }
}

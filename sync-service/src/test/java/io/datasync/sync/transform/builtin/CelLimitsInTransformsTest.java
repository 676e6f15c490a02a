package io.datasync.sync.transform.builtin;

import static io.datasync.sync.transform.builtin.Rows.chunk;
import static io.datasync.sync.transform.builtin.Rows.row;
import static io.datasync.sync.transform.builtin.Rows.schema;
import static io.datasync.sync.transform.builtin.Rows.transform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.transform.spi.RowError;
import io.datasync.sync.transform.spi.RuleSetSpec;
import io.datasync.sync.transform.spi.Transform;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An expression that breaks a CEL limit on a row rejects that row with the limit as its reason, whatever the
 * transform, and the next rows go through: never a null value, a silently filtered row or a rule that did not match.
 */
class CelLimitsInTransformsTest {

    private static final Schema NOTES = schema("id:BIGINT", "note:TEXT", "other:TEXT");

    private static final String TOO_LONG =
            "the expression built a string longer than 1048576 characters (datasync.service.cel.max-string-length)";

    /** The second of three rows has a note whose triple is longer than the default limit; its {@code other} is null. */
    private static Chunk chunkWithOneLargeNote() {
        return chunk(NOTES, row(1L, "ok", "a"), row(2L, "n".repeat(400_000), null), row(3L, "fine", "b"));
    }

    @Test
    void deriveRejectsTheRowEvenWhereAColumnItReadsIsNull() {
        Transform derive = transform("derive", Map.of("size", "other == null ? size(note + note + note) : size(note)"));
        Transform.Result result = derive.apply(chunkWithOneLargeNote());
        assertThat(result.chunk().rows()).extracting(r -> r[0]).containsExactly(1L, 3L);
        assertThat(result.chunk().rows()).extracting(r -> r[3]).containsExactly(2L, 4L);
        assertThat(result.errors()).singleElement().satisfies(error -> {
            assertThat(error.rowIndex()).isEqualTo(1);
            assertThat(error.key()).containsExactly(2L);
            assertThat(error.transform()).isEqualTo("derive");
            assertThat(error.reason())
                    .isEqualTo(
                            "derive size = other == null ? size(note + note + note) : size(note) failed: " + TOO_LONG);
        });
    }

    @Test
    void filterRejectsTheRowInsteadOfLeavingItOutSilently() {
        Transform filter = transform("filter", "size(note + note + note) > 0 || other == null");
        Transform.Result result = filter.apply(chunkWithOneLargeNote());
        assertThat(result.chunk().rows()).extracting(r -> r[0]).containsExactly(1L, 3L);
        assertThat(result.errors()).singleElement().satisfies(error -> {
            assertThat(error.rowIndex()).isEqualTo(1);
            assertThat(error.transform()).isEqualTo("filter");
            assertThat(error.reason()).endsWith(TOO_LONG);
        });
    }

    @Test
    void aRuleWhoseConditionBreaksALimitRejectsTheRowInsteadOfNotMatching() {
        RuleSetSpec spec = new RuleSetSpec(
                "notes",
                1,
                List.of(
                        new RuleSetSpec.Rule(
                                "greedy", "size(note + note + note) > 100", 1, new RuleSetSpec.Reject("too long")),
                        new RuleSetSpec.Rule(
                                "pattern",
                                "size(other) > 1 && note.matches(other)",
                                0,
                                new RuleSetSpec.Reject("matches"))));
        Transform rules = new RulesTransform("notes", name -> Optional.of(spec));
        Transform.Result result = rules.apply(chunk(
                NOTES,
                row(1L, "ok", "a"),
                row(2L, "n".repeat(400_000), "a"),
                row(3L, "ok", "((a{1000}){1000}){1000}"),
                row(4L, "fine", "b")));
        assertThat(result.chunk().rows()).extracting(r -> r[0]).containsExactly(1L, 4L);
        assertThat(result.errors())
                .extracting(RowError::rowIndex, RowError::reason)
                .containsExactly(
                        tuple(1, "rule 'greedy' condition failed: " + TOO_LONG),
                        tuple(
                                2,
                                "rule 'pattern' condition failed: the regular expression '((a{1000}){1000}){1000}' is"
                                        + " larger than 2000 RE2 instructions or nests groups more than 100 deep"
                                        + " (datasync.service.cel.max-regex-program-size)"));

        Transform.Result next = rules.apply(chunk(NOTES, row(5L, "fine", "c")));
        assertThat(next.errors()).isEmpty();
        assertThat(next.chunk().rows())
                .singleElement()
                .satisfies(r -> assertThat(r[0]).isEqualTo(5L));
    }
}

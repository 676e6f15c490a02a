package io.datasync.sync.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.models.internal.ResolvedConnection;
import io.datasync.models.internal.RuleSet;
import io.datasync.models.job.JobDefinitions;
import io.datasync.sync.transform.spi.RuleSetSpec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** config-service's typed answers as the engine uses them. */
class ConfigAnswersTest {

    @Test
    void aResolvedJobKeepsItsAccessorsAndHidesItsSettings() {
        var answer = new io.datasync.models.internal.ResolvedJob(
                "0b6c8f5e-6a57-4c59-9a5f-6d2a2b7c1a10",
                "orders",
                4,
                9,
                false,
                JobDefinitions.fromYaml("""
                        name: orders
                        source: { type: jdbc, connection: pg-main, table: public.orders }
                        target: { type: jdbc, connection: warehouse, table: dw.orders }
                        """),
                Map.of(
                        "pg-main",
                        new ResolvedConnection("c1", "pg-main", "jdbc", 2, Map.of("password", "s3cret-Pa55")),
                        "warehouse",
                        new ResolvedConnection("c2", "warehouse", "jdbc", 1, Map.of("url", "x"))));

        ResolvedJob job = ResolvedJob.of(answer);

        assertThat(job.jobId()).isEqualTo(answer.jobId());
        assertThat(job.name()).isEqualTo("orders");
        assertThat(job.version()).isEqualTo(4);
        assertThat(job.enabled()).isFalse();
        assertThat(job.definition()).isSameAs(answer.definition());
        ResolvedJob.Connection source = job.connection("pg-main");
        assertThat(source.id()).isEqualTo("c1");
        assertThat(source.type()).isEqualTo("jdbc");
        assertThat(source.version()).isEqualTo(2);
        assertThat(source.settings()).containsEntry("password", "s3cret-Pa55");
        assertThat(job.toString()).doesNotContain("s3cret-Pa55");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> job.connection("other"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRuleSetBecomesTheTransformsSpecWithExactConstants() {
        Map<String, RuleSet.SetValue> set = new LinkedHashMap<>();
        set.put("tier", new RuleSet.Constant("gold"));
        set.put("rate", new RuleSet.Constant(0.1));
        set.put("count", new RuleSet.Constant(12));
        set.put("none", new RuleSet.Constant(null));
        set.put("cents", new RuleSet.Expr("amount * 100"));
        RuleSet ruleSet = new RuleSet(
                "r1",
                "orders-rules",
                3,
                List.of(
                        new RuleSet.Rule("vip", "amount > 1000", 10, new RuleSet.SetFields(set)),
                        new RuleSet.Rule("neg", "amount < 0", 100, new RuleSet.Reject("negative")),
                        new RuleSet.Rule("big", "amount > 10000", 5, new RuleSet.Tag("big-order"))));

        RuleSetSpec spec = RuleSetCache.toSpec(ruleSet);

        assertThat(spec.name()).isEqualTo("orders-rules");
        assertThat(spec.version()).isEqualTo(3);
        assertThat(spec.rules()).extracting(RuleSetSpec.Rule::priority).containsExactly(10, 100, 5);
        RuleSetSpec.SetFields fields =
                (RuleSetSpec.SetFields) spec.rules().get(0).then();
        assertThat(fields.fields())
                .containsEntry("tier", new RuleSetSpec.Constant("gold"))
                .containsEntry("rate", new RuleSetSpec.Constant(new BigDecimal("0.1")))
                .containsEntry("count", new RuleSetSpec.Constant(12L))
                .containsEntry("none", new RuleSetSpec.Constant(null))
                .containsEntry("cents", new RuleSetSpec.Expr("amount * 100"));
        assertThat(spec.rules().get(1).then()).isEqualTo(new RuleSetSpec.Reject("negative"));
        assertThat(spec.rules().get(2).then()).isEqualTo(new RuleSetSpec.Tag("big-order"));
        assertThat(RuleSetCache.plain(new BigInteger("123"))).isEqualTo(123L);
        assertThat(RuleSetCache.plain(new BigInteger("123456789012345678901234567890")))
                .isEqualTo(new BigDecimal("123456789012345678901234567890"));
    }

    @Test
    void onlyAUuidCanBeAJobId() {
        assertThat(JobCatalog.isJobId("0b6c8f5e-6a57-4c59-9a5f-6d2a2b7c1a10")).isTrue();
        assertThat(JobCatalog.isJobId("0B6C8F5E-6A57-4C59-9A5F-6D2A2B7C1A10")).isTrue();
        for (String notAnId :
                new String[] {null, "", "nope", "1-1-1-1-1", "0b6c8f5e-6a57-4c59-9a5f-6d2a2b7c1a1", "../x"}) {
            assertThat(JobCatalog.isJobId(notAnId)).as(notAnId).isFalse();
        }
    }
}

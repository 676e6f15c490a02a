package io.datasync.models.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LimitsSpecTest {

    @Test
    void withoutLimitsNothingExceedsTheBudget() {
        assertThat(LimitsSpec.UNLIMITED.exceededBy(1_000_000, 1_000_000, true)).isNull();
    }

    @Test
    void theCountIsCheckedAtOnceAndZeroToleratesNothing() {
        LimitsSpec none = new LimitsSpec(null, null, 0L, null);
        assertThat(none.exceededBy(0, 10, false)).isNull();
        assertThat(none.exceededBy(1, 10, false)).isEqualTo("1 rows rejected, more than maxErrors 0");
    }

    @Test
    void theRatioWaitsForEnoughRowsWhileRunningButAlwaysCountsAtTheEnd() {
        LimitsSpec ratio = new LimitsSpec(null, null, null, 0.01);
        assertThat(ratio.exceededBy(5, 100, false)).isNull();
        assertThat(ratio.exceededBy(5, 100, true))
                .isEqualTo("5 of 100 rows rejected (5.00%), more than maxErrorRatio 0.01");
        assertThat(ratio.exceededBy(11, 1_000, false)).startsWith("11 of 1000 rows rejected");
        assertThat(ratio.exceededBy(10, 1_000, true)).isNull();
        assertThat(ratio.exceededBy(0, 0, true)).isNull();
    }

    @Test
    void aJobDefinitionReadsTheBudgetAndRefusesNegativeOrOverOneValues() {
        String base =
                "{name: j, source: {type: jdbc, connection: c, table: t}, target: {type: jdbc, connection: d, table: t},"
                        + " limits: %s}";
        JobDefinition job = JobDefinitions.fromYaml(base.formatted("{maxErrors: 10, maxErrorRatio: 0.05}"));
        assertThat(job.limits().maxErrors()).isEqualTo(10L);
        assertThat(job.limits().maxErrorRatio()).isEqualTo(0.05);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> JobDefinitions.fromYaml(base.formatted("{maxErrors: -1}")))
                .hasMessageContaining("/limits/maxErrors");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> JobDefinitions.fromYaml(base.formatted("{maxErrorRatio: 1.5}")))
                .hasMessageContaining("/limits/maxErrorRatio");
    }
}

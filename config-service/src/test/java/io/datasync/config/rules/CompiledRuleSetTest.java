package io.datasync.config.rules;

import static io.datasync.config.rules.RuleSetJsonTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.config.rules.CompiledRuleSet.RecordResult;
import io.datasync.config.rules.CompiledRuleSet.RuleTrace;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompiledRuleSetTest {

    private static CompiledRuleSet ruleSet(String rules) {
        return CompiledRuleSet.of(
                RuleSetJson.parse(json("{'name':'n','rules':[" + rules + "]}")).orThrow());
    }

    @Test
    void runsRulesByPriorityAndReportsWhatEachDid() {
        CompiledRuleSet set = ruleSet("{'name':'tag-big','when':'amount > 100','then':{'tag':'big'},'priority':1},"
                + "{'name':'vip','when':'amount > 100','then':{'set':{'tier':{'value':'gold'},"
                + "'cents':{'expr':'amount * 100'}}},'priority':10},"
                + "{'name':'cheap','when':'amount < 10','then':{'tag':'cheap'},'priority':1}");
        RecordResult result = set.evaluate(Map.of("id", 1, "amount", 150));
        assertThat(result.outcome()).isEqualTo("accepted");
        assertThat(result.record()).containsEntry("tier", "gold").containsEntry("cents", 15000L);
        assertThat(result.record()).containsEntry("id", 1);
        assertThat(result.tags()).containsExactly("big");
        assertThat(result.rules()).extracting(RuleTrace::rule).containsExactly("vip", "tag-big", "cheap");
        assertThat(result.rules()).extracting(RuleTrace::status).containsExactly("applied", "applied", "notMatched");
        assertThat(result.rules().get(0).set()).containsEntry("tier", "gold");
    }

    @Test
    void tiesRunInListOrderAndTheFirstWriterWins() {
        CompiledRuleSet set = ruleSet("{'name':'first','when':'true','then':{'set':{'x':{'value':1}}},'priority':5},"
                + "{'name':'second','when':'true','then':{'set':{'x':{'value':2},'y':{'value':3}}},'priority':5}");
        RecordResult result = set.evaluate(Map.of());
        assertThat(result.record()).containsEntry("x", 1).containsEntry("y", 3);
        RuleTrace second = result.rules().get(1);
        assertThat(second.overridden()).containsEntry("x", "first");
        assertThat(second.set()).containsOnlyKeys("y");
    }

    @Test
    void conditionsReadTheIncomingRecordNotOtherRulesChanges() {
        CompiledRuleSet set = ruleSet("{'name':'a','when':'true','then':{'set':{'status':{'value':'x'}}},'priority':9},"
                + "{'name':'b','when':'status == \\'x\\'','then':{'tag':'seen'},'priority':1}");
        assertThat(set.evaluate(Map.of("status", "y")).tags()).isEmpty();
    }

    @Test
    void aRejectStopsTheEvaluation() {
        CompiledRuleSet set = ruleSet("{'name':'neg','when':'amount < 0','then':{'reject':'negative'},'priority':10},"
                + "{'name':'t','when':'true','then':{'tag':'any'},'priority':1}");
        RecordResult result = set.evaluate(Map.of("amount", -1));
        assertThat(result.outcome()).isEqualTo("rejected");
        assertThat(result.reason()).isEqualTo("negative");
        assertThat(result.rejectedBy()).isEqualTo("neg");
        assertThat(result.record()).isNull();
        assertThat(result.rules().get(1).status()).isEqualTo("skipped");
    }

    @Test
    void failingConditionsAndValuesAreReportedNotThrown() {
        CompiledRuleSet set = ruleSet("{'name':'a','when':'amount > 1','then':{'tag':'t'},'priority':2},"
                + "{'name':'b','when':'true','then':{'set':{'x':{'expr':'amount + 1'},'y':{'value':1}}},"
                + "'priority':1}");
        RecordResult result = set.evaluate(Map.of("amount", "lots"));
        assertThat(result.outcome()).isEqualTo("accepted");
        assertThat(result.rules()).extracting(RuleTrace::status).containsExactly("failed", "failed");
        assertThat(result.rules().get(0).error()).startsWith("condition failed:");
        assertThat(result.rules().get(1).error()).startsWith("set x failed:");
        assertThat(result.record()).doesNotContainKeys("x", "y");
    }
}

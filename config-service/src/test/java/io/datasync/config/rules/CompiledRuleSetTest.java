package io.datasync.config.rules;

import static io.datasync.config.rules.RuleSetJsonTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void aRuleBreakingACelLimitStopsTheRecordNamingTheRuleAndTheSetting() {
        CompiledRuleSet set = ruleSet("{'name':'ok','when':'true','then':{'tag':'t'},'priority':5},"
                + "{'name':'greedy','when':'true','then':{'set':{'x':{'expr':'note + note + note'}}},'priority':1}");
        Map<String, Object> record = Map.of("note", "n".repeat(400_000));
        assertThatThrownBy(() -> set.evaluate(record))
                .isInstanceOfSatisfying(RuleLimitException.class, e -> {
                    assertThat(e.pointer()).isEqualTo("/rules/1/then/set/x/expr");
                    assertThat(e.ruleName()).isEqualTo("greedy");
                    assertThat(e.setting()).isEqualTo("datasync.service.cel.max-string-length");
                })
                .hasMessage("rule 'greedy' (/rules/1/then/set/x/expr): the expression built a string longer than"
                        + " 1048576 characters (datasync.service.cel.max-string-length)");
        CompiledRuleSet condition = ruleSet(
                "{'name':'regex','when':'note.matches(\\'((a{1000}){1000}){1000}\\')','then':{'tag':'t'},'priority':1}");
        assertThatThrownBy(() -> condition.evaluate(Map.of("note", "a")))
                .isInstanceOfSatisfying(
                        RuleLimitException.class, e -> assertThat(e.pointer()).isEqualTo("/rules/0/when"))
                .hasMessageEndingWith("(datasync.service.cel.max-regex-program-size)");
    }
}

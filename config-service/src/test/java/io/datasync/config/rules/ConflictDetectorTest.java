package io.datasync.config.rules;

import static io.datasync.config.rules.RuleSetJsonTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.config.rules.ConflictDetector.Conflict;
import io.datasync.config.rules.ConflictDetector.RuleRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConflictDetectorTest {

    private static List<Conflict> conflicts(String rules, List<Map<String, Object>> samples) {
        CompiledRuleSet set = CompiledRuleSet.of(
                RuleSetJson.parse(json("{'name':'n','rules':[" + rules + "]}")).orThrow());
        return ConflictDetector.find(set, samples);
    }

    private static List<Conflict> conflicts(String rules) {
        return conflicts(rules, List.of());
    }

    @Test
    void findsTwoSetsOfOneFieldWithAGeneratedWitness() {
        List<Conflict> found =
                conflicts("{'name':'gold','when':'amount > 100','then':{'set':{'tier':{'value':'gold'}}},'priority':1},"
                        + "{'name':'other','when':'amount < 500 && status == \\'paid\\'',"
                        + "'then':{'set':{'tier':{'value':'silver'}}},'priority':2}");
        assertThat(found).singleElement().satisfies(c -> {
            assertThat(c.rules()).extracting(RuleRef::pointer).containsExactly("/rules/0", "/rules/1");
            assertThat(c.reason()).contains("'tier'", "\"gold\"", "\"silver\"");
            assertThat(c.exampleSource()).isEqualTo("generated");
            Object amount = c.example().get("amount");
            assertThat(((Number) amount).longValue()).isBetween(101L, 499L);
            assertThat(c.example()).containsEntry("status", "paid");
        });
    }

    @Test
    void disjointConditionsDoNotConflict() {
        assertThat(conflicts("{'name':'a','when':'amount > 100','then':{'set':{'tier':{'value':'gold'}}},'priority':1},"
                        + "{'name':'b','when':'amount <= 100','then':{'set':{'tier':{'value':'silver'}}},"
                        + "'priority':1}"))
                .isEmpty();
        assertThat(conflicts("{'name':'c','when':'status == \\'a\\'','then':{'reject':'r'},'priority':1},"
                        + "{'name':'d','when':'status == \\'b\\'','then':{'set':{'x':{'value':1}}},"
                        + "'priority':1}"))
                .isEmpty();
    }

    @Test
    void equalValuesAreNotAConflict() {
        assertThat(conflicts("{'name':'a','when':'amount > 1','then':{'set':{'x':{'value':1}}},'priority':1},"
                        + "{'name':'b','when':'amount > 2','then':{'set':{'x':{'expr':'1.0'}}},'priority':2}"))
                .isEmpty();
    }

    @Test
    void computedValuesAreComparedOnTheWitness() {
        assertThat(conflicts("{'name':'a','when':'amount > 1','then':{'set':{'x':{'expr':'amount * 2'}}},"
                        + "'priority':1},"
                        + "{'name':'b','when':'amount > 2','then':{'set':{'x':{'expr':'amount + amount'}}},"
                        + "'priority':2}"))
                .isEmpty();
        assertThat(conflicts("{'name':'a','when':'amount > 1','then':{'set':{'x':{'expr':'amount * 2'}}},"
                        + "'priority':1},"
                        + "{'name':'b','when':'amount > 2','then':{'set':{'x':{'expr':'amount * 3'}}},"
                        + "'priority':2}"))
                .hasSize(1);
    }

    @Test
    void rejectVersusSetConflictsWhateverThePriorities() {
        assertThat(conflicts("{'name':'neg','when':'amount < 0','then':{'reject':'negative'},'priority':100},"
                        + "{'name':'fix','when':'amount < 10','then':{'set':{'amount':{'value':0}}},"
                        + "'priority':1}"))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.reason()).contains("'neg' rejects the record while 'fix' sets amount");
                    assertThat(((Number) c.example().get("amount")).longValue()).isNegative();
                });
    }

    @Test
    void equalPriorityConflictsOnlyWhenARejectIsInvolved() {
        assertThat(conflicts("{'name':'a','when':'x > 1','then':{'reject':'no'},'priority':1},"
                        + "{'name':'b','when':'x > 5','then':{'tag':'t'},'priority':1}"))
                .singleElement()
                .extracting(Conflict::reason)
                .asString()
                .contains("equal priority");
        assertThat(conflicts("{'name':'a','when':'x > 1','then':{'reject':'no'},'priority':2},"
                        + "{'name':'b','when':'x > 5','then':{'tag':'t'},'priority':1}"))
                .isEmpty();
        assertThat(conflicts("{'name':'a','when':'x > 1','then':{'tag':'u'},'priority':1},"
                        + "{'name':'b','when':'x > 5','then':{'set':{'y':{'value':1}}},'priority':1}"))
                .isEmpty();
    }

    @Test
    void samplesComeFirstAndCanRevealWhatGenerationMisses() {
        String rules = "{'name':'a','when':'name.size() == 7','then':{'set':{'x':{'value':1}}},'priority':1},"
                + "{'name':'b','when':'name.endsWith(\\'zz\\')','then':{'set':{'x':{'value':2}}},'priority':1}";
        assertThat(conflicts(rules)).isEmpty();
        assertThat(conflicts(rules, List.of(Map.of("name", "abcdezz"))))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.exampleSource()).isEqualTo("sample");
                    assertThat(c.example()).containsEntry("name", "abcdezz");
                });
    }

    @Test
    void identicalConditionsConflictEvenWithoutAWitness() {
        assertThat(conflicts("{'name':'a','when':'name.size() == 7','then':{'set':{'x':{'value':1}}},'priority':1},"
                        + "{'name':'b','when':'name.size()  == 7','then':{'set':{'x':{'value':2}}},'priority':1}"))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.exampleSource()).isEqualTo("identicalConditions");
                    assertThat(c.example()).isEmpty();
                });
    }

    @Test
    void nestedFieldsAndListsAreGenerated() {
        assertThat(conflicts("{'name':'a','when':'customer.tier == \\'gold\\'','then':{'reject':'no'},'priority':1},"
                        + "{'name':'b','when':'status in [\\'new\\', \\'open\\'] && customer.tier != \\'x\\'',"
                        + "'then':{'set':{'y':{'value':1}}},'priority':1}"))
                .singleElement()
                .satisfies(c -> assertThat(c.example()).containsEntry("customer", Map.of("tier", "gold")));
    }

    @Test
    void typeMismatchesOnGeneratedRecordsAreNotErrors() {
        assertThat(conflicts("{'name':'a','when':'amount > 1 && amount.startsWith(\\'x\\')',"
                        + "'then':{'set':{'x':{'value':1}}},'priority':1},"
                        + "{'name':'b','when':'amount > 0','then':{'set':{'x':{'value':2}}},'priority':1}"))
                .isEmpty();
    }

    @Test
    void boundsTheSearchOnTheLargestRuleSets() {
        StringBuilder rules = new StringBuilder();
        for (int i = 0; i < RuleSetDefinition.MAX_RULES; i++) {
            rules.append(i == 0 ? "" : ",")
                    .append("{'name':'r")
                    .append(i)
                    .append("','when':'id == ")
                    .append(i)
                    .append("','then':{'set':{'x':{'value':")
                    .append(i)
                    .append("}}},'priority':1}");
        }
        List<Map<String, Object>> samples = java.util.Collections.nCopies(1000, Map.of("id", -1));
        long started = System.nanoTime();
        assertThat(conflicts(rules.toString(), samples)).isEmpty();
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
                .isLessThan(java.time.Duration.ofSeconds(30));
    }

    @Test
    void aRuleBreakingACelLimitWhileSearchingIsAnErrorNamingTheRuleAndTheRecord() {
        String rules =
                "{'name':'a','when':'size(note + note + note) > 0','then':{'set':{'x':{'value':1}}},'priority':1},"
                        + "{'name':'b','when':'true','then':{'set':{'x':{'value':2}}},'priority':2}";
        assertThatThrownBy(() -> conflicts(rules, List.of(Map.of("note", "n".repeat(400_000)))))
                .isInstanceOfSatisfying(
                        RuleLimitException.class, e -> assertThat(e.pointer()).isEqualTo("/rules/0/when"))
                .hasMessageStartingWith("rule 'a' (/rules/0/when) on sample record 0 (/samples/0): ")
                .hasMessageEndingWith("(datasync.service.cel.max-string-length)");
        String regex = "{'name':'a','when':'name.matches(\\'(x{500}){500}\\')','then':{'set':{'x':{'value':1}}},"
                + "'priority':1},{'name':'b','when':'true','then':{'set':{'x':{'value':2}}},'priority':2}";
        assertThatThrownBy(() -> conflicts(regex, List.of()))
                .isInstanceOf(RuleLimitException.class)
                .hasMessageContaining("generated from the conditions")
                .hasMessageEndingWith("(datasync.service.cel.max-regex-program-size)");
    }
}

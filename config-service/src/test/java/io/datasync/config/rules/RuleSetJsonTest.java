package io.datasync.config.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.models.problem.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RuleSetJsonTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    static JsonNode json(String text) {
        return MAPPER.readTree(text.replace('\'', '"'));
    }

    @Test
    void readsAValidRuleSetAndWritesItBackCanonically() {
        String text = "{'name':'orders-rules','description':'d','rules':["
                + "{'name':'vip','when':'amount > 1000','then':{'set':{'tier':{'value':'gold'},"
                + "'discount':{'expr':'amount * 0.05'}}},'priority':10},"
                + "{'name':'negative','when':'amount < 0','then':{'reject':'negative amount'},'priority':100},"
                + "{'name':'big','when':'amount > 10000','then':{'tag':'big-order'},'priority':5}]}";
        RuleSetJson.Parsed parsed = RuleSetJson.parse(json(text));
        assertThat(parsed.errors()).isEmpty();
        RuleSetDefinition definition = parsed.definition();
        assertThat(definition.rules()).extracting(Rule::name).containsExactly("vip", "negative", "big");
        assertThat(definition.rules().get(0).then()).isInstanceOf(Action.SetFields.class);
        assertThat(RuleSetJson.write(definition)).isEqualTo(json(text));
        assertThat(RuleSetJson.read(RuleSetJson.write(definition).toString())).isEqualTo(definition);
    }

    @Test
    void reportsEveryProblemAtOnceWithJsonPointers() {
        String text = "{'name':'bad name!','extra':1,'rules':["
                + "{'name':'a','when':'amount >','then':{'tag':'t'},'priority':1},"
                + "{'name':'a','when':'frob(x)','then':{'reject':'r','tag':'t'},'priority':1.5},"
                + "{'name':'c','when':'amount * 2','then':{'set':{'1bad':{'value':1},'ok':{'value':1,'expr':'x'},"
                + "'y':{'expr':'nope('}}}},"
                + "'not a rule'],'samples':[1]}";
        List<FieldError> errors = RuleSetJson.parse(json(text)).errors();
        assertThat(errors)
                .extracting(FieldError::pointer)
                .contains(
                        "/name",
                        "/extra",
                        "/rules/0/when",
                        "/rules/1/name",
                        "/rules/1/when",
                        "/rules/1/priority",
                        "/rules/1/then",
                        "/rules/2/when",
                        "/rules/2/priority",
                        "/rules/2/then/set/1bad",
                        "/rules/2/then/set/ok",
                        "/rules/2/then/set/y/expr",
                        "/rules/3",
                        "/samples/0");
        assertThat(errors)
                .filteredOn(e -> e.pointer().equals("/rules/0/when"))
                .singleElement()
                .extracting(FieldError::message)
                .asString()
                .startsWith("CEL does not compile: line 1, column 9");
        assertThat(errors)
                .filteredOn(e -> e.pointer().equals("/rules/1/name"))
                .singleElement()
                .extracting(FieldError::message)
                .asString()
                .contains("already used by /rules/0");
        assertThat(errors)
                .filteredOn(e -> e.pointer().equals("/rules/2/when"))
                .singleElement()
                .extracting(FieldError::message)
                .asString()
                .contains("arithmetic");
    }

    @Test
    void refusesConditionsThatAreNeverTrueOrFalse() {
        for (String when : List.of("size(items)", "amount * 2", "amount + 0.5", "-amount")) {
            List<FieldError> errors = RuleSetJson.parse(json("{'name':'n','rules':[{'name':'a','when':'" + when
                            + "','then':{'tag':'t'},'priority':1}]}"))
                    .errors();
            assertThat(errors)
                    .as(when)
                    .singleElement()
                    .satisfies(e -> assertThat(e.message()).startsWith("a condition must be true or false"));
        }
        assertThat(RuleSetJson.parse(json("{'name':'n','rules':[{'name':'a','when':'amount * 2 > 10',"
                                + "'then':{'tag':'t'},'priority':1}]}"))
                        .errors())
                .isEmpty();
    }

    @Test
    void boundsSizes() {
        String longExpr = "amount > 1" + " && amount > 1".repeat(400);
        List<FieldError> errors = RuleSetJson.parse(json("{'name':'n','rules':[{'name':'a','when':'" + longExpr
                        + "','then':{'tag':'t'},'priority':1}]}"))
                .errors();
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.pointer()).isEqualTo("/rules/0/when");
            assertThat(e.message()).contains("4096");
        });
        StringBuilder many = new StringBuilder("{'name':'n','rules':[");
        for (int i = 0; i < 501; i++) {
            many.append(i == 0 ? "" : ",")
                    .append("{'name':'r")
                    .append(i)
                    .append("','when':'true','then':{'tag':'t'},'priority':1}");
        }
        assertThat(RuleSetJson.parse(json(many + "]}")).errors())
                .extracting(FieldError::pointer)
                .containsExactly("/rules");
    }

    @Test
    void refusesWhatIsNotAnObjectAndMissingMembers() {
        assertThat(RuleSetJson.parse(json("[1]")).errors())
                .extracting(FieldError::pointer)
                .containsExactly("/");
        assertThat(RuleSetJson.parse(json("{'rules':[{}]}")).errors())
                .extracting(FieldError::pointer)
                .containsExactly("/name", "/rules/0/name", "/rules/0/when", "/rules/0/priority", "/rules/0/then");
    }

    @Test
    void escapesPointersOfOddKeys() {
        assertThat(RuleSetJson.parse(json("{'name':'n','a/b~c':1,'rules':[{'name':'a','when':'true',"
                                + "'then':{'tag':'t'},'priority':1}]}"))
                        .errors())
                .extracting(FieldError::pointer)
                .containsExactly("/a~1b~0c");
    }
}

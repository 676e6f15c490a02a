package io.datasync.kit.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CelExpressionsTest {

    @Test
    void acceptsAnyFieldNameAsAFreeIdentifier() {
        assertThat(CelExpressions.problems("amount * 100")).isEmpty();
        assertThat(CelExpressions.problems("status == \"paid\" && amount > 10")).isEmpty();
        assertThat(CelExpressions.problems("customer.tier == 'gold' && items.all(i, i.qty > 0)"))
                .isEmpty();
        assertThat(CelExpressions.problems("type(amount) == int")).isEmpty();
    }

    @Test
    void reportsSyntaxErrorsWithLineAndColumn() {
        List<String> problems = CelExpressions.problems("amount >");
        assertThat(problems).singleElement().asString().startsWith("line 1, column 9: ");
        assertThat(CelExpressions.problems("amount > 1 &&\n  status =="))
                .singleElement()
                .asString()
                .startsWith("line 2, column 12: ");
    }

    @Test
    void reportsUnknownFunctionsButNotUnknownFields() {
        assertThat(CelExpressions.problems("frobnicate(amount)"))
                .singleElement()
                .asString()
                .contains("undeclared reference to 'frobnicate'")
                .doesNotContain("container");
    }

    @Test
    void reportsTypeErrorsBetweenConstants() {
        assertThat(CelExpressions.problems("1 + 'a'"))
                .singleElement()
                .asString()
                .contains("_+_");
    }

    @Test
    void treatsBlankAndNullAsEmpty() {
        assertThat(CelExpressions.problems("  ")).containsExactly("the expression is empty");
        assertThat(CelExpressions.problems(null)).containsExactly("the expression is empty");
        assertThatThrownBy(() -> CelExpressions.compile(null))
                .isInstanceOf(CelExpressions.InvalidExpressionException.class)
                .hasMessage("invalid CEL expression 'null': the expression is empty");
    }

    @Test
    void refusesExpressionsLongerThanTheLimit() {
        String huge = "a".repeat(CelExpressions.MAX_EXPRESSION_CODE_POINTS + 1);
        assertThat(CelExpressions.problems(huge)).isNotEmpty();
    }

    @Test
    void compileRefusesInvalidExpressionsWithTheSameProblems() {
        assertThatThrownBy(() -> CelExpressions.compile("amount >"))
                .isInstanceOfSatisfying(CelExpressions.InvalidExpressionException.class, e -> {
                    assertThat(e.problems()).isEqualTo(CelExpressions.problems("amount >"));
                    assertThat(e.getMessage()).startsWith("invalid CEL expression 'amount >': line 1, column 9: ");
                });
    }

    @Test
    void cachesCompiledExpressions() {
        assertThat(CelExpressions.compile("amount > 1")).isSameAs(CelExpressions.compile("amount > 1"));
    }

    @Test
    void knowsTheFieldsItReadsButNotComprehensionVariables() {
        CelExpression expression = CelExpressions.compile("items.exists(i, i > limit) && customer.tier == 'gold'");
        assertThat(expression.fields()).containsExactlyInAnyOrder("items", "limit", "customer");
    }

    @Test
    void evaluatesAgainstJsonLikeRecords() {
        CelExpression condition = CelExpressions.compile("status == 'paid' && amount > 100");
        assertThat(condition.test(Map.of("status", "paid", "amount", 101))).isTrue();
        assertThat(condition.test(Map.of("status", "paid", "amount", 100.5))).isTrue();
        assertThat(condition.test(Map.of("status", "paid", "amount", new BigDecimal("100.0"))))
                .isFalse();
        assertThat(condition.test(Map.of("status", "open", "amount", 1000L))).isFalse();

        assertThat(CelExpressions.compile("amount * 100").evaluate(Map.of("amount", 3)))
                .isEqualTo(300L);
        assertThat(CelExpressions.compile("customer.tier").evaluate(Map.of("customer", Map.of("tier", "gold"))))
                .isEqualTo("gold");
        assertThat(CelExpressions.compile("[amount, 'x', null]").evaluate(Map.of("amount", 1)))
                .isEqualTo(Arrays.asList(1L, "x", null));
    }

    @Test
    void evaluatesAgainstALookupAskingOnlyForTheFieldsRead() {
        List<String> asked = Collections.synchronizedList(new ArrayList<>());
        Object result = CelExpressions.compile("customer.tier == 'gold' && type(amount) == int")
                .evaluate(name -> {
                    asked.add(name);
                    return name.equals("customer") ? Map.of("tier", "gold") : 7;
                });
        assertThat(result).isEqualTo(true);
        assertThat(asked).containsOnly("customer", "amount");
    }

    @Test
    void mixesIntsAndDoublesInComparisonsAndArithmetic() {
        assertThat(CelExpressions.compile("amount * 2").evaluate(Map.of("amount", 2.5)))
                .isEqualTo(5.0);
        assertThat(CelExpressions.compile("2 * amount").evaluate(Map.of("amount", new BigDecimal("2.5"))))
                .isEqualTo(5.0);
        assertThat(CelExpressions.compile("amount + 1").evaluate(Map.of("amount", 0.5)))
                .isEqualTo(1.5);
        assertThat(CelExpressions.compile("amount - 1").evaluate(Map.of("amount", 0.5)))
                .isEqualTo(-0.5);
        assertThat(CelExpressions.compile("amount / 2").evaluate(Map.of("amount", 5.0)))
                .isEqualTo(2.5);
        assertThat(CelExpressions.compile("amount / 2").evaluate(Map.of("amount", 5)))
                .as("int by int stays integer division")
                .isEqualTo(2L);
        assertThat(CelExpressions.compile("amount * 2 > 10").evaluate(Map.of("amount", 5.5)))
                .isEqualTo(true);
        assertThat(CelExpressions.compile("1.5 * 2").resultType()).isEqualTo("double");
    }

    @Test
    void missingFieldsAreNull() {
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("email", null);
        CelExpression isNull = CelExpressions.compile("email == null");
        assertThat(isNull.test(withNull)).isTrue();
        assertThat(isNull.test(Map.of())).isTrue();
        assertThat(isNull.test(Map.of("email", "a@b.c"))).isFalse();
        assertThat(CelExpressions.compile("email").evaluate(withNull)).isNull();
    }

    @Test
    void failuresOnARecordAreEvaluationExceptionsAndNeverHold() {
        CelExpression condition = CelExpressions.compile("amount > 100");
        assertThatThrownBy(() -> condition.evaluate(Map.of("amount", "lots")))
                .isInstanceOf(CelExpression.EvaluationException.class)
                .hasMessageContaining("_>_")
                .hasMessageNotContaining("<input>");
        assertThat(condition.test(Map.of("amount", "lots"))).isFalse();
        assertThat(condition.test(Map.of())).isFalse();
        assertThatThrownBy(() -> CelExpressions.compile("amount + 1").evaluate(Map.of("amount", Long.MAX_VALUE)))
                .isInstanceOf(CelExpression.EvaluationException.class);
    }

    @Test
    void aResultWithoutValueFormIsAnEvaluationException() {
        assertThatThrownBy(() -> CelExpressions.compile("type(amount)").evaluate(Map.of("amount", 1)))
                .isInstanceOf(CelExpression.EvaluationException.class)
                .hasMessageContaining("which is not a value");
    }

    @Test
    void onlyTrueHolds() {
        assertThat(CelExpressions.compile("amount").test(Map.of("amount", 1))).isFalse();
        assertThat(CelExpressions.compile("flag").test(Map.of("flag", true))).isTrue();
    }

    @Test
    void reportsTheInferredResultType() {
        assertThat(CelExpressions.compile("amount > 1").resultType()).isEqualTo("bool");
        assertThat(CelExpressions.compile("'a' + 'b'").resultType()).isEqualTo("string");
        assertThat(CelExpressions.compile("amount").resultType()).isEqualTo("dyn");
    }

    @Test
    void reportsTheResultTypeForTypedFields() {
        CelExpression times100 = CelExpressions.compile("amount * 100");
        assertThat(times100.resultType(Map.of("amount", ValueType.INT))).isEqualTo(ValueType.INT);
        assertThat(times100.resultType(Map.of("amount", ValueType.DOUBLE))).isEqualTo(ValueType.DOUBLE);
        assertThat(times100.resultType(Map.of())).isEqualTo(ValueType.DYN);
        assertThat(CelExpressions.compile("amount > 1").resultType(Map.of("amount", ValueType.DOUBLE)))
                .isEqualTo(ValueType.BOOL);
        assertThat(CelExpressions.compile("name + '!'").resultType(Map.of("name", ValueType.STRING)))
                .isEqualTo(ValueType.STRING);
        assertThat(CelExpressions.compile("name * 2").resultType(Map.of("name", ValueType.STRING)))
                .as("a typed check that fails")
                .isEqualTo(ValueType.DYN);
        assertThat(CelExpressions.compile("b'x' + payload").resultType(Map.of("payload", ValueType.BYTES)))
                .isEqualTo(ValueType.BYTES);
    }

    @Test
    void givesTheCheckedSyntaxTree() {
        assertThat(CelExpressions.compile("amount > 1").syntaxTree().call().function())
                .isEqualTo("_>_");
    }

    @Test
    void compilesAndEvaluatesSafelyFromManyThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                results.add(pool.submit(() ->
                        CelExpressions.compile("amount > " + (n % 20)).test(Collections.singletonMap("amount", n))));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).isEqualTo(i > i % 20);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

package io.datasync.config.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.kit.cel.CelExpression;
import io.datasync.kit.cel.CelExpressions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiteralsTest {

    @Test
    void collectsTheConstantsFieldsAreComparedWith() {
        CelExpression condition =
                CelExpressions.compile("amount > 100 && 5 <= qty && status in ['paid', 'open'] && code.startsWith('X') "
                        + "&& customer.tier == 'gold' && note != null && -3 < delta");
        Map<String, List<Object>> literals = Literals.of(condition);
        assertThat(literals.get("amount")).containsExactly(100L);
        assertThat(literals.get("qty")).containsExactly(5L);
        assertThat(literals.get("status")).containsExactly("paid", "open");
        assertThat(literals.get("code")).containsExactly("X");
        assertThat(literals.get("customer.tier")).containsExactly("gold");
        assertThat(literals.get("note")).containsExactly((Object) null);
        assertThat(literals.get("delta")).containsExactly(-3L);
    }

    @Test
    void findsTheConstantsOfAnExpressionOnce() {
        CelExpression condition = CelExpressions.compile("amount > 100");
        assertThat(Literals.of(condition)).isSameAs(Literals.of(condition));
    }
}

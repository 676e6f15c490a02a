package io.datasync.quality.quarantine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.kit.web.ApiException;
import io.datasync.models.problem.FieldError;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class QuarantineRequestsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode json(String singleQuoted) {
        return JSON.readTree(singleQuoted.replace('\'', '"'));
    }

    private static java.util.List<String> pointers(Runnable call) {
        try {
            call.run();
        } catch (ApiException e) {
            return e.errors().stream().map(FieldError::pointer).toList();
        }
        throw new AssertionError("expected a 400");
    }

    @Test
    void aFixSetsExistingColumnsToScalars() {
        var changes = QuarantineRequests.fix(
                json("{'row':{'amount':12.5,'email':null,'ok':true}}"), Set.of("amount", "email", "ok", "id"));

        assertThat(changes).containsOnlyKeys("amount", "email", "ok");
    }

    @Test
    void aFixNamingUnknownColumnsOrNonScalarsIsRefusedAtEachOne() {
        assertThat(pointers(() -> QuarantineRequests.fix(
                        json("{'row':{'nope':1,'a/b':2,'amount':{'x':1}},'extra':1}"), Set.of("amount"))))
                .containsExactlyInAnyOrder("/extra", "/row/nope", "/row/a~1b", "/row/amount");
        assertThat(pointers(() -> QuarantineRequests.fix(json("{'row':[]}"), Set.of("a"))))
                .containsExactly("/row");
        assertThat(pointers(() -> QuarantineRequests.fix(json("{'row':{}}"), Set.of("a"))))
                .containsExactly("/row");
        assertThat(pointers(() -> QuarantineRequests.fix(json("[1]"), Set.of("a"))))
                .containsExactly("/");
    }

    @Test
    void aReplayNeedsAJobAndTakesOptionalDistinctIds() {
        assertThat(QuarantineRequests.replay(json("{'job':'j1'}")).ids()).isNull();
        assertThat(QuarantineRequests.replay(json("{'job':'j1','ids':['a','b','a']}"))
                        .ids())
                .containsExactly("a", "b");
        assertThat(pointers(() -> QuarantineRequests.replay(json("{'ids':[1,'']}"))))
                .containsExactly("/job", "/ids/0", "/ids/1");
        assertThat(pointers(() -> QuarantineRequests.replay(json("{'job':'j','ids':'a'}"))))
                .containsExactly("/ids");
    }

    @Test
    void aDiscardNeedsIds() {
        assertThat(pointers(() -> QuarantineRequests.discard(json("{'job':'j'}"))))
                .containsExactly("/ids");
        assertThatThrownBy(() -> QuarantineRequests.discard(json("{'job':'j','ids':[]}")))
                .isInstanceOf(ApiException.class);
        assertThat(QuarantineRequests.discard(json("{'job':'j','ids':['x']}")).ids())
                .containsExactly("x");
    }
}

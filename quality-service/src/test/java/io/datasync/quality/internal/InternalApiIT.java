package io.datasync.quality.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.models.internal.QualityRules;
import io.datasync.quality.QualityITSupport;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The internal API answers the shared {@link QualityRules} record, and only to callers with the service token. */
class InternalApiIT extends QualityITSupport {

    private static final String RULE_SET =
            "{'name':'%s','checks':[{'name':'id_required','column':'id'," + "'required':true}]}";

    @Test
    void answersTheCurrentVersionOfARuleSetByName() {
        String name = unique("internal");
        HttpResponse<String> created = http.post("/api/quality/rulesets", json(RULE_SET.formatted(name)));
        assertStatus(created, 201);
        String id = body(created).get("id").asString();
        assertStatus(
                http.send(
                        "PUT",
                        "/api/quality/rulesets/" + id,
                        json(RULE_SET.formatted(name).replace("id_required", "id_present")),
                        "application/json"),
                200);

        HttpResponse<String> answer =
                http.anonymous().get("/internal/rulesets/by-name/" + name, "X-Service-Token", INTERNAL_TOKEN);
        assertStatus(answer, 200);
        QualityRules rules = JSON.readValue(answer.body(), QualityRules.class);
        assertThat(rules.id()).isEqualTo(id);
        assertThat(rules.name()).isEqualTo(name);
        assertThat(rules.version()).isEqualTo(2);
        assertThat(rules.definition().path("checks").get(0).path("name").asString())
                .isEqualTo("id_present");
    }

    @Test
    void refusesCallersWithoutTheServiceToken() {
        HttpResponse<String> none = http.anonymous().get("/internal/rulesets/by-name/anything");
        assertStatus(none, 401);
        assertThat(none.body()).contains("COMMON-010");

        HttpResponse<String> wrong =
                http.anonymous().get("/internal/rulesets/by-name/anything", "X-Service-Token", "guess");
        assertStatus(wrong, 401);
    }

    @Test
    void answersAMissingRuleSetWithAProblem() {
        HttpResponse<String> missing = http.anonymous()
                .get("/internal/rulesets/by-name/" + unique("missing"), "X-Service-Token", INTERNAL_TOKEN);
        assertStatus(missing, 404);
        assertThat(missing.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    }
}

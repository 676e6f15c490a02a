package io.datasync.quality.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasync.models.event.EventType;
import io.datasync.quality.QualityITSupport;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Quality rule sets end to end: HTTP, PostgreSQL, the outbox and a real Kafka broker. */
class RuleSetsIT extends QualityITSupport {

    private String base() {
        return properties.apiBase() + "/rulesets";
    }

    static String ruleSet(String name) {
        return json("{'name':'" + name + "','description':'orders','weights':{'validity':2,'completeness':1},"
                + "'checks':[{'name':'amount_range','column':'amount','range':{'min':0},'severity':'quarantine'},"
                + "{'name':'email_required','column':'email','required':true,'severity':'warn'}]}");
    }

    private static List<String> pointers(HttpResponse<String> response) {
        return body(response)
                .path("errors")
                .valueStream()
                .map(e -> e.path("pointer").asString())
                .toList();
    }

    @Test
    void createsReadsVersionsAndDeletesARuleSetAnnouncingEachChange() {
        String name = unique("orders");
        HttpResponse<String> created = http.post(base(), ruleSet(name));
        assertStatus(created, 201);
        JsonNode view = body(created);
        String id = view.get("id").asString();
        assertThat(created.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith(base() + "/" + id));
        assertThat(view.get("version").asLong()).isEqualTo(1);
        assertThat(view.path("definition").path("name").asString()).isEqualTo(name);

        HttpResponse<String> read = http.get(base() + "/" + id);
        assertStatus(read, 200);
        assertThat(read.headers().firstValue("ETag")).contains("\"1\"");

        String renamed = name + "-v2";
        HttpResponse<String> updated =
                http.send("PUT", base() + "/" + id, ruleSet(renamed), "application/json", "If-Match", "\"1\"");
        assertStatus(updated, 200);
        assertThat(body(updated).get("version").asLong()).isEqualTo(2);
        assertThat(updated.headers().firstValue("ETag")).contains("\"2\"");

        HttpResponse<String> stale =
                http.send("PUT", base() + "/" + id, ruleSet(renamed), "application/json", "If-Match", "\"1\"");
        assertStatus(stale, 412);

        HttpResponse<String> versions = http.get(base() + "/" + id + "/versions");
        assertThat(body(versions).valueStream().map(v -> v.get("version").asLong()))
                .containsExactly(2L, 1L);
        HttpResponse<String> first = http.get(base() + "/" + id + "/versions/1");
        assertStatus(first, 200);
        assertThat(body(first).path("definition").path("name").asString()).isEqualTo(name);
        assertStatus(http.get(base() + "/" + id + "/versions/9"), 404);

        HttpResponse<String> list = http.get(base() + "?size=200");
        assertThat(body(list).path("items").valueStream().map(i -> i.get("name").asString()))
                .contains(renamed);

        assertStatus(http.send("DELETE", base() + "/" + id, null, null), 204);
        assertStatus(http.get(base() + "/" + id), 404);
        assertStatus(http.post(base(), ruleSet(renamed)), 201);

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(published(EventType.QUALITY_RULES_CHANGED, id))
                        .extracting(e -> e.get("change").asString().toLowerCase(java.util.Locale.ROOT) + " "
                                + e.get("version").asLong())
                        .containsExactly("created 1", "updated 2", "deleted 2"));
    }

    @Test
    void refusesAnInvalidRuleSetWithEveryErrorAtItsPointer() {
        HttpResponse<String> invalid = http.post(
                base(),
                json("{'name':'bad name!','colour':'red','checks':[{'name':'r','column':'amount',"
                        + "'range':{'min':'lots'}},{'name':'x','column':'a'}]}"));
        assertStatus(invalid, 400);
        assertThat(body(invalid).get("code").asString()).isEqualTo("COMMON-001");
        assertThat(pointers(invalid)).contains("/name", "/colour", "/checks/1");
        assertThat(pointers(invalid)).anySatisfy(p -> assertThat(p).startsWith("/checks/0/range"));

        HttpResponse<String> wrongType = http.post(base(), json("{'name':'ok','checks':'all of them'}"));
        assertStatus(wrongType, 400);
        assertThat(pointers(wrongType)).contains("/checks");

        HttpResponse<String> notAnObject = http.post(base(), "[1,2]");
        assertStatus(notAnObject, 400);
        assertThat(pointers(notAnObject)).containsExactly("/");

        HttpResponse<String> malformed = http.post(base(), "{\"name\": ");
        assertStatus(malformed, 400);
        assertThat(body(malformed).get("code").asString()).isEqualTo("COMMON-002");
    }

    @Test
    void aNameIsUniqueAmongLiveRuleSets() {
        String name = unique("dup");
        assertStatus(http.post(base(), ruleSet(name)), 201);

        HttpResponse<String> duplicate = http.post(base(), ruleSet(name));
        assertStatus(duplicate, 409);
        assertThat(pointers(duplicate)).containsExactly("/name");
    }

    @Test
    void validatesWithoutSaving() {
        String name = unique("dry");
        HttpResponse<String> valid = http.post(base() + "/validate", ruleSet(name));
        assertStatus(valid, 200);
        assertThat(body(valid).get("valid").asBoolean()).isTrue();
        assertThat(body(valid).get("errors")).isEmpty();

        HttpResponse<String> invalid = http.post(base() + "/validate", json("{'name':'" + name + "','checks':[1]}"));
        assertStatus(invalid, 200);
        assertThat(body(invalid).get("valid").asBoolean()).isFalse();
        assertThat(pointers(invalid)).contains("/checks/0");

        assertThat(jdbc.queryForObject("SELECT count(*) FROM quality_rule_set WHERE name = ?", Long.class, name))
                .isZero();
    }
}

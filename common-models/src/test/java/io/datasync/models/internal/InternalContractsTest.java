package io.datasync.models.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.datasync.models.job.ConcurrencyPolicy;
import io.datasync.models.job.JobDefinition;
import io.datasync.models.job.JobDefinitions;
import io.datasync.models.job.RetrySpec;
import io.datasync.models.job.ScheduleSpec;
import io.datasync.models.job.WindowPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The internal answers read and write the same JSON whatever mapper handles them: a plain {@link JsonMapper} (what a
 * Feign decoder or Spring MVC uses, without the definitions' module) writes durations and enums the definitions' way
 * and reads them back.
 */
class InternalContractsTest {

    private static final JsonMapper PLAIN = JsonMapper.builder().build();
    private static final JsonMapper NON_NULL = JsonMapper.builder()
            .changeDefaultPropertyInclusion(
                    v -> JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();

    private static JobDefinition example() throws IOException {
        try (InputStream in = InternalContractsTest.class.getResourceAsStream("/orders-to-warehouse.yaml")) {
            return JobDefinitions.fromYaml(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static ResolvedJob job() throws IOException {
        Map<String, Object> secret = new LinkedHashMap<>();
        secret.put("url", "jdbc:postgresql://127.0.0.1:5432/shop");
        secret.put("password", "s3cret-Pa55");
        secret.put("schema", null);
        return new ResolvedJob(
                "0b6c8f5e-6a57-4c59-9a5f-6d2a2b7c1a10",
                "orders-to-warehouse",
                3,
                7,
                true,
                example(),
                Map.of(
                        "pg-main", new ResolvedConnection("c1", "pg-main", "jdbc", 2, secret),
                        "warehouse", new ResolvedConnection("c2", "warehouse", "jdbc", 1, Map.of("url", "x"))));
    }

    @Test
    void aResolvedJobIsWrittenWithTheDefinitionsWireFormsByAPlainMapperAndReadBackEqual() throws IOException {
        ResolvedJob job = job();

        String json = PLAIN.writeValueAsString(job);
        JsonNode tree = PLAIN.readTree(json);
        assertThat(tree.at("/definition/retry/initialDelay").asString()).isEqualTo("10s");
        assertThat(tree.at("/definition/retry/maxDelay").asString()).isEqualTo("10m");
        assertThat(tree.at("/definition/source/incremental/mode").asString()).isEqualTo("timestamp");
        assertThat(tree.at("/definition/target/writeMode").asString()).isEqualTo("upsert");
        assertThat(tree.at("/definition/schedule/timezone").asString()).isEqualTo("Asia/Shanghai");
        assertThat(tree.at("/connections/pg-main/settings/password").asString()).isEqualTo("s3cret-Pa55");
        assertThat(tree.at("/connections/pg-main/settings").has("schema")).isTrue();
        assertThat(tree.get("revision").asLong()).isEqualTo(7);
        assertThat(tree.get("definition"))
                .as("the very JSON config-service stores")
                .isEqualTo(PLAIN.readTree(JobDefinitions.toJson(job.definition())));

        ResolvedJob read = PLAIN.readValue(json, ResolvedJob.class);
        assertThat(read).isEqualTo(job);
        assertThat(read.definition().retry().initialDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(read.connection("pg-main").settings()).containsEntry("schema", null);
        assertThat(NON_NULL.readValue(NON_NULL.writeValueAsString(job), ResolvedJob.class))
                .isEqualTo(job);
    }

    @Test
    void membersANewerConfigServiceAddsAreIgnoredButAnUnknownDefinitionFieldIsNot() throws IOException {
        JsonNode tree = PLAIN.readTree(PLAIN.writeValueAsString(job()));
        ((tools.jackson.databind.node.ObjectNode) tree).put("addedLater", "x");
        ((tools.jackson.databind.node.ObjectNode) tree.at("/connections/pg-main")).put("addedLater", 1);
        assertThat(PLAIN.treeToValue(tree, ResolvedJob.class).name()).isEqualTo("orders-to-warehouse");

        ((tools.jackson.databind.node.ObjectNode) tree.at("/definition/target")).put("writeMod", "insert");
        assertThatThrownBy(() -> PLAIN.treeToValue(tree, ResolvedJob.class))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining("writeMod");
    }

    @Test
    void aResolvedJobWithoutDefinitionOrIdIsRefused() {
        assertThatThrownBy(() -> PLAIN.readValue(
                        "{\"jobId\":\"j\",\"name\":\"n\",\"version\":1,\"revision\":1,\"enabled\":true,\"connections\":{}}",
                        ResolvedJob.class))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining("definition is required");
        assertThatThrownBy(() -> new ResolvedJob(" ", "n", 1, 1, true, example(), Map.of()))
                .hasMessageContaining("jobId");
        assertThatThrownBy(() -> PLAIN.readValue(
                        "{\"jobId\":\"j\",\"name\":\"n\",\"version\":1,\"revision\":1,\"enabled\":true,\"definition\":{\"name\":\"n\"}}",
                        ResolvedJob.class))
                .as("a definition without source and target")
                .isInstanceOf(JacksonException.class);
    }

    @Test
    void settingsNeverShowInToStrings() throws IOException {
        ResolvedJob job = job();
        assertThat(job.toString())
                .doesNotContain("s3cret-Pa55", "jdbc:postgresql")
                .contains("password");
        assertThat(job.connection("pg-main").toString())
                .isEqualTo("ResolvedConnection[id=c1, name=pg-main, type=jdbc, version=2, "
                        + "settings=[url, password, schema]]");
    }

    @Test
    void aConnectionTheDefinitionNamesButTheAnswerLacksIsAnError() throws IOException {
        assertThatThrownBy(() -> job().connection("elsewhere"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("elsewhere");
        assertThatThrownBy(() -> job().connections().put("x", null)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aScheduleIsReadWithItsWireNamesAndWrittenBackTheSame() {
        String json = """
                {"jobId":"j1","name":"orders","version":7,"revision":9,"enabled":true,
                 "schedule":{"cron":"0 */15 * * * ?","timezone":"Asia/Shanghai","window":"01:00-05:00",
                             "outsideWindow":"defer","concurrency":"replace","misfire":"skip"},
                 "retry":{"maxAttempts":5,"initialDelay":"10s","multiplier":2.0,"maxDelay":"10m","jitter":0.2}}""";
        JobSchedule schedule = PLAIN.readValue(json, JobSchedule.class);

        assertThat(schedule.problem()).isNull();
        assertThat(schedule.revision()).isEqualTo(9);
        assertThat(schedule.schedule().timezone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(schedule.schedule().outsideWindow()).isEqualTo(WindowPolicy.DEFER);
        assertThat(schedule.schedule().concurrency()).isEqualTo(ConcurrencyPolicy.REPLACE);
        assertThat(schedule.retry().maxDelay()).isEqualTo(Duration.ofMinutes(10));

        JsonNode written = PLAIN.valueToTree(schedule);
        assertThat(written.at("/schedule/concurrency").asString()).isEqualTo("replace");
        assertThat(written.at("/retry/initialDelay").asString()).isEqualTo("10s");
        assertThat(written.has("problem")).isFalse();
        assertThat(PLAIN.treeToValue(written, JobSchedule.class)).isEqualTo(schedule);
    }

    @Test
    void aJobWithoutScheduleOrRetryGetsNoScheduleAndTheDefaultRetry() {
        JobSchedule manual = PLAIN.readValue(
                "{\"jobId\":\"j2\",\"name\":\"adhoc\",\"version\":1,\"revision\":1,\"enabled\":true,\"schedule\":null}",
                JobSchedule.class);
        assertThat(manual.schedule()).isNull();
        assertThat(manual.retry()).isEqualTo(RetrySpec.DEFAULT);
        assertThat(manual.problem()).isNull();
    }

    @Test
    void anUnreadableScheduleIsReportedOnItsJobInsteadOfFailingThePage() {
        JobSchedulePage page = PLAIN.readValue("""
                {"items":[
                  {"jobId":"j3","name":"odd","version":1,"revision":1,"enabled":true,
                   "schedule":{"cron":"0 * * * * ?","timezone":"Mars/Olympus"}},
                  {"jobId":"j4","name":"newer","version":1,"revision":1,"enabled":true,
                   "schedule":{"cron":"0 * * * * ?"},"retry":{"maxAttempts":3,"backoff":"fibonacci"}},
                  {"jobId":"j5","name":"fine","version":1,"revision":1,"enabled":true,"schedule":{"cron":"0 * * * * ?"}}],
                 "next":"j5"}""", JobSchedulePage.class);

        assertThat(page.next()).isEqualTo("j5");
        assertThat(page.items()).extracting(JobSchedule::jobId).containsExactly("j3", "j4", "j5");
        assertThat(page.items().get(0).schedule()).isNull();
        assertThat(page.items().get(0).problem()).contains("cannot be read").contains("Mars/Olympus");
        assertThat(page.items().get(1).problem()).contains("backoff");
        assertThat(page.items().get(2).problem()).isNull();
        assertThat(page.items().get(2).schedule().cron()).isEqualTo("0 * * * * ?");
    }

    @Test
    void aProblemConfigServiceReportsTravelsWithTheJob() {
        JobSchedule written = JobSchedule.read(
                "j7",
                "old",
                2,
                5,
                true,
                PLAIN.readTree("{\"cron\":\"0 * * * * ?\",\"every\":\"tuesday\"}"),
                null,
                null);
        assertThat(written.schedule()).isNull();
        assertThat(written.problem()).contains("every");

        JobSchedule read = PLAIN.readValue(PLAIN.writeValueAsString(written), JobSchedule.class);
        assertThat(read).isEqualTo(written);
    }

    @Test
    void aScheduleWithoutJobIdOrRevisionFailsTheRead() {
        assertThatThrownBy(() -> PLAIN.readValue(
                        "{\"jobId\":\"j\",\"name\":\"x\",\"version\":1,\"enabled\":true}", JobSchedule.class))
                .as("without its revision an answer cannot be ordered against others")
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining("revision");
        assertThatThrownBy(() -> PLAIN.readValue(
                        "{\"name\":\"x\",\"version\":1,\"revision\":1,\"enabled\":true,\"schedule\":{\"cron\":\"x\"}}",
                        JobSchedule.class))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining("jobId");
        assertThat(PLAIN.readValue("{\"items\":[],\"next\":null}", JobSchedulePage.class)
                        .items())
                .isEmpty();
    }

    @Test
    void aScheduleWrittenByConfigServiceKeepsItsDefaults() {
        JobSchedule given = JobSchedule.of(
                "j6", "n", 1, 1, false, new ScheduleSpec("0 0 2 * * ?", null, null, null, null, null), null);
        JsonNode written = NON_NULL.valueToTree(given);
        assertThat(written.at("/schedule/timezone").asString()).isEqualTo("Z");
        assertThat(written.at("/schedule/misfire").asString()).isEqualTo("fire-now");
        assertThat(written.at("/retry/maxAttempts").asInt()).isEqualTo(3);
        assertThat(PLAIN.treeToValue(written, JobSchedule.class)).isEqualTo(given);
    }

    private static final String RULES = """
            {"id":"r1","name":"orders-rules","version":3,"description":"ignored","rules":[
              {"name":"vip","when":"amount > 1000","priority":10,
               "then":{"set":{"tier":{"value":"gold"},"cents":{"expr":"amount * 100"},"note":{"value":null},
                              "rate":{"value":0.25},"count":{"value":12}}}},
              {"name":"negative","when":"amount < 0","priority":100,"then":{"reject":"amount must not be negative"}},
              {"name":"big","when":"amount > 10000","priority":5,"then":{"tag":"big-order"}}]}""";

    @Test
    void aRuleSetIsReadInTheShapeUsersWriteAndWrittenBackTheSame() {
        RuleSet ruleSet = PLAIN.readValue(RULES, RuleSet.class);

        assertThat(ruleSet.version()).isEqualTo(3);
        assertThat(ruleSet.rules()).extracting(RuleSet.Rule::name).containsExactly("vip", "negative", "big");
        RuleSet.SetFields set = (RuleSet.SetFields) ruleSet.rules().get(0).then();
        assertThat(set.fields().keySet()).containsExactly("tier", "cents", "note", "rate", "count");
        assertThat(set.fields().get("tier")).isEqualTo(new RuleSet.Constant("gold"));
        assertThat(set.fields().get("cents")).isEqualTo(new RuleSet.Expr("amount * 100"));
        assertThat(set.fields().get("note")).isEqualTo(new RuleSet.Constant(null));
        assertThat(set.fields().get("count")).isEqualTo(new RuleSet.Constant(12));
        assertThat(ruleSet.rules().get(1).then()).isEqualTo(new RuleSet.Reject("amount must not be negative"));
        assertThat(ruleSet.rules().get(2).then()).isEqualTo(new RuleSet.Tag("big-order"));

        for (JsonMapper mapper : List.of(PLAIN, NON_NULL)) {
            JsonNode written = mapper.valueToTree(ruleSet);
            assertThat(written.at("/rules/0/then/set/note").has("value"))
                    .as("a null constant stays a constant")
                    .isTrue();
            assertThat(written.at("/rules/1/then/reject").asString()).isEqualTo("amount must not be negative");
            assertThat(written.at("/rules/2/then/tag").asString()).isEqualTo("big-order");
            assertThat(mapper.treeToValue(written, RuleSet.class)).isEqualTo(ruleSet);
        }
    }

    @Test
    void anActionOrValueWithoutExactlyOneKnownKeyIsRefused() {
        for (String then : List.of(
                "{\"reject\":\"r\",\"tag\":\"t\"}",
                "{}",
                "{\"drop\":true}",
                "{\"set\":{}}",
                "{\"set\":[1]}",
                "{\"reject\":5}",
                "{\"tag\":\" \"}",
                "{\"set\":{\"a\":{\"value\":1,\"expr\":\"x\"}}}",
                "{\"set\":{\"a\":{\"expr\":\"\"}}}",
                "{\"set\":{\"a\":7}}",
                "\"reject\"")) {
            String json = "{\"name\":\"s\",\"version\":1,\"rules\":[{\"name\":\"r\",\"when\":\"true\",\"priority\":1,"
                    + "\"then\":" + then + "}]}";
            assertThatThrownBy(() -> PLAIN.readValue(json, RuleSet.class))
                    .as(then)
                    .isInstanceOf(JacksonException.class);
        }
        assertThatThrownBy(() -> PLAIN.readValue(
                        "{\"name\":\"s\",\"version\":1,\"rules\":[{\"name\":\"r\",\"when\":\"true\",\"priority\":1}]}",
                        RuleSet.class))
                .as("a rule without then")
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining("then");
    }

    @Test
    void twoRulesOfOneNameAreRefused() {
        RuleSet.Rule rule = new RuleSet.Rule("r", "true", 1, new RuleSet.Tag("t"));
        assertThatThrownBy(() -> new RuleSet("id", "s", 1, List.of(rule, rule))).hasMessageContaining("two rules");
    }
}

package io.datasync.config.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasync.kit.test.ServiceTestSupport;
import io.datasync.models.event.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Rule sets end to end: HTTP, PostgreSQL, the outbox and a real Kafka broker. */
class RuleSetsIT extends ServiceTestSupport {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private String base() {
        return properties.apiBase() + "/rulesets";
    }

    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    private static JsonNode body(HttpResponse<String> response) {
        return MAPPER.readTree(response.body());
    }

    private static String ruleSet(String name, String rules) {
        return json("{'name':'" + name + "','description':'orders','rules':[" + rules + "]}");
    }

    private static final String GOOD_RULES =
            "{'name':'vip','when':'amount > 1000','then':{'set':{'tier':{'value':'gold'},"
                    + "'cents':{'expr':'amount * 100'}}},'priority':10},"
                    + "{'name':'negative','when':'amount < 0','then':{'reject':'amount must not be negative'},'priority':100},"
                    + "{'name':'big','when':'amount > 5000','then':{'tag':'big-order'},'priority':5}";

    private HttpResponse<String> send(String method, String path, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .headers(http.identityHeader())
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String create(String name) {
        HttpResponse<String> created = http.post(base(), ruleSet(name, GOOD_RULES));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return body(created).get("id").stringValue();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void createsAnswers201WithLocationAndReadsItBack() {
        String name = unique("orders");
        HttpResponse<String> created = http.post(base(), ruleSet(name, GOOD_RULES));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode view = body(created);
        String id = view.get("id").stringValue();
        assertThat(created.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith(base() + "/" + id));
        assertThat(view.get("version").longValue()).isEqualTo(1);
        assertThat(view.get("rules")).hasSize(3);

        JsonNode read = body(http.get(base() + "/" + id));
        assertThat(read.get("name").stringValue()).isEqualTo(name);
        assertThat(read.get("description").stringValue()).isEqualTo("orders");
        assertThat(read.get("rules")
                        .get(0)
                        .get("then")
                        .get("set")
                        .get("tier")
                        .get("value")
                        .stringValue())
                .isEqualTo("gold");

        JsonNode list = body(http.get(base() + "?page=0&size=200"));
        assertThat(list.get("totalItems").longValue()).isPositive();
        assertThat(list.get("items").valueStream().map(i -> i.get("id").stringValue()))
                .contains(id);
        assertThat(http.get(base() + "?size=201").statusCode()).isEqualTo(400);
    }

    @Test
    void updatesMakeNewImmutableVersions() {
        String name = unique("versioned");
        String id = create(name);
        String changed = ruleSet(name, "{'name':'only','when':'amount > 1','then':{'tag':'t'},'priority':1}");
        HttpResponse<String> updated = send("PUT", base() + "/" + id, changed);
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(body(updated).get("version").longValue()).isEqualTo(2);

        JsonNode versions = body(http.get(base() + "/" + id + "/versions"));
        assertThat(versions.valueStream().map(v -> v.get("version").longValue()))
                .containsExactly(2L, 1L);
        assertThat(body(http.get(base() + "/" + id + "/versions/1")).get("rules"))
                .hasSize(3);
        assertThat(body(http.get(base() + "/" + id + "/versions/2")).get("rules"))
                .hasSize(1);
        assertThat(body(http.get(base() + "/" + id)).get("version").longValue()).isEqualTo(2);
        assertThat(http.get(base() + "/" + id + "/versions/3").statusCode()).isEqualTo(404);
    }

    @Test
    void evaluatesSampleRecordsShowingWhatEachRuleDid() {
        String id = create(unique("evaluated"));
        HttpResponse<String> response = http.post(
                base() + "/" + id + "/evaluate",
                json("{'records':[{'id':1,'amount':6000},{'id':2,'amount':-5},{'id':3,'amount':'lots'}]}"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode report = body(response);
        assertThat(report.get("accepted").intValue()).isEqualTo(2);
        assertThat(report.get("rejected").intValue()).isEqualTo(1);

        JsonNode first = report.get("results").get(0);
        assertThat(first.get("outcome").stringValue()).isEqualTo("accepted");
        assertThat(first.get("record").get("tier").stringValue()).isEqualTo("gold");
        assertThat(first.get("record").get("cents").longValue()).isEqualTo(600000);
        assertThat(first.get("tags").get(0).stringValue()).isEqualTo("big-order");
        assertThat(first.get("rules").valueStream().map(r -> r.get("rule").stringValue()))
                .containsExactly("negative", "vip", "big");

        JsonNode second = report.get("results").get(1);
        assertThat(second.get("outcome").stringValue()).isEqualTo("rejected");
        assertThat(second.get("reason").stringValue()).isEqualTo("amount must not be negative");

        JsonNode third = report.get("results").get(2);
        assertThat(third.get("rules").get(0).get("status").stringValue()).isEqualTo("failed");

        HttpResponse<String> notRecords = http.post(base() + "/" + id + "/evaluate", json("{'records':[1]}"));
        assertThat(notRecords.statusCode()).isEqualTo(400);
        assertThat(notRecords.body()).contains("\"pointer\":\"/records/0\"");
    }

    @Test
    void aRuleBreakingACelLimitIsA400NamingTheRuleTheRecordAndTheSetting() {
        String rules = "{'name':'short','when':'size(note) < 10','then':{'tag':'short'},'priority':2},"
                + "{'name':'greedy','when':'size(note + note + note) > 0','then':{'tag':'long'},'priority':1}";
        HttpResponse<String> created = http.post(base(), ruleSet(unique("greedy"), rules));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = body(created).get("id").stringValue();

        String large = "n".repeat(400_000);
        HttpResponse<String> preview = http.post(
                base() + "/" + id + "/evaluate", json("{'records':[{'note':'fine'},{'note':'" + large + "'}]}"));
        assertThat(preview.statusCode()).as(preview.body()).isEqualTo(400);
        JsonNode problem = body(preview);
        assertThat(problem.get("code").stringValue()).isEqualTo("COMMON-001");
        assertThat(problem.get("detail").stringValue())
                .contains("rule 'greedy' (/rules/1/when) on record 1")
                .contains("the expression built a string longer than 1048576 characters")
                .endsWith("(datasync.service.cel.max-string-length)");
        JsonNode error = problem.get("errors").get(0);
        assertThat(error.get("pointer").stringValue()).isEqualTo("/records/1");
        assertThat(error.get("message").stringValue()).startsWith("rule 'greedy' (/rules/1/when) on record 1: ");

        // The same records without the large one preview as usual, and the service is still there.
        HttpResponse<String> fine = http.post(base() + "/" + id + "/evaluate", json("{'records':[{'note':'fine'}]}"));
        assertThat(fine.statusCode()).as(fine.body()).isEqualTo(200);
        assertThat(body(fine).get("results").get(0).get("tags").get(0).stringValue())
                .isEqualTo("short");
    }

    @Test
    void refusesToSaveARuleSetWhoseRegularExpressionWouldExhaustTheHeap() {
        // A 23-character regex whose RE2 program has a billion instructions; searching the pair for a conflict
        // evaluates it on generated records.
        String rules = "{'name':'bomb','when':'name.matches(\\'((a{1000}){1000}){1000}\\')',"
                + "'then':{'set':{'tier':{'value':'x'}}},'priority':1},"
                + "{'name':'all','when':'true','then':{'set':{'tier':{'value':'y'}}},'priority':2}";
        HttpResponse<String> response = http.post(base(), ruleSet(unique("bomb"), rules));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = body(response).get("errors").get(0);
        assertThat(error.get("pointer").stringValue()).isEqualTo("/rules/0/when");
        assertThat(error.get("message").stringValue())
                .startsWith("rule 'bomb' (/rules/0/when) on the record")
                .endsWith("(datasync.service.cel.max-regex-program-size)");

        HttpResponse<String> validated = http.post(base() + "/validate", ruleSet("x", rules));
        assertThat(validated.statusCode()).isEqualTo(200);
        assertThat(body(validated).get("valid").booleanValue()).isFalse();
        assertThat(body(validated).get("errors").get(0).get("pointer").stringValue())
                .isEqualTo("/rules/0/when");
    }

    @Test
    void refusesConflictingRulesWithThePairAndAnExampleRecord() {
        String rules = "{'name':'gold','when':'amount > 100','then':{'set':{'tier':{'value':'gold'}}},'priority':1},"
                + "{'name':'silver','when':'amount < 500','then':{'set':{'tier':{'value':'silver'}}},'priority':2}";
        HttpResponse<String> response = http.post(base(), ruleSet(unique("conflicting"), rules));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode problem = body(response);
        assertThat(problem.get("code").stringValue()).isEqualTo("COMMON-006");
        assertThat(problem.get("errors").valueStream().map(e -> e.get("pointer").stringValue()))
                .containsExactly("/rules/0", "/rules/1");
        JsonNode conflict = problem.get("conflicts").get(0);
        assertThat(conflict.get("rules").valueStream().map(r -> r.get("name").stringValue()))
                .containsExactly("gold", "silver");
        long amount = conflict.get("example").get("amount").longValue();
        assertThat(amount).isBetween(101L, 499L);

        HttpResponse<String> validated = http.post(base() + "/validate", ruleSet("x", rules));
        assertThat(validated.statusCode()).isEqualTo(200);
        assertThat(body(validated).get("valid").booleanValue()).isFalse();
        assertThat(body(validated).get("conflicts")).hasSize(1);
    }

    @Test
    void answersCelThatDoesNotCompileWith400NamingEveryField() {
        String rules = "{'name':'a','when':'amount >','then':{'tag':'t'},'priority':1},"
                + "{'name':'b','when':'frob(amount)','then':{'set':{'x':{'expr':'1 +'}}},'priority':1}";
        HttpResponse<String> response = http.post(base(), ruleSet(unique("broken"), rules));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode problem = body(response);
        assertThat(problem.get("code").stringValue()).isEqualTo("COMMON-001");
        assertThat(problem.get("errors").valueStream().map(e -> e.get("pointer").stringValue()))
                .contains("/rules/0/when", "/rules/1/when", "/rules/1/then/set/x/expr");

        HttpResponse<String> validated = http.post(base() + "/validate", ruleSet("x", rules));
        assertThat(validated.statusCode()).isEqualTo(200);
        assertThat(body(validated).get("errors").size()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void answersBadJsonAndUnknownIdsWithProblemsNeverA500() {
        HttpResponse<String> malformed = http.post(base(), "{\"name\":");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("COMMON-002");

        HttpResponse<String> notAnObject = http.post(base(), "[1,2]");
        assertThat(notAnObject.statusCode()).isEqualTo(400);
        assertThat(notAnObject.body()).contains("\"pointer\":\"/\"");

        String unknown = UUID.randomUUID().toString();
        for (HttpResponse<String> response : List.of(
                http.get(base() + "/" + unknown),
                http.get(base() + "/" + unknown + "/versions"),
                http.post(base() + "/" + unknown + "/evaluate", "{\"records\":[]}"),
                send("PUT", base() + "/" + unknown, ruleSet("n", GOOD_RULES)),
                send("DELETE", base() + "/" + unknown, null))) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
            assertThat(response.body()).contains("COMMON-003");
        }
        assertThat(http.get(base() + "/not-a-uuid").statusCode()).isEqualTo(400);
    }

    @Test
    void refusesADuplicateNameButAllowsItAfterDelete() {
        String name = unique("dup");
        String id = create(name);
        HttpResponse<String> duplicate = http.post(base(), ruleSet(name, GOOD_RULES));
        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertThat(duplicate.body()).contains("\"pointer\":\"/name\"");

        assertThat(send("DELETE", base() + "/" + id, null).statusCode()).isEqualTo(204);
        assertThat(http.get(base() + "/" + id).statusCode()).isEqualTo(404);
        create(name);
    }

    @Test
    void publishesRuleSetChangedWithTheNewVersionThroughKafka() {
        String name = unique("published");
        String id = create(name);
        assertThat(send("PUT", base() + "/" + id, ruleSet(name, GOOD_RULES)).statusCode())
                .isEqualTo(200);
        assertThat(send("DELETE", base() + "/" + id, null).statusCode()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<JsonNode> events = eventsAbout(id);
            assertThat(events)
                    .extracting(e -> e.get("data").get("change").stringValue() + "@"
                            + e.get("data").get("version").longValue())
                    .containsExactly("CREATED@1", "UPDATED@2", "DELETED@2");
            assertThat(events).allSatisfy(e -> {
                assertThat(e.get("type").stringValue()).isEqualTo("datasync.config.ruleset.changed.v1");
                assertThat(e.get("data").get("name").stringValue()).isEqualTo(name);
            });
        });
    }

    /** The envelopes on the config topic whose subject is the rule set, in topic order. */
    private List<JsonNode> eventsAbout(String ruleSetId) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<JsonNode> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.CONFIG_CHANGES).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (ruleSetId.equals(record.key())) {
                        JsonNode envelope = MAPPER.readTree(record.value());
                        assertThat(record.headers().lastHeader("ce_id")).isNotNull();
                        events.add(envelope);
                    }
                }
            }
        }
        return events;
    }
}

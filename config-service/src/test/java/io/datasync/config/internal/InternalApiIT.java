package io.datasync.config.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.kit.test.ServiceTestSupport;
import io.datasync.models.internal.JobSchedule;
import io.datasync.models.internal.JobSchedulePage;
import io.datasync.models.internal.ResolvedJob;
import io.datasync.models.internal.RuleSet;
import io.datasync.models.job.ConcurrencyPolicy;
import io.datasync.models.job.IncrementalMode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The internal API answers the shared records of {@code io.datasync.models.internal}: what it writes reads back into
 * them with a plain Jackson 3 mapper, as the callers' Feign decoders read it, durations and enum wire names included.
 */
class InternalApiIT extends ServiceTestSupport {

    private static final String TOKEN = "it-internal-token-6f1c";
    private static final JsonMapper PLAIN = JsonMapper.builder().build();

    private String suffix;

    @BeforeEach
    void connections() {
        suffix = UUID.randomUUID().toString().substring(0, 8);
        created(http.post(
                "/api/config/connections",
                "{\"name\":\"src-" + suffix + "\",\"type\":\"jdbc\",\"settings\":{\"url\":"
                        + "\"jdbc:postgresql://127.0.0.1:5432/src\",\"user\":\"u\",\"password\":\"p-" + suffix
                        + "\"}}"));
        created(http.post(
                "/api/config/connections",
                "{\"name\":\"dw-" + suffix + "\",\"type\":\"jdbc\",\"settings\":{\"url\":"
                        + "\"jdbc:postgresql://127.0.0.1:5432/dw\",\"user\":\"u\",\"password\":\"q\"}}"));
    }

    private static JsonNode created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return PLAIN.readTree(response.body());
    }

    private String createJob(String name) {
        String yaml = """
                name: %s
                source:
                  type: jdbc
                  connection: src-%s
                  table: public.orders
                  incremental: { mode: timestamp, column: updated_at }
                target: { type: jdbc, connection: dw-%s, table: dw.orders, writeMode: upsert, keys: [id] }
                schedule: { cron: "0 0 2 * * ?", timezone: Asia/Shanghai, concurrency: replace }
                retry: { maxAttempts: 5, initialDelay: 15s, maxDelay: 20m }
                """.formatted(name, suffix, suffix);
        return created(http.send("POST", "/api/config/jobs", yaml, "application/yaml"))
                .get("id")
                .asString();
    }

    private HttpResponse<String> internal(String path) {
        return http.get(path, "X-Service-Token", TOKEN);
    }

    private <T> T read(String path, Class<T> type) {
        HttpResponse<String> response = internal(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return PLAIN.readValue(response.body(), type);
    }

    @Test
    void aResolvedJobReadsBackAsTheSharedRecordWithItsDefinitionAndDecryptedConnections() {
        String id = createJob("contract-" + suffix);

        ResolvedJob job = read("/internal/jobs/" + id, ResolvedJob.class);

        assertThat(job.jobId()).isEqualTo(id);
        assertThat(job.version()).isEqualTo(1);
        assertThat(job.revision()).isPositive();
        assertThat(job.enabled()).isTrue();
        assertThat(job.definition().source().incremental().mode()).isEqualTo(IncrementalMode.TIMESTAMP);
        assertThat(job.definition().retry().initialDelay()).isEqualTo(Duration.ofSeconds(15));
        assertThat(job.definition().schedule().concurrency()).isEqualTo(ConcurrencyPolicy.REPLACE);
        assertThat(job.connection("src-" + suffix).settings()).containsEntry("password", "p-" + suffix);
        assertThat(job.connection("dw-" + suffix).type()).isEqualTo("jdbc");
        assertThat(job.toString()).doesNotContain("p-" + suffix);
        assertThat(read("/internal/jobs/" + id + "/versions/1", ResolvedJob.class))
                .isEqualTo(job);
    }

    @Test
    void aConnectionReadsBackAsTheSharedRecord() {
        var connection =
                read("/internal/connections/src-" + suffix, io.datasync.models.internal.ResolvedConnection.class);
        assertThat(connection.name()).isEqualTo("src-" + suffix);
        assertThat(connection.settings()).containsEntry("password", "p-" + suffix);
    }

    @Test
    void schedulesReadBackTypedOneByOneAndPageByPage() {
        String id = createJob("sched-" + suffix);

        JobSchedule one = read("/internal/jobs/" + id + "/schedule", JobSchedule.class);
        assertThat(one.problem()).isNull();
        assertThat(one.schedule().timezone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(one.schedule().concurrency()).isEqualTo(ConcurrencyPolicy.REPLACE);
        assertThat(one.retry().maxDelay()).isEqualTo(Duration.ofMinutes(20));
        assertThat(internal("/internal/jobs/" + id + "/schedule").body()).doesNotContain("problem", "password");

        List<JobSchedule> all = new ArrayList<>();
        String after = "";
        do {
            JobSchedulePage page = read("/internal/jobs?size=2" + after, JobSchedulePage.class);
            all.addAll(page.items());
            after = page.next() == null ? null : "&after=" + page.next();
        } while (after != null);
        assertThat(all).contains(one);
    }

    @Test
    void aRuleSetReadsBackAsTheSharedRecordInItsUsersShape() {
        String name = "contract-" + suffix;
        created(http.post(
                "/api/config/rulesets",
                ("{'name':'" + name + "','rules':["
                                + "{'name':'vip','when':'amount > 1000','priority':10,"
                                + "'then':{'set':{'tier':{'value':'gold'},'cents':{'expr':'amount * 100'},"
                                + "'note':{'value':null}}}},"
                                + "{'name':'negative','when':'amount < 0','priority':100,"
                                + "'then':{'reject':'amount must not be negative'}},"
                                + "{'name':'big','when':'amount > 10000','priority':5,'then':{'tag':'big-order'}}]}")
                        .replace('\'', '"')));

        RuleSet ruleSet = read("/internal/rulesets/by-name/" + name, RuleSet.class);

        assertThat(ruleSet.version()).isEqualTo(1);
        assertThat(ruleSet.rules()).extracting(RuleSet.Rule::name).containsExactly("vip", "negative", "big");
        RuleSet.SetFields set = (RuleSet.SetFields) ruleSet.rules().get(0).then();
        assertThat(set.fields())
                .containsEntry("tier", new RuleSet.Constant("gold"))
                .containsEntry("cents", new RuleSet.Expr("amount * 100"))
                .containsEntry("note", new RuleSet.Constant(null));
        assertThat(ruleSet.rules().get(1).then()).isEqualTo(new RuleSet.Reject("amount must not be negative"));
        assertThat(ruleSet.rules().get(2).then()).isEqualTo(new RuleSet.Tag("big-order"));
    }

    @Test
    void anUnknownThingIsANotFoundProblemAndAMalformedIdA400NamingIt() {
        String unknown = UUID.randomUUID().toString();
        for (String path : List.of(
                "/internal/jobs/" + unknown,
                "/internal/jobs/" + unknown + "/schedule",
                "/internal/connections/nope-" + suffix,
                "/internal/rulesets/by-name/nope-" + suffix)) {
            HttpResponse<String> missing = internal(path);
            assertThat(missing.statusCode()).as(path).isEqualTo(404);
            JsonNode problem = PLAIN.readTree(missing.body());
            assertThat(problem.get("code").asString()).isEqualTo("COMMON-003");
            assertThat(problem.get("detail").asString()).endsWith("does not exist");
        }
        HttpResponse<String> malformed = internal("/internal/jobs/nope");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(PLAIN.readTree(malformed.body()).at("/errors/0/pointer").asString())
                .isEqualTo("?id");
    }
}

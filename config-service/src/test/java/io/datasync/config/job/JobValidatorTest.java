package io.datasync.config.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.config.connection.ConnectionCatalog;
import io.datasync.models.connector.JobChecks;
import io.datasync.models.job.JobDefinitions.Format;
import io.datasync.models.problem.FieldError;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The validator's rules with an in-memory connection catalog and a CEL checker that only knows "bad(" is bad. */
class JobValidatorTest {

    private static final Map<String, String> CONNECTIONS =
            Map.of("pg-main", "jdbc", "warehouse", "jdbc", "api", "http");

    private final JobValidator validator = new JobValidator(
            new ConnectionCatalog() {
                @Override
                public Optional<JobChecks.Connection> describe(String name) {
                    return Optional.ofNullable(CONNECTIONS.get(name))
                            .map(kind -> new JobChecks.Connection(
                                    kind,
                                    kind.equals("jdbc")
                                            ? Map.of("url", "jdbc:postgresql://db/" + name, "maxPoolSize", 4)
                                            : Map.of("baseUrl", "https://api.example.com")));
                }

                @Override
                public Optional<ResolvedConnection> resolve(String name) {
                    return Optional.empty();
                }
            },
            expression -> expression.contains("bad(") ? List.of("undeclared reference to 'bad'") : List.of(),
            name -> name.equals("order-rules"),
            Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC));

    private static final String VALID = """
            name: orders
            source: { type: jdbc, connection: pg-main, table: public.orders, split: { column: id, parallelism: 2 } }
            transforms:
              - derive: { total_cents: "amount * 100" }
            target: { type: jdbc, connection: warehouse, table: dw.orders, writeMode: upsert, keys: [id] }
            schedule: { cron: "0 0 2 * * ?", timezone: Asia/Shanghai }
            """;

    @Test
    void acceptsAValidDefinitionAndPreviewsTheNextFiveFireTimesInItsZone() {
        JobValidator.Validation v = validator.validate(VALID, Format.YAML);
        assertThat(v.errors()).isEmpty();
        assertThat(v.nextFireTimes()).hasSize(5);
        assertThat(v.nextFireTimes().get(0).toString()).isEqualTo("2026-11-28T02:00+08:00");
    }

    @Test
    void reportsEveryStructuralProblemAtOnce() {
        JobValidator.Validation v = validator.validate("""
                name: x
                colour: red
                source: { type: ftp, connection: pg-main }
                target: { type: jdbc, table: 5 }
                retry: { initialDelay: soon }
                transforms: [ { explode: {} } ]
                """, Format.YAML);
        assertThat(v.errors())
                .extracting(FieldError::pointer)
                .containsExactlyInAnyOrder(
                        "/colour",
                        "/source/type",
                        "/target/table",
                        "/target/connection",
                        "/retry/initialDelay",
                        "/transforms/0");
    }

    @Test
    void reportsEveryProblemOfMeaningAtOnce() {
        JobValidator.Validation v = validator.validate("""
                name: x
                source: { type: jdbc, connection: api, table: "orders; drop table x" }
                transforms:
                  - derive: { c: "bad(1)" }
                  - cast: { amount: money }
                target: { type: jdbc, connection: nowhere, table: t, keys: ["k k"], writeMode: upsert }
                schedule: { cron: "every day" }
                """, Format.YAML);
        assertThat(v.errors())
                .extracting(FieldError::pointer)
                .containsExactlyInAnyOrder(
                        "/source/connection",
                        "/source/table",
                        "/transforms/0/derive/c",
                        "/transforms/1/cast/amount",
                        "/target/connection",
                        "/target/keys/0",
                        "/schedule/cron");
        assertThat(v.errors()).anySatisfy(e -> assertThat(e.message()).contains("is a http connection"));
    }

    /**
     * A value its record refuses (a range, a time zone) is reported and left out, and the rest is still checked:
     * fixing one problem never merely reveals the next.
     */
    @Test
    void reportsValuesTheRecordsRefuseTogetherWithEveryOtherProblem() {
        JobValidator.Validation v = validator.validate("""
                name: x
                source: { type: jdbc, connection: ghost, table: "t; drop table x", split: { column: id, parallelism: 0 } }
                target: { type: jdbc, connection: warehouse, table: t }
                retry: { maxAttempts: -1, multiplier: -2 }
                limits: { maxErrorRatio: 7 }
                schedule: { cron: "every minute", timezone: Mars/Olympus }
                """, Format.YAML);
        assertThat(v.errors())
                .extracting(FieldError::pointer)
                .contains(
                        "/source/connection",
                        "/source/table",
                        "/source/split/parallelism",
                        "/retry/maxAttempts",
                        "/retry/multiplier",
                        "/limits/maxErrorRatio",
                        "/schedule/cron",
                        "/schedule/timezone")
                .doesNotHaveDuplicates();
        assertThat(v.errors())
                .filteredOn(e -> e.pointer().equals("/schedule/timezone"))
                .singleElement()
                .satisfies(e -> assertThat(e.message())
                        .startsWith("is not a time zone")
                        .doesNotContain("java", "ZoneId", "deserialize"));
    }

    @Test
    void aRulesTransformNamesARuleSetThatExists() {
        String job = """
                name: x
                source: { type: jdbc, connection: pg-main, table: public.orders }
                transforms: [ { rules: { ruleSet: %s } } ]
                target: { type: jdbc, connection: warehouse, table: dw.orders }
                """;
        assertThat(validator.validate(job.formatted("order-rules"), Format.YAML).errors())
                .isEmpty();
        assertThat(validator
                        .validate(job.formatted("no-such-rules"), Format.YAML)
                        .errors())
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.pointer()).isEqualTo("/transforms/0/rules/ruleSet");
                    assertThat(e.message()).startsWith("no rule set named 'no-such-rules'");
                });
    }

    @Test
    void qualityChecksAfterTheLoadNeedAPostgresTargetAndARunThatCompletes() {
        assertThat(validator.validate("""
                                name: x
                                source: { type: jdbc, connection: pg-main, table: public.orders }
                                quality: { ruleSet: orders-rules, mode: inline, onViolation: quarantine, maxErrorRatio: 0.05 }
                                target: { type: jdbc, connection: warehouse, table: t }
                                """, Format.YAML).errors()).isEmpty();
        assertThat(validator.validate("""
                                name: x
                                source: { type: jdbc, connection: pg-main, table: public.orders }
                                quality: { ruleSet: orders-rules, mode: post-load }
                                target: { type: jdbc, connection: warehouse, table: t }
                                """, Format.YAML).errors()).isEmpty();
        JobValidator.Validation v = validator.validate("""
                name: x
                source: { type: push, options: { columns: [ { name: id } ] } }
                quality: { ruleSet: orders-rules, mode: post-load }
                target: { type: jdbc, connection: warehouse, table: t }
                """, Format.YAML);
        assertThat(v.errors()).extracting(FieldError::pointer).containsExactly("/quality/mode");
        assertThat(v.errors().get(0).message()).contains("a stream's run never does", "mode: inline");
    }

    @Test
    void aChangeLogFollowsOneTableIntoAnUpsertedTargetAndRunsUntilStopped() {
        assertThat(validator.validate("""
                                name: x
                                source: { type: jdbc, connection: pg-main, table: public.orders, incremental: { mode: changelog }, options: { start: now } }
                                target: { type: jdbc, connection: warehouse, table: t, writeMode: upsert, keys: [ id ] }
                                """, Format.YAML).errors()).isEmpty();
        assertThat(validator.validate("""
                                name: x
                                source: { type: jdbc, connection: pg-main, query: "SELECT 1 AS id", split: { column: id, parallelism: 2 }, incremental: { mode: changelog }, options: { start: later } }
                                target: { type: jdbc, connection: warehouse, table: t }
                                schedule: { cron: "0 0 * * * ?" }
                                """, Format.YAML).errors())
                .extracting(FieldError::pointer)
                .containsExactlyInAnyOrder(
                        "/source/table",
                        "/source/split",
                        "/source/options/start",
                        "/target/writeMode",
                        "/schedule/cron");
        assertThat(validator.validate("""
                                name: x
                                source: { type: jdbc, connection: pg-main, table: pg_catalog.pg_authid, incremental: { mode: changelog } }
                                target: { type: jdbc, connection: warehouse, table: t, writeMode: upsert, keys: [ id ] }
                                """, Format.YAML).errors())
                .extracting(FieldError::pointer)
                .containsExactly("/source/table");
        assertThat(validator.validate("""
                                name: x
                                source: { type: jdbc, connection: pg-main, table: t, options: { start: now } }
                                target: { type: jdbc, connection: warehouse, table: t }
                                """, Format.YAML).errors())
                .extracting(FieldError::pointer, FieldError::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "/source/options/start",
                        "is only for a change log (incremental: {mode: changelog}); leave it out"));
    }

    @Test
    void checksSourceAndTargetOptionsAndWhatEachKindSupportsAtSave() {
        JobValidator.Validation v = validator.validate("""
                name: x
                source:
                  type: http
                  connection: api
                  table: orders
                  split: { column: id, parallelism: 2 }
                  options: { path: /v1/orders, pagesize: 10, pagination: { type: cursor }, headers: { X-Service-Token: t } }
                target: { type: jdbc, connection: warehouse, table: t, options: { batch: 5 } }
                """, Format.YAML);
        assertThat(v.errors())
                .extracting(FieldError::pointer)
                .containsExactlyInAnyOrder(
                        "/source/table",
                        "/source/split",
                        "/source/options/pagesize",
                        "/source/options/pagination/cursorPointer",
                        "/source/options/headers/X-Service-Token",
                        "/target/options/batch");

        assertThat(validator.validate("""
                                name: x
                                source: { type: jdbc, connection: pg-main, table: t, split: { column: id, parallelism: 8 } }
                                target: { type: jdbc, connection: api, table: t }
                                """, Format.YAML).errors())
                .extracting(FieldError::pointer)
                .containsExactlyInAnyOrder("/source/split/parallelism", "/target/connection");
    }

    @Test
    void whatAKindNeedsComesFromTheCatalog() {
        assertThat(validator.validate("""
                                name: x
                                source: { type: jdbc }
                                target: { type: jdbc, connection: warehouse, table: t }
                                """, Format.YAML).errors())
                .extracting(FieldError::pointer)
                .containsExactlyInAnyOrder("/source/connection", "/source/table");
    }

    @Test
    void reportsSyntaxErrorsWithTheLine() {
        JobValidator.Validation v = validator.validate("{\"name\": \"x\",,}", Format.JSON);
        assertThat(v.errors())
                .singleElement()
                .satisfies(e -> assertThat(e.message()).contains("not valid JSON"));
    }

    @Test
    void reportsCrossFieldRulesOfTheRecords() {
        JobValidator.Validation v = validator.validate("""
                name: x
                source: { type: push }
                target: { type: jdbc, connection: warehouse, table: t, writeMode: upsert }
                """, Format.YAML);
        assertThat(v.errors()).extracting(FieldError::pointer).containsExactly("/target/keys");
    }

    @Test
    void theSchemaRequiresWhatTheRecordsRequire() {
        assertThat(JobSchema.schema().at("/required").toString()).isEqualTo("[\"name\",\"source\",\"target\"]");
        assertThat(JobSchema.schema().at("/properties/target/required").toString())
                .isEqualTo("[\"connection\",\"table\",\"type\"]");
        assertThat(JobSchema.json()).contains("\"pk-range\"", "\"propertyNames\"", "\"rename\"");
    }
}

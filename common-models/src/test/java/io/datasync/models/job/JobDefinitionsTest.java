package io.datasync.models.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.models.problem.FieldError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobDefinitionsTest {

    private static String example() throws IOException {
        try (InputStream in = JobDefinitionsTest.class.getResourceAsStream("/orders-to-warehouse.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static FieldError errorOf(String yaml) {
        try {
            JobDefinitions.fromYaml(yaml);
        } catch (JobDefinitionException e) {
            assertThat(e.errors()).hasSize(1);
            return e.errors().get(0);
        }
        throw new AssertionError("expected the definition to be refused:\n" + yaml);
    }

    @Test
    void readsTheArchitectureExample() throws IOException {
        JobDefinition job = JobDefinitions.fromYaml(example());

        assertThat(job.name()).isEqualTo("orders-to-warehouse");
        assertThat(job.source().type()).isEqualTo(SourceType.JDBC);
        assertThat(job.source().incremental().mode()).isEqualTo(IncrementalMode.TIMESTAMP);
        assertThat(job.source().split()).isEqualTo(new SplitSpec("id", 4));
        assertThat(job.transforms())
                .extracting(TransformStep::kind)
                .containsExactly("rename", "cast", "normalize", "convert", "derive", "mask");
        assertThat(job.transforms().get(3).config()).isEqualTo(Map.of("note", Map.of("from", "GBK", "to", "UTF-8")));
        assertThat(job.quality().mode()).isEqualTo(QualityMode.INLINE);
        assertThat(job.target().writeMode()).isEqualTo(WriteMode.UPSERT);
        assertThat(job.target().keys()).containsExactly("id");
        assertThat(job.schedule().timezone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(job.schedule().concurrency()).isEqualTo(ConcurrencyPolicy.SKIP);
        assertThat(job.retry()).isEqualTo(new RetrySpec(5, Duration.ofSeconds(10), 2.0, Duration.ofMinutes(10), 0.2));
        assertThat(job.limits()).isEqualTo(LimitsSpec.UNLIMITED);
    }

    @Test
    void roundTripsThroughJsonAndYaml() throws IOException {
        JobDefinition job = JobDefinitions.fromYaml(example());

        String json = JobDefinitions.toJson(job);
        String yaml = JobDefinitions.toYaml(job);

        assertThat(json).contains("\"initialDelay\":\"10s\"", "\"mode\":\"timestamp\"", "\"rename\":");
        assertThat(JobDefinitions.fromJson(json)).isEqualTo(job);
        assertThat(JobDefinitions.fromYaml(yaml)).isEqualTo(job);
    }

    @Test
    void fillsDefaultsForAMinimalDefinition() {
        JobDefinition job = JobDefinitions.fromJson("""
                {"name":"minimal","source":{"type":"file","connection":"drop-box","options":{"glob":"*.csv"}},
                 "target":{"type":"jdbc","connection":"dw","table":"t"}}""");

        assertThat(job.transforms()).isEmpty();
        assertThat(job.quality()).isEqualTo(QualitySpec.OFF);
        assertThat(job.retry()).isEqualTo(RetrySpec.DEFAULT);
        assertThat(job.limits()).isEqualTo(LimitsSpec.UNLIMITED);
        assertThat(job.schedule()).isNull();
        assertThat(job.source().incremental()).isEqualTo(IncrementalSpec.FULL);
        assertThat(job.target().writeMode()).isEqualTo(WriteMode.INSERT);
        assertThat(job.source().options()).containsEntry("glob", "*.csv");
    }

    @Test
    void readsABatchBlockAndFillsItsDefaults() {
        JobDefinition job = JobDefinitions.fromYaml("""
                name: s
                source: { type: jdbc, connection: c, table: t }
                target: { type: jdbc, connection: c, table: t }
                batch: { maxRows: 10000 }
                """);
        assertThat(job.batch()).isEqualTo(new BatchSpec(10_000, Duration.ofMillis(200)));
        assertThat(JobDefinitions.fromYaml(JobDefinitions.toYaml(job))).isEqualTo(job);

        JobDefinition without = JobDefinitions.fromJson("""
                {"name":"minimal","source":{"type":"file","connection":"drop-box","options":{"glob":"*.csv"}},
                 "target":{"type":"jdbc","connection":"dw","table":"t"}}""");
        assertThat(without.batch()).isNull();
        assertThat(without.batchOrDefault()).isEqualTo(new BatchSpec(5_000, Duration.ofMillis(200)));
        assertThat(JobDefinitions.fromJson(JobDefinitions.toJson(without))).isEqualTo(without);
    }

    @Test
    void namesAnUnknownFieldAndListsTheKnownOnes() {
        FieldError error = errorOf("""
                name: x
                source: { type: jdbc, connection: c, table: t, parralelism: 4 }
                target: { type: jdbc, connection: c, table: t }
                """);
        assertThat(error.pointer()).isEqualTo("/source/parralelism");
        assertThat(error.message()).contains("unknown field 'parralelism'", "split");
    }

    @Test
    void namesAWrongType() {
        FieldError error = errorOf("""
                name: x
                source: { type: jdbc, connection: c, table: t, split: { column: id, parallelism: four } }
                target: { type: jdbc, connection: c, table: t }
                """);
        assertThat(error.pointer()).isEqualTo("/source/split/parallelism");
    }

    @Test
    void namesAnUnknownSourceTypeAndTheAllowedOnes() {
        FieldError error = errorOf("""
                name: x
                source: { type: ftp, connection: c }
                target: { type: jdbc, connection: c, table: t }
                """);
        assertThat(error.pointer()).isEqualTo("/source/type");
        assertThat(error.message()).contains("ftp", "jdbc", "push");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            target: { type: jdbc, connection: c, table: t, writeMode: upsert }          | /target/keys
            target: { type: jdbc, connection: c }                                       | /target/table
            retry: { initialDelay: -5s }                                                | /retry/initialDelay
            retry: { initialDelay: 10m, maxDelay: 1m }                                  | /retry/maxDelay
            retry: { maxAttempts: 0 }                                                   | /retry/maxAttempts
            retry: { initialDelay: soon }                                               | /retry/initialDelay
            schedule: { cron: '0 * * * * ?', window: '1am-5am' }                        | /schedule/window
            schedule: { cron: '0 * * * * ?', window: '01:00-01:00' }                    | /schedule/window
            schedule: { cron: '0 * * * * ?', timezone: Mars/Olympus }                   | /schedule/timezone
            quality: { mode: inline }                                                   | /quality/ruleSet
            quality: { ruleSet: r, maxErrorRatio: 1.5 }                                 | /quality/maxErrorRatio
            limits: { rowsPerSecond: -1 }                                               | /limits/rowsPerSecond
            transforms: [ { rename: { a: b }, drop: [c] } ]                             | /transforms/0
            batch: { maxRows: 0 }                                                       | /batch/maxRows
            limits: { errorWindow: 30s }                                                | /limits/errorWindow
            limits: { errorWindow: 90s }                                                | /limits/errorWindow
            limits: { errorWindow: 2d }                                                 | /limits/errorWindow
            batch: { maxRows: 100001 }                                                  | /batch/maxRows
            batch: { maxDelay: 5ms }                                                    | /batch/maxDelay
            batch: { maxDelay: 61s }                                                    | /batch/maxDelay
            batch: { maxDelay: soon }                                                   | /batch/maxDelay
            """)
    void pointsAtTheInvalidField(String override, String pointer) {
        String key = override.substring(0, override.indexOf(':'));
        String yaml = "name: x\nsource: { type: jdbc, connection: c, table: t }\n"
                + (key.equals("target") ? "" : "target: { type: jdbc, connection: c, table: t }\n")
                + override + "\n";
        FieldError error = errorOf(yaml);
        assertThat(error.pointer()).isEqualTo(pointer);
        assertThat(error.message()).isNotBlank();
    }

    @Test
    void reportsTheLineOfASyntaxError() {
        FieldError error = errorOf("name: x\nsource: 'unterminated\ntarget: t\n");
        assertThat(error.pointer()).startsWith("/");
        assertThat(error.message()).contains("not valid YAML at line");
    }

    @Test
    void refusesASecondYamlDocument() {
        FieldError error = errorOf("""
                name: x
                source: { type: push }
                target: { type: jdbc, connection: c, table: t }
                ---
                name: y
                """);
        assertThat(error.message()).contains("only one YAML document");
    }

    @Test
    void errorMessagesNameNoJavaClasses() {
        FieldError error = errorOf("""
                name: x
                source: { type: push, options: [1, 2] }
                target: { type: jdbc, connection: c, table: t }
                """);
        assertThat(error.pointer()).isEqualTo("/source/options");
        assertThat(error.message()).isEqualTo("expected an object");
    }

    @Test
    void refusesAnEmptyDefinition() {
        assertThat(errorOf("   ").message()).contains("empty");
        assertThat(errorOf("# only a comment\n").message()).contains("empty");
    }

    @Test
    void refusesJsonWithTrailingGarbage() {
        assertThatThrownBy(() -> JobDefinitions.fromJson("""
                        {"name":"x","source":{"type":"push"},"target":{"type":"jdbc","connection":"c","table":"t"}} {}""")).isInstanceOf(JobDefinitionException.class);
    }

    @Test
    void jobNamesAreSafeIdentifiers() {
        FieldError error = errorOf("""
                name: "orders; drop table x"
                source: { type: push }
                target: { type: jdbc, connection: c, table: t }
                """);
        assertThat(error.pointer()).isEqualTo("/name");
    }

    @Test
    void transformsAreImmutable() {
        TransformStep step = TransformStep.fromObject(Map.of("drop", List.of("a", "b")));
        assertThatThrownBy(() -> ((List<?>) step.config()).clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void pickFormatFromMediaType() {
        assertThat(JobDefinitions.Format.forMediaType("application/yaml")).isEqualTo(JobDefinitions.Format.YAML);
        assertThat(JobDefinitions.Format.forMediaType("application/x-yaml; charset=utf-8"))
                .isEqualTo(JobDefinitions.Format.YAML);
        assertThat(JobDefinitions.Format.forMediaType("application/json")).isEqualTo(JobDefinitions.Format.JSON);
        assertThat(JobDefinitions.Format.forMediaType(null)).isEqualTo(JobDefinitions.Format.JSON);
    }
}

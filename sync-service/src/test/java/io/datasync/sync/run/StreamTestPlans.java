package io.datasync.sync.run;

import io.datasync.models.job.RetrySpec;
import io.datasync.sync.config.ResolvedJob;
import io.datasync.sync.connector.postgres.PostgresEndpoint;
import io.datasync.sync.connector.postgres.PostgresSink;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * Test-only plans: a job whose name a test registered here reads the test's {@link InMemoryStreamSource.Log} and writes
 * through a real {@link PostgresSink} into the test's database, so a stream run goes through the service's API,
 * executor and supervisor without a broker. Every other job is planned by the real {@link ConnectorPlans}.
 */
@Component
@Primary
class StreamTestPlans implements PlanFactory {

    /** Where a registered job's stream comes from and goes to. */
    record Stream(InMemoryStreamSource.Log log, String databaseUrl) {}

    private static final io.datasync.sync.transform.spi.Transform IDENTITY =
            new io.datasync.sync.transform.spi.Transform() {
                @Override
                public io.datasync.sync.connector.spi.Schema outputSchema(io.datasync.sync.connector.spi.Schema input) {
                    return input;
                }

                @Override
                public Result apply(io.datasync.sync.connector.spi.Chunk chunk) {
                    return Result.allRows(chunk);
                }
            };

    private static final Map<String, Stream> STREAMS = new ConcurrentHashMap<>();

    private final ConnectorPlans real;

    StreamTestPlans(ConnectorPlans real) {
        this.real = real;
    }

    static void register(String jobName, Stream stream) {
        STREAMS.put(jobName, stream);
    }

    @Override
    public RunEngine.Plan plan(
            ResolvedJob job, String runId, String checkpointScope, Map<String, Object> previousState) {
        Stream stream = STREAMS.get(job.name());
        if (stream == null) {
            return real.plan(job, runId, checkpointScope, previousState);
        }
        String scope = ConnectorPlans.streamScope(job.jobId());
        InMemoryStreamSource source = new InMemoryStreamSource(stream.log());
        PostgresSink sink = new PostgresSink(
                new PostgresEndpoint(stream.databaseUrl(), "postgres", ""),
                job.definition().target(),
                scope,
                1);
        return new RunEngine.Plan(
                scope,
                runId,
                source,
                IDENTITY,
                sink,
                1,
                1,
                job.definition().limits(),
                new RetrySpec(1, java.time.Duration.ZERO, 1.0, java.time.Duration.ZERO, 0.0),
                null);
    }
}

package io.datasync.sync.connector.push;

import io.datasync.kit.audit.NotAudited;
import io.datasync.kit.web.ApiException;
import io.datasync.kit.web.Problems;
import io.datasync.models.job.SourceType;
import io.datasync.models.problem.ErrorCode;
import io.datasync.models.problem.FieldError;
import io.datasync.sync.config.ResolvedJob;
import io.datasync.sync.connector.push.PushBody.Format;
import io.datasync.sync.connector.push.PushBody.MalformedException;
import io.datasync.sync.connector.push.PushTopics.Backlog;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/sync/push/{jobId}}: records pushed over HTTP for a {@code push} job, as NDJSON
 * ({@code application/x-ndjson}) or a JSON array ({@code application/json}) of objects.
 *
 * <p>Durable before acknowledged: the body is checked whole first (any bad record → 400 naming its line, nothing
 * taken), then every record is written to the job's topic on the platform's Kafka cluster by an idempotent producer
 * with {@code acks=all}, and {@code 202} is answered only after Kafka acknowledged all of them. The job's streaming run
 * consumes that topic like a Kafka source, with its positions committed in the target, so a record acknowledged here
 * lands once. Delivery: a client that retries a push whose answer it did not get (timeout, 503) may send records twice;
 * with {@code upsert} by key the target still holds each key once.
 *
 * <p>Answers: 202 {@code {accepted}}; 400 with the line of the first bad record; 404 unknown job or not a push job;
 * 413 body over {@code datasync.sync.push.max-body-size}; 415 another content type; 429 with {@code Retry-After}
 * while the job's unconsumed backlog is over {@code max-backlog} or the producer's buffer is full; 503 when Kafka does
 * not acknowledge in time. The gateway answers 401 and 403 (API keys bound to the job).
 */
@RestController
class PushEndpoint {

    static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");
    private static final Logger log = LoggerFactory.getLogger(PushEndpoint.class);

    private final PushJobs jobs;
    private final PushTopics topics;
    private final Producer<byte[], byte[]> producer;
    private final PushProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;

    PushEndpoint(
            PushJobs jobs,
            PushTopics topics,
            Producer<byte[], byte[]> pushProducer,
            PushProperties properties,
            Clock clock,
            MeterRegistry meters) {
        this.jobs = jobs;
        this.topics = topics;
        this.producer = pushProducer;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
    }

    @NotAudited("pushed records are data, counted by datasync_sync_push_records; the audit log records changes to"
            + " configuration and runs")
    @PostMapping("/api/sync/push/{jobId}")
    ResponseEntity<?> push(@PathVariable String jobId, HttpServletRequest request)
            throws IOException, InterruptedException {
        ResolvedJob job = jobs.resolve(jobId);
        if (job.definition().source().type() != SourceType.PUSH) {
            throw new ApiException(
                    ErrorCode.NOT_FOUND,
                    "job '" + jobId + "' does not take pushed records: its source is "
                            + job.definition().source().type() + ", not push");
        }
        Format format = format(request.getContentType());
        if (format == null) {
            return problem(
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "send the records as application/x-ndjson (one JSON object per line) or application/json (an"
                            + " array of objects), not "
                            + (request.getContentType() == null ? "without a content type" : request.getContentType()),
                    request,
                    Map.of());
        }
        try {
            topics.ensure(jobId);
            Backlog backlog = topics.backlog(jobId);
            if (backlog.records() > properties.maxBacklog()) {
                long seconds = retryAfter(backlog);
                count(jobId, "backlog", 1);
                return problem(
                        ErrorCode.TOO_MANY_REQUESTS,
                        "job '" + job.name() + "' has " + backlog.records() + " pushed records its run has not"
                                + " consumed yet (the limit is " + properties.maxBacklog() + "); is its run"
                                + " running? Retry after " + seconds + " s",
                        request,
                        Map.of(HttpHeaders.RETRY_AFTER, Long.toString(seconds)));
            }
        } catch (ExecutionException | TimeoutException e) {
            log.warn("push to job {}: Kafka did not answer: {}", jobId, e.toString());
            return unavailable(
                    request, "the platform's Kafka did not answer; nothing of this push was taken, retry it");
        }
        byte[] body = read(request.getInputStream(), properties.maxBodySize().toBytes());
        if (body == null) {
            return problem(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    "the body is larger than " + properties.maxBodySize().toBytes() + " bytes; split it into"
                            + " several pushes",
                    request,
                    Map.of());
        }
        List<byte[]> records;
        try {
            records = PushBody.records(body, format, properties.maxRecords());
        } catch (MalformedException e) {
            count(jobId, "malformed", 1);
            ProblemDetail problem = Problems.withErrors(
                    Problems.of(
                            ErrorCode.VALIDATION_FAILED,
                            "line " + e.line() + ": " + e.getMessage() + "; nothing of this push was accepted"),
                    List.of(new FieldError("/", "line " + e.line() + ": " + e.getMessage())));
            problem.setProperty("line", e.line());
            return ResponseEntity.badRequest().body(Problems.complete(problem, request.getRequestURI()));
        }
        return send(jobId, job, records, request);
    }

    private ResponseEntity<?> send(String jobId, ResolvedJob job, List<byte[]> records, HttpServletRequest request)
            throws InterruptedException {
        String topic = PushTopics.topic(jobId);
        List<String> keyFields = PushKeys.fields(job.definition());
        byte[] receivedAt = Long.toString(clock.millis()).getBytes(StandardCharsets.UTF_8);
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        try {
            for (byte[] record : records) {
                ProducerRecord<byte[], byte[]> message =
                        new ProducerRecord<>(topic, null, PushKeys.of(record, keyFields), record);
                message.headers().add(new RecordHeader("ds-received-at", receivedAt));
                sent.add(producer.send(message));
            }
            long deadline = System.nanoTime() + properties.sendTimeout().toNanos();
            for (Future<RecordMetadata> future : sent) {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            if (e.getCause() instanceof BufferExhaustedException full) {
                // the producer's buffer is full: Kafka is slower than the pushes, back off like for a backlog
                count(jobId, "busy", records.size());
                return problem(
                        ErrorCode.TOO_MANY_REQUESTS,
                        "the platform cannot take more pushed records right now (" + full.getMessage() + "); retry"
                                + " after 1 s. Records of this push may have been taken: with upsert by key a retry is"
                                + " harmless",
                        request,
                        Map.of(HttpHeaders.RETRY_AFTER, "1"));
            }
            count(jobId, "unavailable", records.size());
            log.warn("push to job {}: Kafka did not acknowledge {} records: {}", jobId, records.size(), e.toString());
            return unavailable(
                    request,
                    "the platform's Kafka did not acknowledge the records in time; some may have been taken. Retry"
                            + " the push: with upsert by key a retry is harmless");
        }
        count(jobId, "accepted", records.size());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Accepted(records.size(), topic));
    }

    /** What a 202 answers: how many records are durable now, and the topic they wait in for the job's run. */
    record Accepted(int accepted, String topic) {}

    /** Seconds until the backlog is likely under the limit at the rate the run consumes; 1..60. */
    private long retryAfter(Backlog backlog) {
        long excess = backlog.records() - properties.maxBacklog();
        if (backlog.consumedPerSecond() <= 0) {
            return 30;
        }
        return Math.max(1, Math.min(60, (long) Math.ceil(excess / backlog.consumedPerSecond())));
    }

    static Format format(String contentType) {
        if (contentType == null) {
            return null;
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (org.springframework.util.InvalidMimeTypeException e) {
            return null;
        }
        if (type.isCompatibleWith(NDJSON) && !type.isWildcardType()) {
            return Format.NDJSON;
        }
        if (type.isCompatibleWith(MediaType.APPLICATION_JSON) && !type.isWildcardType()) {
            return Format.JSON_ARRAY;
        }
        return null;
    }

    /** The body, or null when it is longer than {@code max} bytes. */
    private static byte[] read(InputStream in, long max) throws IOException {
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        return body.length > max ? null : body;
    }

    private static ResponseEntity<ProblemDetail> unavailable(HttpServletRequest request, String detail) {
        return problem(ErrorCode.SERVICE_UNAVAILABLE, detail, request, Map.of(HttpHeaders.RETRY_AFTER, "5"));
    }

    private static ResponseEntity<ProblemDetail> problem(
            ErrorCode code, String detail, HttpServletRequest request, Map<String, String> headers) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(code.status());
        headers.forEach(answer::header);
        return answer.contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.complete(Problems.of(code, detail), request.getRequestURI()));
    }

    private void count(String jobId, String outcome, int records) {
        meters.counter("datasync_sync_push_records", "job", jobId, "outcome", outcome)
                .increment(records);
    }
}

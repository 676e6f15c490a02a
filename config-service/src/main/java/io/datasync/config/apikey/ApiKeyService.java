package io.datasync.config.apikey;

import io.datasync.config.audit.AuditTrail;
import io.datasync.config.job.JobDeleted;
import io.datasync.config.job.JobService;
import io.datasync.kit.security.CurrentIdentity;
import io.datasync.kit.web.ApiException;
import io.datasync.kit.web.Page;
import io.datasync.models.internal.ApiKeyGrant;
import io.datasync.models.problem.ErrorCode;
import io.datasync.models.problem.FieldError;
import io.datasync.models.security.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues, lists, revokes and verifies API keys. A key is shown once, at its creation; only its hash is stored. A
 * revoked key keeps its row (who revoked it, when) so that the audit log's key ids keep meaning something.
 */
@Service
public class ApiKeyService {

    /** Largest page of the key list. */
    public static final int MAX_PAGE_SIZE = 200;

    /** How often a key's {@code last_used_at} is written at most: verifying is per request, writing is not. */
    static final Duration USE_RECORDING_INTERVAL = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(ApiKeyService.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Set<String> MEMBERS = Set.of("name", "role", "jobId", "expiresAt");

    private final ApiKeyRepository repository;
    private final JobService jobs;
    private final Clock clock;
    private final Map<String, Instant> useRecorded = new ConcurrentHashMap<>();

    ApiKeyService(ApiKeyRepository repository, JobService jobs, Clock clock) {
        this.repository = repository;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** What a create asks for, checked. */
    private record Request(String name, Role role, UUID jobId, Instant expiresAt) {}

    /** Issues a key; the answer is the only place its secret ever appears. */
    @Transactional
    public ApiKeyView create(Map<String, Object> body) {
        Instant now = now();
        Request request = parse(body, now);
        repository.unrevokedByName(request.name()).ifPresent(holder -> {
            if (!"expired".equals(holder.state(now))) {
                throw nameTaken(request.name());
            }
            // an expired key no longer holds its name; it is revoked so the new key can take it
            repository.revoke(holder.id(), now, "system:expired");
            AuditTrail.also("revoke", "api-key", holder.id(), null, null);
        });
        ApiKeyFormat.Issued issued = ApiKeyFormat.generate();
        StoredApiKey stored = new StoredApiKey(
                issued.id(),
                request.name(),
                request.role().wireName(),
                request.jobId(),
                ApiKeyFormat.hash(issued.key()),
                now,
                CurrentIdentity.subject(),
                request.expiresAt(),
                null,
                null,
                null);
        try {
            repository.insert(stored);
        } catch (DuplicateKeyException e) {
            throw nameTaken(request.name());
        }
        AuditTrail.versions(issued.id(), null, null);
        log.info(
                "Issued API key {} '{}' ({}{}) for {}",
                issued.id(),
                stored.name(),
                stored.role(),
                stored.jobId() == null ? "" : ", job " + stored.jobId(),
                stored.createdBy());
        return ApiKeyView.of(stored, now, issued.key());
    }

    @Transactional(readOnly = true)
    public Page<ApiKeyView> list(int page, int size) {
        Instant now = now();
        long total = repository.count();
        long offset = (long) page * size;
        List<ApiKeyView> items = offset >= total
                ? List.of()
                : repository.page((int) offset, size).stream()
                        .map(k -> ApiKeyView.of(k, now, null))
                        .toList();
        return Page.of(items, page, size, total);
    }

    @Transactional(readOnly = true)
    public ApiKeyView get(String id) {
        return ApiKeyView.of(find(id, false), now(), null);
    }

    /** Revokes a key; revoking a revoked key changes nothing and is no error. */
    @Transactional
    public void revoke(String id) {
        StoredApiKey key = find(id, true);
        AuditTrail.versions(id, null, null);
        if (key.revokedAt() != null) {
            AuditTrail.unchanged();
            return;
        }
        repository.revoke(id, now(), CurrentIdentity.subject());
        useRecorded.remove(id);
        log.info("Revoked API key {} '{}' by {}", id, key.name(), CurrentIdentity.subject());
    }

    /** A deleted job takes its keys with it, in the deleting transaction; each revocation is audited. */
    @EventListener
    public void jobDeleted(JobDeleted deleted) {
        Instant now = now();
        for (StoredApiKey key : repository.unrevokedForJob(deleted.jobId())) {
            repository.revoke(key.id(), now, CurrentIdentity.subject());
            AuditTrail.also("revoke", "api-key", key.id(), null, null);
            log.info("Revoked API key {} '{}' with its job '{}'", key.id(), key.name(), deleted.name());
        }
    }

    /**
     * The grant of an active key.
     *
     * @throws ApiException 400 for something that is no API key; 404 naming why for an unknown, revoked or expired one (401 stays the answer to a wrong service token, so the gateway can tell a refused key from its own misconfiguration)
     */
    public ApiKeyGrant verify(String key) {
        String id = ApiKeyFormat.idOf(key)
                .orElseThrow(() ->
                        ApiException.invalid(List.of(new FieldError("/key", "is not an API key (dsk_<id>_<secret>)"))));
        StoredApiKey stored = repository
                .find(id, false)
                .filter(k -> ApiKeyFormat.matches(key, k.keyHash()))
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "the API key is unknown"));
        Instant now = now();
        switch (stored.state(now)) {
            case "revoked" ->
                throw new ApiException(ErrorCode.NOT_FOUND, "the API key was revoked at " + stored.revokedAt());
            case "expired" ->
                throw new ApiException(ErrorCode.NOT_FOUND, "the API key expired at " + stored.expiresAt());
            default -> recordUse(id, now);
        }
        return new ApiKeyGrant(
                stored.id(),
                stored.name(),
                stored.role(),
                stored.jobId() == null ? null : stored.jobId().toString());
    }

    /** Writes {@code last_used_at} at most once per {@link #USE_RECORDING_INTERVAL} per key. */
    private void recordUse(String id, Instant now) {
        Instant last = useRecorded.get(id);
        if (last != null && last.plus(USE_RECORDING_INTERVAL).isAfter(now)) {
            return;
        }
        useRecorded.put(id, now);
        repository.used(id, now, now.minus(USE_RECORDING_INTERVAL));
    }

    private Request parse(Map<String, Object> body, Instant now) {
        if (body == null) {
            throw ApiException.invalid(List.of(new FieldError("/", "the body must be an object")));
        }
        List<FieldError> errors = new ArrayList<>();
        body.keySet().stream()
                .filter(k -> !MEMBERS.contains(k))
                .sorted()
                .forEach(k -> errors.add(new FieldError("/" + k, "unknown member; expected " + MEMBERS)));
        String name = null;
        if (!(body.get("name") instanceof String n) || !NAME.matcher(n).matches()) {
            errors.add(new FieldError(
                    "/name",
                    (body.get("name") == null ? "required" : "not a valid name")
                            + ": 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit"));
        } else {
            name = n;
        }
        Role role = body.get("role") instanceof String r
                ? Role.parse(r).filter(x -> x.wireName().equals(r)).orElse(null)
                : null;
        if (role == null) {
            errors.add(new FieldError(
                    "/role",
                    (body.get("role") == null ? "required" : "not a role")
                            + ": one of viewer, operator, admin (lowercase)"));
        }
        UUID jobId = null;
        Object job = body.get("jobId");
        if (job != null) {
            try {
                jobId = UUID.fromString((String) job);
            } catch (IllegalArgumentException | ClassCastException e) {
                errors.add(new FieldError("/jobId", "must be a job id (UUID)"));
            }
            if (jobId != null && !jobs.exists(jobId)) {
                errors.add(new FieldError("/jobId", "no job has id " + jobId));
            }
        }
        Instant expiresAt = null;
        Object expires = body.get("expiresAt");
        if (expires != null) {
            try {
                expiresAt = OffsetDateTime.parse((String) expires).toInstant().truncatedTo(ChronoUnit.MICROS);
                if (!expiresAt.isAfter(now)) {
                    errors.add(new FieldError("/expiresAt", "must be in the future"));
                }
            } catch (DateTimeParseException | ClassCastException e) {
                errors.add(new FieldError("/expiresAt", "must be an ISO-8601 time, e.g. 2030-01-31T00:00:00Z"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new Request(name, role, jobId, expiresAt);
    }

    private StoredApiKey find(String id, boolean lock) {
        return repository.find(id, lock).orElseThrow(() -> ApiException.notFound("API key", id));
    }

    private static ApiException nameTaken(String name) {
        return new ApiException(
                ErrorCode.CONFLICT,
                "an active API key named '" + name + "' already exists; revoke it first or choose another name",
                List.of(new FieldError("/name", "is taken by an active key")));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}

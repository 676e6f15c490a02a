package io.datasync.sync.connector.push;

import io.datasync.sync.config.JobCatalog;
import io.datasync.sync.config.ResolvedJob;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs pushes are sent to, resolved through config-service and kept for a few seconds, so a client pushing many
 * small bodies costs config-service one call per job every {@link #TTL} rather than one per push. A job changed or
 * deleted meanwhile is seen within that time; a deleted job's API keys are revoked at once by config-service, so the
 * gateway refuses its pushes before they get here.
 */
class PushJobs {

    static final Duration TTL = Duration.ofSeconds(5);

    private final JobCatalog catalog;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(ResolvedJob job, long until) {}

    PushJobs(JobCatalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    /**
     * @throws io.datasync.kit.web.ApiException 404 for a job config-service does not know
     */
    ResolvedJob resolve(String jobId) {
        long now = clock.millis();
        Cached cached = cache.get(jobId);
        if (cached != null && cached.until() > now) {
            return cached.job();
        }
        ResolvedJob job = catalog.resolve(jobId, null);
        if (cache.size() > 10_000) {
            cache.clear();
        }
        cache.put(jobId, new Cached(job, now + TTL.toMillis()));
        return job;
    }
}

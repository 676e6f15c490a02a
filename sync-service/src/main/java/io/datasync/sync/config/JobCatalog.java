package io.datasync.sync.config;

import io.datasync.kit.feign.ServiceCallException;
import io.datasync.kit.web.ApiException;
import io.datasync.models.problem.ErrorCode;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Fetches resolved jobs from config-service for the engine and the API. */
@Component
public class JobCatalog {

    private final ConfigClient client;

    public JobCatalog(ConfigClient client) {
        this.client = client;
    }

    /**
     * The job's current version (or {@code version} when given).
     *
     * @throws ApiException 404 when config-service has no such job (or version), or the id is not a job id at all:
     *     config-service makes job ids as UUIDs, so such an id names no job and is not sent
     * @throws io.datasync.sync.connector.spi.ConnectorException SYNC-010, 011 or 012 when config-service refuses the
     *     token, refuses the request otherwise, or gives no usable answer ({@link ConfigServiceErrors})
     */
    public ResolvedJob resolve(String jobId, Long version) {
        String what = jobId + (version == null ? "" : " v" + version);
        if (!isJobId(jobId)) {
            throw ApiException.notFound("job", what);
        }
        try {
            return ResolvedJob.of(version == null ? client.currentJob(jobId) : client.jobVersion(jobId, version));
        } catch (ServiceCallException e) {
            if (e.refusedWith(ErrorCode.NOT_FOUND)) {
                throw ApiException.notFound("job", what);
            }
            throw ConfigServiceErrors.of(e, "job " + what);
        }
    }

    /** Whether {@code id} can be a job id: config-service makes them as UUIDs. */
    static boolean isJobId(String id) {
        if (id == null || id.length() != 36) {
            return false;
        }
        try {
            return UUID.fromString(id).toString().equalsIgnoreCase(id);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

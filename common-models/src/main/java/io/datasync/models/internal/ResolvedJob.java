package io.datasync.models.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.datasync.models.job.JobDefinition;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * One version of a job resolved for running, as config-service's {@code GET /internal/jobs/{id}} and
 * {@code GET /internal/jobs/{id}/versions/{version}} answer it: the definition and every connection it names, with
 * their secrets decrypted. {@link #toString()} never shows a setting (see {@link ResolvedConnection}).
 *
 * @param version the version of the definition resolved (the current one, or the one asked for)
 * @param revision config-service's revision of the job: it bumps on every change (a new version, enable, disable,
 *     delete), so of two answers about one job the one with the higher revision is newer
 * @param enabled whether the job may run by itself; a manual run of a disabled job is the caller's decision
 * @param connections by the name the definition uses; a push source names none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResolvedJob(
        String jobId,
        String name,
        long version,
        long revision,
        boolean enabled,

        @JsonSerialize(using = DefinitionJson.Writer.class)
        @JsonDeserialize(using = DefinitionJson.JobDefinitionReader.class)
        JobDefinition definition,

        Map<String, ResolvedConnection> connections) {

    public ResolvedJob {
        Require.text(jobId, "jobId");
        Require.text(name, "name");
        Require.present(definition, "definition");
        connections = connections == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(connections));
        connections.forEach((key, connection) -> Require.present(connection, "connections/" + key));
    }

    /**
     * The connection the definition calls {@code name}.
     *
     * @throws IllegalStateException when config-service did not resolve it (it resolves every connection a definition
     *     names, so this means the two disagree)
     */
    public ResolvedConnection connection(String name) {
        ResolvedConnection c = connections.get(name);
        if (c == null) {
            throw new IllegalStateException(
                    "job " + this.name + " names connection " + name + ", which config-service did not resolve");
        }
        return c;
    }
}

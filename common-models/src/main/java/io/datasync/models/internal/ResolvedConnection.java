package io.datasync.models.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A connection ready to use, as config-service's {@code GET /internal/connections/{name}} answers it and as
 * {@link ResolvedJob} carries each connection a job names.
 *
 * @param id config-service's id of the connection
 * @param type its kind: {@code jdbc}, {@code http}, {@code file}, {@code kafka}, {@code mqtt}, {@code redis}
 * @param version bumps on every change of the connection
 * @param settings every setting, secrets decrypted: never log them ({@link #toString()} names the keys only)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResolvedConnection(
        String id,
        String name,
        String type,
        long version,

        @JsonInclude(value = JsonInclude.Include.ALWAYS, content = JsonInclude.Include.ALWAYS)
        Map<String, Object> settings) {

    public ResolvedConnection {
        Require.text(id, "id");
        Require.text(name, "name");
        Require.text(type, "type");
        // unmodifiable, in the stored order, and null values allowed (a setting explicitly unset)
        settings = settings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** Names the settings but shows none of their values: they include plain-text secrets. */
    @Override
    public String toString() {
        return "ResolvedConnection[id=" + id + ", name=" + name + ", type=" + type + ", version=" + version
                + ", settings=" + settings.keySet() + "]";
    }
}

package io.datasync.models.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.databind.JsonNode;

/**
 * The current version of a quality rule set, as quality-service's {@code GET /internal/rulesets/by-name/{name}}
 * answers it for sync-service's quality gate.
 *
 * @param definition the rule set in its canonical JSON, as {@code io.datasync.kit.quality.QualityRuleSets} reads it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record QualityRules(String id, String name, long version, JsonNode definition) {
    public QualityRules {
        Require.text(name, "name");
        Require.present(definition, "definition");
    }
}

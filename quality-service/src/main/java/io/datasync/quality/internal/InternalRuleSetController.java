package io.datasync.quality.internal;

import io.datasync.models.internal.QualityRules;
import io.datasync.quality.rules.RuleSetService;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The current version of a quality rule set by name, for sync-service's quality gate (service token required). */
@RestController
@RequestMapping("/internal/rulesets")
public class InternalRuleSetController {

    private final RuleSetService ruleSets;

    public InternalRuleSetController(RuleSetService ruleSets) {
        this.ruleSets = ruleSets;
    }

    @GetMapping("/by-name/{name}")
    public QualityRules byName(@PathVariable String name) {
        RuleSetService.Current current = ruleSets.current(name);
        return new QualityRules(current.id().toString(), current.name(), current.version(), current.definition());
    }
}

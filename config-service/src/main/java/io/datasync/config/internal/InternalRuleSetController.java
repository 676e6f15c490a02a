package io.datasync.config.internal;

import io.datasync.config.rules.RuleSetService;
import io.datasync.models.internal.RuleSet;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The current version of a rule set by name, for the sync engine's {@code rules} transform (service token required). */
@RestController
@RequestMapping("/internal/rulesets")
public class InternalRuleSetController {

    private final RuleSetService ruleSets;

    public InternalRuleSetController(RuleSetService ruleSets) {
        this.ruleSets = ruleSets;
    }

    @GetMapping("/by-name/{name}")
    public RuleSet byName(@PathVariable String name) {
        return InternalAnswers.ruleSet(ruleSets.current(name));
    }
}

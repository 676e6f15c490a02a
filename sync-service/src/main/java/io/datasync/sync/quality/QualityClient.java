package io.datasync.sync.quality;

import io.datasync.models.internal.QualityRules;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** quality-service's internal API (not behind the gateway); the service token is added by {@link QualityClientConfiguration}. */
@FeignClient(
        name = "quality-service",
        url = "${datasync.sync.quality.url:http://127.0.0.1:8083}",
        configuration = QualityClientConfiguration.class)
public interface QualityClient {

    @GetMapping("/internal/rulesets/by-name/{name}")
    QualityRules ruleSet(@PathVariable("name") String name);
}

package io.datasync.kit.testapp;

import io.datasync.kit.audit.NotAudited;
import io.datasync.kit.web.ApiException;
import io.datasync.models.problem.ErrorCode;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Mutating endpoints of every kind the audit publishing filter tells apart. */
@RestController
class ThingsController {

    @PostMapping("/api/kit/things/{id}/pause")
    String pause(@PathVariable String id) {
        return "paused " + id;
    }

    @NotAudited("previews, changes nothing")
    @PostMapping("/api/kit/things/preview")
    String preview() {
        return "preview";
    }

    @PostMapping("/api/kit/things/{id}/refuse")
    String refuse(@PathVariable String id) {
        throw new ApiException(ErrorCode.CONFLICT, "no");
    }
}

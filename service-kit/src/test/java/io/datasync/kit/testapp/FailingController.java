package io.datasync.kit.testapp;

import io.datasync.models.job.JobDefinitions;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Throws the kinds of exceptions service code throws, so the kit's error mapping can be checked over HTTP. */
@RestController
class FailingController {

    @ResponseStatus(code = HttpStatus.GONE, reason = "this thing is gone")
    static class GoneException extends RuntimeException {}

    @GetMapping("/api/kit/fail/conflict")
    String conflict() {
        throw new DataIntegrityViolationException("duplicate key value violates unique constraint \"secret_idx\"");
    }

    @GetMapping("/api/kit/fail/definition")
    String definition() {
        return JobDefinitions.fromYaml("name: x\nsource: { type: ftp }\n").name();
    }

    @GetMapping("/api/kit/fail/annotated")
    String annotated() {
        throw new GoneException();
    }

    @GetMapping("/api/kit/fail/unexpected")
    String unexpected() {
        throw new IllegalStateException("internal detail: password=hunter2");
    }
}

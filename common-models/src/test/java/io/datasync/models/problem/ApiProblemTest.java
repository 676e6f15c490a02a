package io.datasync.models.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.models.json.Json;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ApiProblemTest {

    private final JsonMapper mapper = Json.strictMapper();

    @Test
    void roundTripsWithFieldErrors() {
        ApiProblem problem = ApiProblem.of(ErrorCode.VALIDATION_FAILED, "2 fields are invalid", "/api/x", "c-1")
                .withErrors(List.of(new FieldError("/source/table", "is required"), new FieldError("/name", "bad")));

        String json = mapper.writeValueAsString(problem);

        assertThat(json)
                .contains("\"type\":\"https://datasync.dev/problems/validation-failed\"", "\"code\":\"COMMON-001\"");
        assertThat(mapper.readValue(json, ApiProblem.class)).isEqualTo(problem);
    }

    @Test
    void codesAreUniqueAndStable() {
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::code)).doesNotHaveDuplicates();
        assertThat(ErrorCode.forStatus(503)).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(ErrorCode.forStatus(418)).isEqualTo(ErrorCode.REQUEST_REJECTED);
        assertThat(ErrorCode.forStatus(400)).isEqualTo(ErrorCode.MALFORMED_REQUEST);
        assertThat(ErrorCode.forStatus(599)).isEqualTo(ErrorCode.INTERNAL_ERROR);
    }

    @Test
    void onlyErrorStatusesMakeProblems() {
        assertThatThrownBy(() -> new ApiProblem(ErrorCode.NOT_FOUND.type(), "t", 200, null, null, null, null, null))
                .hasMessageContaining("status");
    }
}

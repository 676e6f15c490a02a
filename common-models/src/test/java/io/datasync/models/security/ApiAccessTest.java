package io.datasync.models.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.models.problem.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiAccessTest {

    @ParameterizedTest(name = "{0} {1} needs {2}")
    @CsvSource({
        "GET,    /api/config/jobs,                          viewer",
        "HEAD,   /api/sync/runs/r1,                         viewer",
        "POST,   /api/config/jobs,                          admin",
        "PUT,    /api/config/connections/c1,                admin",
        "DELETE, /api/config/rulesets/r1,                   admin",
        "POST,   /api/config/jobs/validate,                 viewer",
        "POST,   /api/config/rulesets/r1/evaluate,          viewer",
        "POST,   /api/scheduler/schedules/preview,          viewer",
        "POST,   /api/sync/jobs/j1/runs,                    operator",
        "POST,   /api/sync/runs/r1/stop,                    operator",
        "POST,   /api/sync/runs/r1/pause,                   operator",
        "POST,   /api/sync/runs/r1/resume,                  operator",
        "POST,   /api/sync/jobs/j1/verify,                  operator",
        "GET,    /api/sync/jobs/j1/runs/r1,                 viewer",
        "GET,    /api/sync/jobs/j1/runs/r1/errors,          viewer",
        "POST,   /api/sync/jobs/j1/runs/r1/stop,            operator",
        "POST,   /api/sync/jobs/j1/runs/r1/pause,           operator",
        "POST,   /api/sync/jobs/j1/runs/r1/resume,          operator",
        "POST,   /api/scheduler/jobs/j1/trigger,            operator",
        "POST,   /api/scheduler/tasks/t1/retry,             operator",
        "POST,   /api/quality/quarantine/q1/replay,         operator",
        "GET,    /api/quality/quarantine,                   operator",
        "GET,    /api/quality/quarantine/q1,                operator",
        "GET,    /api/quality/reports/r1,                   viewer",
        "POST,   /api/quality/rulesets/validate,            viewer",
        "POST,   /api/quality/rulesets,                     admin",
        "POST,   /api/sync/jobs/j1/quality-checks,          operator",
        "POST,   /api/monitoring/alerts/a1/ack,             operator",
        "POST,   /api/sync/connections/test,                admin",
        "GET,    /api/config/keys,                          admin",
        "GET,    /api/config/api-keys,                      admin",
        "GET,    /api/config/api-keys/k1,                   admin",
        "GET,    /api/config/audit,                         admin",
        "POST,   /api/config/keys/rotate,                   admin"
    })
    void eachRouteNeedsItsRoleAndTheRolesAboveIt(String method, String path, String role) {
        Role needed = Role.parse(role).orElseThrow();
        for (Role r : Role.values()) {
            ApiAccess.Decision d = ApiAccess.decide(method, path, Identity.token("someone", r));
            assertThat(d.allowed()).as(r + " on " + method + " " + path).isEqualTo(r.includes(needed));
            assertThat(d.needed()).isEqualTo(needed);
            if (!d.allowed()) {
                assertThat(d.code()).isEqualTo(ErrorCode.FORBIDDEN);
                assertThat(d.reason()).contains("needs the " + role + " role", "has " + r.wireName());
            }
        }
    }

    @Test
    void noIdentityIsA401SayingHowToAuthenticate() {
        ApiAccess.Decision d = ApiAccess.decide("GET", "/api/config/jobs", null);
        assertThat(d.allowed()).isFalse();
        assertThat(d.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(d.reason()).contains("Authorization: Bearer", "X-API-Key");
    }

    @Test
    void aKeyBoundToAJobMayOnlyCallRoutesOfThatJob() {
        Identity key = Identity.apiKey("ci", "k1", Role.OPERATOR, "j1");
        assertThat(ApiAccess.decide("POST", "/api/sync/jobs/j1/runs", key).allowed())
                .isTrue();
        assertThat(ApiAccess.decide("GET", "/api/sync/jobs/j1/runs", key).allowed())
                .isTrue();
        assertThat(ApiAccess.decide("POST", "/api/sync/push/j1", key).allowed()).isTrue();
        assertThat(ApiAccess.decide("POST", "/api/sync/jobs/j2/runs", key).reason())
                .contains("bound to job j1");
        assertThat(ApiAccess.decide("GET", "/api/config/jobs", key).allowed()).isFalse();
        assertThat(ApiAccess.decide("POST", "/api/sync/runs/r1/stop", key).allowed())
                .as("a run id does not say its job")
                .isFalse();
    }

    @Test
    void aKeyBoundToAJobFollowsAndStopsItsRunsByWayOfTheJob() {
        Identity operator = Identity.apiKey("ci", "k1", Role.OPERATOR, "j1");
        for (String path : java.util.List.of("/api/sync/jobs/j1/runs/r1", "/api/sync/jobs/j1/runs/r1/errors")) {
            assertThat(ApiAccess.decide("GET", path, operator).allowed())
                    .as(path)
                    .isTrue();
        }
        for (String action : java.util.List.of("stop", "pause", "resume")) {
            ApiAccess.Decision d = ApiAccess.decide("POST", "/api/sync/jobs/j1/runs/r1/" + action, operator);
            assertThat(d.allowed()).as(action).isTrue();
            assertThat(d.needed()).isEqualTo(Role.OPERATOR);
        }

        Identity viewer = Identity.apiKey("dashboard", "k2", Role.VIEWER, "j1");
        assertThat(ApiAccess.decide("GET", "/api/sync/jobs/j1/runs/r1", viewer).allowed())
                .isTrue();
        ApiAccess.Decision stop = ApiAccess.decide("POST", "/api/sync/jobs/j1/runs/r1/stop", viewer);
        assertThat(stop.allowed()).isFalse();
        assertThat(stop.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(stop.reason()).contains("needs the operator role");

        for (String[] call : new String[][] {
            {"GET", "/api/sync/jobs/j2/runs/r1"},
            {"GET", "/api/sync/jobs/j2/runs/r1/errors"},
            {"POST", "/api/sync/jobs/j2/runs/r1/stop"},
            {"POST", "/api/sync/jobs/j2/runs/r1/pause"},
            {"POST", "/api/sync/jobs/j2/runs/r1/resume"}
        }) {
            ApiAccess.Decision d = ApiAccess.decide(call[0], call[1], operator);
            assertThat(d.allowed()).as(call[0] + " " + call[1]).isFalse();
            assertThat(d.code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(d.reason()).contains("bound to job j1");
        }
    }

    @ParameterizedTest
    @CsvSource({
        "GET,    /internal/jobs",
        "GET,    /actuator/env",
        "GET,    /api/config/../internal/jobs",
        "GET,    /api//config/jobs",
        "GET,    /api/config/jobs/",
        "TRACE,  /api/config/jobs",
        "GET,    api/config/jobs"
    })
    void whatNoRuleCoversIsRefusedToEveryone(String method, String path) {
        ApiAccess.Decision d = ApiAccess.decide(method, path, Identity.token("root", Role.ADMIN));
        assertThat(d.allowed()).isFalse();
        assertThat(d.code()).isEqualTo(ErrorCode.FORBIDDEN);
    }

    @Test
    void rolesAreReadFromTheirNamesAndTheHighestWins() {
        assertThat(Role.highest(java.util.List.of("offline_access", "Viewer", "OPERATOR")))
                .contains(Role.OPERATOR);
        assertThat(Role.highest(java.util.List.of("uma_authorization"))).isEmpty();
    }
}

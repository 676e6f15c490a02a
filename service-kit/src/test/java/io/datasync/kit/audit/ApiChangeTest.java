package io.datasync.kit.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiChangeTest {

    @Test
    void anActionOnOneResourceIsTheLastSegment() {
        assertThat(ApiChange.of("POST", "/api/scheduler/schedules/j1/pause", "/api/scheduler"))
                .isEqualTo(new ApiChange("pause", "schedule", "j1"));
        assertThat(ApiChange.of("POST", "/api/sync/runs/r1/stop", "/api/sync"))
                .isEqualTo(new ApiChange("stop", "run", "r1"));
        assertThat(ApiChange.of("POST", "/api/scheduler/jobs/j1/trigger", "/api/scheduler"))
                .isEqualTo(new ApiChange("trigger", "job", "j1"));
    }

    @Test
    void aPostToAResourcesCollectionCreatesAMemberOfIt() {
        assertThat(ApiChange.of("POST", "/api/sync/jobs/j1/runs", "/api/sync"))
                .isEqualTo(new ApiChange("create-run", "job", "j1"));
    }

    @Test
    void plainMethodsOnResourcesAreCreateUpdateDelete() {
        assertThat(ApiChange.of("POST", "/api/x/things", "/api/x")).isEqualTo(new ApiChange("create", "thing", null));
        assertThat(ApiChange.of("put", "/api/x/things/7", "/api/x")).isEqualTo(new ApiChange("update", "thing", "7"));
        assertThat(ApiChange.of("DELETE", "/api/x/things/7", "/api/x"))
                .isEqualTo(new ApiChange("delete", "thing", "7"));
    }

    @Test
    void aPostToANamedActionOfACollectionHasNoId() {
        assertThat(ApiChange.of("POST", "/api/sync/connections/test", "/api/sync"))
                .isEqualTo(new ApiChange("test", "connection", null));
    }

    @Test
    void onlyWritesAreMutating() {
        assertThat(ApiChange.mutating("GET")).isFalse();
        assertThat(ApiChange.mutating("OPTIONS")).isFalse();
        assertThat(ApiChange.mutating("patch")).isTrue();
        assertThat(ApiChange.mutating(null)).isFalse();
    }
}

package io.datasync.scheduler.task;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaskStateTest {

    @Test
    void readsWireNamesConstantNamesAndWords() {
        assertThat(TaskState.parse("timed-out")).contains(TaskState.TIMED_OUT);
        assertThat(TaskState.parse("TIMED_OUT")).contains(TaskState.TIMED_OUT);
        assertThat(TaskState.parse("timed out")).contains(TaskState.TIMED_OUT);
        assertThat(TaskState.parse(" Queued ")).contains(TaskState.QUEUED);
        assertThat(TaskState.parse("exploded")).isEmpty();
        assertThat(TaskState.parse(null)).isEmpty();
    }

    @Test
    void onlyDispatchedAndRunningTasksHoldASlot() {
        assertThat(TaskState.values())
                .filteredOn(TaskState::active)
                .containsExactlyInAnyOrder(TaskState.DISPATCHED, TaskState.RUNNING);
        assertThat(TaskState.values())
                .filteredOn(TaskState::unfinished)
                .containsExactlyInAnyOrder(
                        TaskState.QUEUED, TaskState.RETRYING, TaskState.DISPATCHED, TaskState.RUNNING);
        assertThat(TaskState.TIMED_OUT.wireName()).isEqualTo("timed-out");
    }
}

package io.datasync.sync.run;

import io.datasync.sync.connector.spi.Split;
import io.datasync.sync.run.RunRepository.RunRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The splits a run planned, kept with the run so that a resumed run, or a later attempt of the same scheduler task,
 * reads the same splits its checkpoints belong to even if the source's data moved since.
 */
@Component
class SplitStore {

    private static final JsonMapper SPLITS = JsonMapper.builder().build();

    private final RunRepository runs;

    SplitStore(RunRepository runs) {
        this.runs = runs;
    }

    /** Records the splits a run planned; a run keeps the first splits recorded for it. */
    void save(UUID runId, List<Split> splits) {
        runs.splits(runId, SPLITS.writeValueAsString(splits));
    }

    /**
     * The splits this run planned before a restart, else those of an earlier attempt of its scheduler task (whose
     * checkpoints it continues from, so they become this run's own), or null to plan them now.
     */
    List<Split> of(RunRow run) {
        String json = runs.splits(run.id());
        if (json == null && run.taskId() != null) {
            json = runs.splitsOfEarlierAttempt(run.taskId(), run.jobVersion(), run.id());
            if (json != null) {
                runs.splits(run.id(), json);
            }
        }
        if (json == null) {
            return null;
        }
        List<Split> splits = new ArrayList<>();
        for (var node : SPLITS.readTree(json)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> bounds = SPLITS.treeToValue(node.get("bounds"), Map.class);
            splits.add(new Split(node.get("id").asString(), bounds));
        }
        return splits;
    }
}

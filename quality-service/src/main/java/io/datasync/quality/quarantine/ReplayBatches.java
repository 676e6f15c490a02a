package io.datasync.quality.quarantine;

import io.datasync.models.quality.ReplayRow;
import io.datasync.quality.QualityJson;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a replay's rows into commands small enough for one event each: at most {@code maxRows} rows, and about
 * {@code maxChars} characters of row JSON (the outbox refuses events over 256 KB). A single row larger than that
 * still goes, alone.
 */
final class ReplayBatches {

    /** The JSON budget of one command's rows, leaving room for the envelope under the outbox's limit. */
    static final int MAX_CHARS = 200 * 1024;

    private ReplayBatches() {}

    static List<List<ReplayRow>> split(List<ReplayRow> rows, int maxRows, int maxChars) {
        List<List<ReplayRow>> batches = new ArrayList<>();
        List<ReplayRow> batch = new ArrayList<>();
        int chars = 0;
        for (ReplayRow row : rows) {
            int size = QualityJson.write(row).length() + 1;
            if (!batch.isEmpty() && (batch.size() == maxRows || chars + size > maxChars)) {
                batches.add(List.copyOf(batch));
                batch.clear();
                chars = 0;
            }
            batch.add(row);
            chars += size;
        }
        if (!batch.isEmpty()) {
            batches.add(List.copyOf(batch));
        }
        return batches;
    }
}

package io.datasync.quality.run;

import io.datasync.models.quality.QualityTally;
import java.util.List;

/**
 * A run's chunk tallies added up, with what the gate ran: the rule set and its version (of the last chunk, should a
 * run's chunks name several, e.g. a hot reload mid-run) and the job's version.
 */
public record RunTotals(
        String jobId, long jobVersion, String ruleSet, long ruleSetVersion, int chunks, QualityTally totals) {

    /** The sum of the chunks; empty for a run without any. */
    public static java.util.Optional<RunTotals> of(List<ChunkRepository.StoredChunk> chunks) {
        if (chunks.isEmpty()) {
            return java.util.Optional.empty();
        }
        QualityTally totals = QualityTally.EMPTY;
        for (ChunkRepository.StoredChunk chunk : chunks) {
            totals = totals.plus(chunk.tally());
        }
        ChunkRepository.StoredChunk last = chunks.get(chunks.size() - 1);
        return java.util.Optional.of(new RunTotals(
                last.jobId(), last.jobVersion(), last.ruleSet(), last.ruleSetVersion(), chunks.size(), totals));
    }
}

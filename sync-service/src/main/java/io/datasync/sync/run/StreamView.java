package io.datasync.sync.run;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A stream run as its view shows it beside the counters (null for a batch run), saved with the run's progress.
 *
 * @param lag records each split still has to read, where the source can tell
 * @param rowsPerSecondLastMinute records read per second over the last minute
 * @param lastEventTime the source time of the newest record committed
 * @param endToEndP50 median of commit time minus source event time over recent micro-batches
 * @param endToEndP99 99th percentile of the same
 * @param members readers of the run
 * @param guarantee what the stream promises per message with the job's write mode
 * @param retrying the failure the run is retrying after, null while healthy
 * @param updatedAt when this was taken
 */
public record StreamView(
        Map<String, Long> lag,
        double rowsPerSecondLastMinute,
        Instant lastEventTime,
        Duration endToEndP50,
        Duration endToEndP99,
        int members,
        String guarantee,
        String retrying,
        Instant updatedAt) {

    public StreamView {
        lag = lag == null ? Map.of() : Map.copyOf(lag);
    }
}

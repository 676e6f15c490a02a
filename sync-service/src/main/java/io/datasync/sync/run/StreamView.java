package io.datasync.sync.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
 * @param readers each instance reading the run (its owner first, then the members that joined it), as the run's view
 *     shows them; null as saved by one reader
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
        Instant updatedAt,
        List<Reader> readers) {

    public StreamView {
        lag = lag == null ? Map.of() : Map.copyOf(lag);
        readers = readers == null ? null : List.copyOf(readers);
    }

    /**
     * One instance reading a stream run.
     *
     * @param instance the instance's id ({@code host:port})
     * @param runOwner whether it owns the run (records its state and end) rather than having joined it
     * @param live whether its lease is held (a dead member's counters still count)
     * @param rowsRead records it read, over its joins
     * @param rowsWritten rows it wrote
     * @param rowsPerSecondLastMinute its recent rate
     * @param lag what its splits still have to read
     * @param retrying the failure it retries after, null while healthy
     * @param updatedAt when it last saved its view
     */
    public record Reader(
            String instance,
            boolean runOwner,
            boolean live,
            long rowsRead,
            long rowsWritten,
            double rowsPerSecondLastMinute,
            Map<String, Long> lag,
            String retrying,
            Instant updatedAt) {}

    /**
     * The view of a run read by its owner and by the members that joined it: lags of the live readers together (a split
     * that moved shows where its newest reader left it), rates added up, the latest event, the worst latency, the first
     * failure being retried, and every reader. Null when no reader saved a view yet.
     */
    static StreamView merge(MemberView owner, List<MemberView> members) {
        List<Reader> readers = new java.util.ArrayList<>();
        List<StreamView> live = new java.util.ArrayList<>();
        readers.add(owner.reader(true));
        if (owner.live() && owner.view() != null) {
            live.add(owner.view());
        }
        for (MemberView m : members) {
            readers.add(m.reader(false));
            if (m.live() && m.view() != null) {
                live.add(m.view());
            }
        }
        if (live.isEmpty()) {
            return owner.view();
        }
        live.sort(java.util.Comparator.comparing(
                StreamView::updatedAt, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));
        Map<String, Long> lag = new java.util.TreeMap<>();
        double rate = 0;
        Instant lastEvent = null;
        Duration p50 = null;
        Duration p99 = null;
        String retrying = null;
        Instant updated = null;
        for (StreamView v : live) {
            lag.putAll(v.lag()); // oldest first: the newest reader of a split wins
            rate += v.rowsPerSecondLastMinute();
            lastEvent = later(lastEvent, v.lastEventTime());
            p50 = worse(p50, v.endToEndP50());
            p99 = worse(p99, v.endToEndP99());
            retrying = retrying != null ? retrying : v.retrying();
            updated = later(updated, v.updatedAt());
        }
        return new StreamView(
                lag,
                Math.round(rate * 10) / 10.0,
                lastEvent,
                p50,
                p99,
                live.size(),
                owner.view() != null ? owner.view().guarantee() : live.get(0).guarantee(),
                retrying,
                updated,
                readers);
    }

    /** A reader as {@link #merge} needs it: its stored counters, whether it is live, and its last saved view. */
    record MemberView(String instance, boolean live, long rowsRead, long rowsWritten, StreamView view) {

        Reader reader(boolean runOwner) {
            boolean current = live && view != null;
            return new Reader(
                    instance,
                    runOwner,
                    live,
                    rowsRead,
                    rowsWritten,
                    current ? view.rowsPerSecondLastMinute() : 0,
                    current ? view.lag() : Map.of(),
                    current ? view.retrying() : null,
                    view == null ? null : view.updatedAt());
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    private static Duration worse(Duration a, Duration b) {
        return a == null ? b : b == null || a.compareTo(b) >= 0 ? a : b;
    }
}

package io.datasync.sync.connector.spi;

/**
 * A record a source read but could not turn into a row — a malformed CSV line, a JSON value that does not fit its
 * column — skipped with where it was and why. Like a transform's row error it counts against the run's error budget
 * and shows in the run's errors; it never fails the run by itself.
 *
 * @param locator where the record is, in words an operator can find it by, e.g. {@code orders.csv:17} or
 *     {@code page 3, record 12}
 * @param reason what was wrong, e.g. {@code 5 fields where the header has 4}
 * @param raw the record as it arrived (a message's payload), at most {@link #MAX_RAW} bytes, for dead letters; null
 *     where the source keeps the record itself (a file line)
 */
public record RejectedRecord(String locator, String reason, byte[] raw) {

    /** The most of a raw record kept; a longer one is cut. */
    public static final int MAX_RAW = 64 * 1024;

    public RejectedRecord(String locator, String reason) {
        this(locator, reason, null);
    }

    public RejectedRecord {
        if (locator == null || locator.isBlank()) {
            throw new IllegalArgumentException("a rejected record needs a locator");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a rejected record needs a reason");
        }
        if (raw != null && raw.length > MAX_RAW) {
            raw = java.util.Arrays.copyOf(raw, MAX_RAW);
        }
    }
}

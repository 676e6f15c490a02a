package io.datasync.sync.connector.spi;

/**
 * The most a connector reads of one thing, so that no source — a hostile API, a file with an unclosed quote, a gzip
 * bomb — can exhaust the service's memory or disk: past a limit the run fails with a code naming the limit and its
 * setting ({@code datasync.sync.read-limits.*}), or, for a line of JSON, the line is rejected and skipped.
 *
 * @param httpBodyBytes the largest HTTP response body read
 * @param csvFieldChars the longest CSV field (a quote left open makes the rest of a file one field)
 * @param csvRecordChars the longest CSV record, all fields together
 * @param jsonLineChars the longest line of a JSON lines file
 * @param decompressedBytes the most bytes one compressed file may decompress to
 * @param decompressionRatio past 64 MiB of output, the largest ratio of decompressed to compressed bytes before a file
 *     counts as a decompression bomb (text compresses 5-20 times; a bomb 1,000 times)
 */
public record ReadLimits(
        long httpBodyBytes,
        int csvFieldChars,
        int csvRecordChars,
        int jsonLineChars,
        long decompressedBytes,
        int decompressionRatio) {

    /** The settings' prefix, named in every message about a limit. */
    public static final String PREFIX = "datasync.sync.read-limits.";

    /** Output below which the ratio is not judged: small, highly repetitive files are legitimate. */
    public static final long RATIO_GRACE_BYTES = 64L << 20;

    public static final ReadLimits DEFAULTS = new ReadLimits(64L << 20, 1 << 20, 8 << 20, 8 << 20, 16L << 30, 200);

    public ReadLimits {
        if (httpBodyBytes < 1
                || csvFieldChars < 1
                || csvRecordChars < csvFieldChars
                || jsonLineChars < 1
                || decompressedBytes < 1
                || decompressionRatio < 2) {
            throw new IllegalArgumentException("read limits must be positive, with csv-record-chars at least"
                    + " csv-field-chars and decompression-ratio at least 2");
        }
    }
}

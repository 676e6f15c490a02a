package io.datasync.kit.web;

import io.datasync.models.problem.ErrorCode;

/** Strong ETags from a version (or revision) counter, and the {@code If-Match} check that turns a stale write into a 412. */
public final class ETags {

    private ETags() {}

    /** The answer when a write lost a race after its {@code If-Match} check passed. */
    public static ApiException changedMeanwhile(String what) {
        return new ApiException(
                ErrorCode.PRECONDITION_FAILED, what + " changed while your write was applied; read it again and retry");
    }

    public static String of(long revision) {
        return "\"" + revision + "\"";
    }

    /**
     * Passes when there is no {@code If-Match}, when it is {@code *}, or when it names the current revision. The
     * comparison is strong (RFC 9110): a weak tag never matches.
     *
     * @throws ApiException 412 when the client edited an older revision
     */
    public static void check(String ifMatch, long currentRevision, String what) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return;
        }
        String current = of(currentRevision);
        for (String tag : ifMatch.split(",")) {
            if (tag.trim().equals(current)) {
                return;
            }
        }
        throw new ApiException(
                ErrorCode.PRECONDITION_FAILED,
                what + " changed since you read it (now at ETag " + current + ", you sent " + ifMatch.trim()
                        + "); read it again and reapply your change");
    }
}

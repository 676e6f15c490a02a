package io.datasync.config.job;

import io.datasync.kit.web.ApiException;
import io.datasync.models.problem.ErrorCode;

/** Strong ETags from a revision counter, and the {@code If-Match} check that turns a stale write into a 412. */
final class ETags {

    private ETags() {}

    static String of(int revision) {
        return "\"" + revision + "\"";
    }

    /**
     * Passes when there is no {@code If-Match}, when it is {@code *}, or when it names the current revision.
     *
     * @throws ApiException 412 when the client edited an older revision
     */
    static void check(String ifMatch, int currentRevision, String what) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return;
        }
        String current = of(currentRevision);
        for (String tag : ifMatch.split(",")) {
            String t = tag.trim();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals(current)) {
                return;
            }
        }
        throw new ApiException(
                ErrorCode.PRECONDITION_FAILED,
                what + " changed since you read it (now at ETag " + current + ", you sent " + ifMatch.trim()
                        + "); read it again and reapply your change");
    }
}

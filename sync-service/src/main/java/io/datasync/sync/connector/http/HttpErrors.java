package io.datasync.sync.connector.http;

import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.SyncErrorCode;
import java.net.URI;

/**
 * The stable codes of the HTTP source, each classified once as retriable or permanent. Messages name a request by
 * {@link #describe(URI)}, never with its query string or user info, and carry no credential.
 *
 * <ul>
 *   <li>{@code SYNC-301} permanent: the API refused the credentials (401, 403).
 *   <li>{@code SYNC-302} permanent: the resource does not exist (404, 410).
 *   <li>{@code SYNC-303} retriable: the API kept answering 408, 429 or 5xx until the retries ran out.
 *   <li>{@code SYNC-304} permanent: the response is not JSON, or the records pointer does not lead to an array.
 *   <li>{@code SYNC-305} retriable: the API could not be reached (refused, timed out, reset) until the retries ran
 *       out.
 *   <li>{@code SYNC-306} permanent: the API refused the request (any other 4xx), with its status and body excerpt.
 *   <li>{@code SYNC-307} permanent: a next link or redirect leads to another origin, where the credentials must not go.
 *   <li>{@code SYNC-308} permanent: a response body is larger than {@code datasync.sync.read-limits.http-body}.
 *   <li>{@code SYNC-001} permanent: the job or the connection asks for something this source cannot do.
 * </ul>
 */
final class HttpErrors {

    private static final int EXCERPT = 200;

    private HttpErrors() {}

    /** Whether a status is worth asking again for: throttling, a timeout or a server-side failure. */
    static boolean retriable(int status) {
        return status == 408 || status == 429 || status >= 500 && status <= 599;
    }

    /**
     * The permanent failure for a status that is neither success, redirect nor {@link #retriable}.
     *
     * @param body the response body with the connection's secrets already removed
     */
    static ConnectorException refused(int status, URI uri, String body) {
        String request = describe(uri);
        if (status == 401 || status == 403) {
            return new ConnectorException(
                    SyncErrorCode.HTTP_AUTH_REFUSED,
                    "the API refused the connection's credentials (HTTP " + status + ") for " + request,
                    null);
        }
        if (status == 404 || status == 410) {
            return new ConnectorException(
                    SyncErrorCode.HTTP_NOT_FOUND,
                    "the API has no resource at " + request + " (HTTP " + status + ")",
                    null);
        }
        return new ConnectorException(
                SyncErrorCode.HTTP_REQUEST_REFUSED,
                "the API refused the request to " + request + " (HTTP " + status + ")" + excerpt(body),
                null);
    }

    /** A response larger than the operator allows a body to be; a retry would get the same. */
    static ConnectorException tooLarge(URI uri, long max) {
        return new ConnectorException(
                SyncErrorCode.HTTP_BODY_TOO_LARGE,
                "the response of " + describe(uri) + " is larger than " + max + " bytes ("
                        + io.datasync.sync.connector.spi.ReadLimits.PREFIX
                        + "http-body); ask for smaller pages (pagination) or raise the limit",
                null);
    }

    static ConnectorException exhausted(URI uri, int attempts, String lastProblem) {
        return new ConnectorException(
                SyncErrorCode.HTTP_RETRIES_EXHAUSTED,
                "gave up on " + describe(uri) + " after " + attempts + " attempts; the last answer was " + lastProblem,
                null);
    }

    static ConnectorException unreachable(URI uri, int attempts, Exception last) {
        return new ConnectorException(
                SyncErrorCode.HTTP_UNREACHABLE,
                "could not reach " + describe(uri) + " in " + attempts + " attempts: " + ioProblem(last),
                null);
    }

    static ConnectorException interrupted(URI uri) {
        return new ConnectorException(
                SyncErrorCode.HTTP_RETRIES_EXHAUSTED, "interrupted while waiting to retry " + describe(uri), null);
    }

    static ConnectorException notRecords(URI uri, String problem) {
        return new ConnectorException(
                SyncErrorCode.HTTP_NOT_RECORDS, "the response of " + describe(uri) + " " + problem, null);
    }

    static ConnectorException otherOrigin(URI from, URI to, String what) {
        return new ConnectorException(
                SyncErrorCode.HTTP_OTHER_ORIGIN,
                "refused to follow " + what + " from " + describe(from) + " to " + describe(to)
                        + ": it is another origin than the connection's baseUrl, and the credentials go nowhere else",
                null);
    }

    static ConnectorException invalid(String message) {
        return new ConnectorException(SyncErrorCode.INVALID_OPTIONS, message, null);
    }

    /** A request as it may appear in messages and logs: scheme, host, port and path, without query or user info. */
    static String describe(URI uri) {
        if (uri == null || uri.getHost() == null) {
            return "the API";
        }
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getScheme() + "://" + uri.getHost() + port + path;
    }

    /** What went wrong with I/O, in words: the JDK's messages are often empty (a reset connection has none). */
    static String ioProblem(Exception e) {
        String kind = e.getClass().getSimpleName();
        return e.getMessage() == null || e.getMessage().isBlank() ? kind : kind + ": " + e.getMessage();
    }

    private static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String flat = body.strip().replaceAll("\\s+", " ");
        return ": " + (flat.length() > EXCERPT ? flat.substring(0, EXCERPT) + "..." : flat);
    }
}

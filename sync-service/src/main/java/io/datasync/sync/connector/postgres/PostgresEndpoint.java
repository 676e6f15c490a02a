package io.datasync.sync.connector.postgres;

/**
 * How to reach a PostgreSQL database, with the password already decrypted by the caller. {@link #toString()} never
 * shows the password, and {@link #safeUrl()} drops the URL's query, which may carry one.
 */
public record PostgresEndpoint(String url, String user, String password) {

    public PostgresEndpoint {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("a PostgreSQL endpoint needs a jdbc:postgresql: URL");
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("a PostgreSQL endpoint needs a user");
        }
    }

    /** The URL without its query string, for messages and logs. */
    public String safeUrl() {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    @Override
    public String toString() {
        return "PostgresEndpoint[url=" + safeUrl() + ", user=" + user + ", password=***]";
    }
}

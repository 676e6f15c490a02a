package io.datasync.models.connector;

import io.datasync.models.egress.EgressTarget;
import io.datasync.models.job.IncrementalMode;
import io.datasync.models.job.WriteMode;
import io.datasync.models.option.Option;
import io.datasync.models.option.Options;
import io.datasync.models.option.Rule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code jdbc}: relational databases through their JDBC drivers; sources of any known dialect, PostgreSQL targets. */
public final class JdbcKind {

    private JdbcKind() {}

    /**
     * JDBC sub-protocols with a driver in sync-service, and the driver classes a connection may name for them (the first
     * is the one inferred): {@code jdbc:mysql:} URLs are read by the MariaDB driver, which speaks MySQL's protocol.
     */
    public static final Map<String, List<String>> DRIVERS = Map.of(
            "postgresql", List.of("org.postgresql.Driver"),
            "mysql", List.of("org.mariadb.jdbc.Driver", "com.mysql.cj.jdbc.Driver"),
            "mariadb", List.of("org.mariadb.jdbc.Driver"));

    private static final Pattern URL = Pattern.compile("jdbc:([a-z][a-z0-9]*):\\S+");
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)[?&;]password=");
    private static final Pattern USER_PARAMETER = Pattern.compile("(?i)[?&;]user=");

    public static final Option<String> URL_OPTION = Option.text(
                    "url", "JDBC URL, e.g. jdbc:postgresql://db:5432/app or jdbc:mariadb://db:3306/app")
            .mandatory()
            .checkedBy(JdbcKind::url)
            .reaching(new EgressTarget.Jdbc());

    public static final Option<String> USER = Option.text("user", "database user");

    public static final Option<String> PASSWORD = Option.secret("password", "database password");

    public static final Option<String> DRIVER = Option.text(
            "driver", "the JDBC driver class; inferred from the URL, and must be the one for its sub-protocol");

    public static final Option<Integer> MAX_POOL_SIZE = Option.integer(
                    "maxPoolSize",
                    "most connections sync-service keeps open to this database, shared by every run that uses the"
                            + " connection; a job's split parallelism cannot exceed it")
            .withDefault(8)
            .between(1, 64);

    public static final Options CONNECTION = Options.of(
            List.of(URL_OPTION, USER, PASSWORD, DRIVER, MAX_POOL_SIZE),
            Rule.of(
                    "driver is inferred from the URL's sub-protocol ("
                            + String.join(
                                    ", ", DRIVERS.keySet().stream().sorted().toList()) + ")",
                    scope -> {
                        if (!(scope.get("url") instanceof String url)) {
                            return;
                        }
                        List<String> known = DRIVERS.get(subprotocol(url));
                        if (known == null) {
                            return; // the URL's own check already named the sub-protocols with a driver
                        }
                        Object given = scope.get("driver");
                        if (given == null) {
                            scope.put("driver", known.get(0));
                        } else if (!known.contains(given)) {
                            scope.problem(
                                    "driver",
                                    "must be " + String.join(" or ", known) + " for jdbc:" + subprotocol(url)
                                            + ": URLs (or left out)");
                        }
                    }),
            Rule.of("the user is given once: in user or as the URL's user parameter", scope -> {
                if (scope.get("url") instanceof String url
                        && scope.get("user") != null
                        && USER_PARAMETER.matcher(url).find()) {
                    scope.problem(
                            "user",
                            "is also given by the URL's user parameter, which the driver would use instead; give it in"
                                    + " one place");
                }
            }));

    public static final Option<Integer> FETCH_SIZE = Option.integer(
                    "fetchSize",
                    "rows the driver fetches per round trip when a table without a key is streamed through a cursor")
            .withDefault(5000)
            .between(1, 100_000);

    public static final Option<Duration> QUERY_TIMEOUT = Option.duration(
                    "queryTimeout",
                    "how long one statement may run before the database is asked to cancel it, e.g. 30s or 10m; 0s"
                            + " for no limit")
            .withDefault(Duration.ofMinutes(10));

    /** Where a change log starts; only for {@code incremental: {mode: changelog}}. */
    public static final Option<String> START = Option.choice(
            "start",
            "changelog only: snapshot (the default) copies the table, then streams its changes from the position the"
                    + " copy was taken at; now streams only the changes made from the first start on",
            "snapshot",
            "now");

    /** How a change log applies deletes; only for changelog. */
    public static final Option<String> SOFT_DELETE_COLUMN = Option.text(
                    "softDeleteColumn",
                    "changelog only: keep deleted rows and set this timestamptz column of the target to the delete's"
                            + " commit time instead (it is null on every row the source holds); left out, deletes"
                            + " delete")
            .checkedBy(name -> io.datasync.models.job.SqlIdentifiers.isColumn(name)
                    ? null
                    : "must be a plain column name: " + io.datasync.models.job.SqlIdentifiers.rule());

    /** The options only a change log takes. */
    public static final java.util.Set<String> CHANGELOG_OPTIONS =
            java.util.Set.of(START.name(), SOFT_DELETE_COLUMN.name());

    public static final Options SOURCE = Options.of(FETCH_SIZE, QUERY_TIMEOUT, START, SOFT_DELETE_COLUMN);

    public static final ConnectorDescriptor DESCRIPTOR = new ConnectorDescriptor(
            "jdbc",
            "relational databases: read a table or a read-only query (PostgreSQL, MariaDB, MySQL), write PostgreSQL",
            CONNECTION,
            new ConnectorDescriptor.SourceSupport(
                    SOURCE,
                    Set.of(
                            IncrementalMode.FULL,
                            IncrementalMode.TIMESTAMP,
                            IncrementalMode.PK_RANGE,
                            IncrementalMode.CHANGELOG),
                    true,
                    true),
            new ConnectorDescriptor.SinkSupport(
                    Options.NONE,
                    Set.of(WriteMode.INSERT, WriteMode.UPSERT, WriteMode.OVERWRITE),
                    settings -> settings.get("url") instanceof String url && url.startsWith("jdbc:postgresql:")
                            ? null
                            : "only PostgreSQL targets are written (a jdbc:postgresql: URL)"),
            null);

    /** The sub-protocol of a JDBC URL ({@code postgresql} of {@code jdbc:postgresql://…}), or null. */
    public static String subprotocol(String url) {
        Matcher m = URL.matcher(url);
        return m.matches() ? m.group(1) : null;
    }

    private static String url(String url) {
        String sub = subprotocol(url);
        if (sub == null) {
            return "must be a JDBC URL like jdbc:postgresql://host:5432/database";
        }
        if (!DRIVERS.containsKey(sub)) {
            return "jdbc:" + sub + ": has no driver here; use one of "
                    + DRIVERS.keySet().stream()
                            .sorted()
                            .map(s -> "jdbc:" + s + ":")
                            .toList();
        }
        if (PASSWORD_PARAMETER.matcher(url).find()) {
            // A password in the URL would be stored and shown in plain text; the password setting is encrypted.
            return "must not carry a password; put it in the password setting, which is encrypted";
        }
        return null;
    }
}

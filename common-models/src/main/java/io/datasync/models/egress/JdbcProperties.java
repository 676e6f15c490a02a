package io.datasync.models.egress;

import io.datasync.models.egress.JdbcUrl.Driver;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which JDBC URL properties a connection may carry, per driver, matched the way the driver matches names: pgjdbc
 * exactly (and {@code host}, {@code port}, {@code dbname} in any case, which it turns into {@code PGHOST}…), MariaDB
 * Connector/J 3 in any case and through its aliases. A property is allowed when it is in the driver's default list or
 * the operator's {@code datasync.egress.jdbc.allowed-properties.<driver>}, and never when it is always refused: it loads
 * a class, reads or writes a local file, reads the environment or the platform's own credentials, runs SQL at connect,
 * redirects the connection, relaxes certificate checks, or overrides the hosts and database the policy checked.
 */
public final class JdbcProperties {

    private static final String CLASS = "it makes the driver load a class of the user's choosing";
    private static final String FILE_READ = "it makes the driver read a file on the platform's machine";
    private static final String FILE_WRITE = "it makes the driver write a file on the platform's machine";
    private static final String CONNECT_SQL = "it runs SQL or server commands when the connection opens";
    private static final String CERTS = "it relaxes the check of the server's certificate";
    private static final String TARGET =
            "it overrides the hosts or database of the URL, which the egress policy checks";
    private static final String PASSWORD =
            "a password does not belong in the URL: put it in the connection's password setting, which is encrypted";

    /** pgjdbc 42.7 names, exact case. */
    static final Map<String, String> POSTGRESQL_REFUSED = Map.ofEntries(
            Map.entry("socketFactory", CLASS),
            Map.entry("socketFactoryArg", CLASS),
            Map.entry("sslfactory", CLASS + " (and can turn off certificate checks)"),
            Map.entry("sslfactoryarg", CLASS),
            Map.entry("sslhostnameverifier", CLASS + " (and can turn off host name checks)"),
            Map.entry("sslpasswordcallback", CLASS),
            Map.entry("authenticationPluginClassName", CLASS),
            Map.entry("connectExecutor", CLASS),
            Map.entry("connectExecutorArg", CLASS),
            Map.entry("xmlFactoryFactory", CLASS),
            Map.entry("classLoaderStrategy", "it changes where the driver loads classes from"),
            Map.entry("sslkey", FILE_READ),
            Map.entry("sslcert", FILE_READ),
            Map.entry("sslrootcert", FILE_READ),
            Map.entry("sslpassword", "it unlocks a key file on the platform's machine"),
            Map.entry("service", FILE_READ + " (pg_service.conf)"),
            Map.entry("passfile", FILE_READ + " (a password file)"),
            Map.entry("loggerFile", FILE_WRITE),
            Map.entry("loggerLevel", "it turns on driver logging into the platform's logs"),
            Map.entry("jaasApplicationName", "it logs in with the platform's own JAAS/Kerberos configuration"),
            Map.entry("jaasLogin", "it logs in with the platform's own JAAS/Kerberos configuration"),
            Map.entry("gssUseDefaultCreds", "it authenticates with the platform's own Kerberos credentials"),
            Map.entry("options", CONNECT_SQL),
            Map.entry("PGHOST", TARGET),
            Map.entry("PGPORT", TARGET),
            Map.entry("PGDBNAME", TARGET),
            Map.entry("password", PASSWORD));

    /** Harmless tuning, exact case as pgjdbc reads it. */
    static final Set<String> POSTGRESQL_ALLOWED = Set.of(
            "ApplicationName",
            "user",
            "connectTimeout",
            "socketTimeout",
            "loginTimeout",
            "cancelSignalTimeout",
            "tcpKeepAlive",
            "tcpNoDelay",
            "currentSchema",
            "defaultRowFetchSize",
            "prepareThreshold",
            "preparedStatementCacheQueries",
            "preparedStatementCacheSizeMiB",
            "ssl",
            "sslmode",
            "channelBinding",
            "requireAuth",
            "targetServerType",
            "loadBalanceHosts",
            "hostRecheckSeconds",
            "readOnly",
            "assumeMinServerVersion");

    /** MariaDB Connector/J 3 names in lower case (the driver ignores case). */
    static final Map<String, String> MARIADB_REFUSED = Map.ofEntries(
            Map.entry(
                    "credentialtype",
                    "it takes credentials from the platform's environment or files (credentialType=ENV sends"
                            + " environment variables to the server)"),
            Map.entry("pwdkey", "it names an environment variable of the platform to send as a password"),
            Map.entry("userkey", "it names an environment variable of the platform to send as a user"),
            Map.entry("initsql", CONNECT_SQL),
            Map.entry("sessionvariables", CONNECT_SQL),
            Map.entry("createdatabaseifnotexist", CONNECT_SQL),
            Map.entry("allowmultiqueries", "it lets one statement carry several"),
            Map.entry("localsocket", "it connects through a local socket of the platform's machine"),
            Map.entry("pipe", "it connects through a local named pipe of the platform's machine"),
            Map.entry("socketfactory", CLASS),
            Map.entry("tlssockettype", CLASS),
            Map.entry("serversslcert", FILE_READ),
            Map.entry("keystore", FILE_READ),
            Map.entry("truststore", FILE_READ),
            Map.entry("serverrsapublickeyfile", FILE_READ),
            Map.entry("trustservercertificate", CERTS),
            Map.entry("disablesslhostnameverification", CERTS),
            Map.entry(
                    "includethreaddumpindeadlockexceptions", "it puts the platform's thread dump into error messages"),
            Map.entry("password", PASSWORD));

    /** MariaDB properties allowed only with these values (lower case); any other value is always refused. */
    static final Map<String, Map.Entry<Set<String>, String>> MARIADB_VALUES = Map.of(
            "allowlocalinfile",
            Map.entry(Set.of("false", "0"), "it lets the server ask for files of the platform's machine"),
            "permitredirect",
            Map.entry(
                    Set.of("false", "0"), "it lets the server send the connection to a host the policy never checked"),
            "sslmode",
            Map.entry(
                    Set.of(
                            "disable",
                            "disabled",
                            "false",
                            "0",
                            "verify-ca",
                            "verify_ca",
                            "verify-full",
                            "verify_full",
                            "verify_identity",
                            "true",
                            "1"),
                    CERTS + " (sslMode=trust encrypts without checking it; use verify-full or verify-ca)"));

    /** Harmless tuning, spelled as documented (the driver ignores case). */
    static final Set<String> MARIADB_ALLOWED = Set.of(
            "user",
            "connectTimeout",
            "socketTimeout",
            "tcpKeepAlive",
            "tcpKeepIdle",
            "tcpKeepCount",
            "tcpKeepInterval",
            "tcpAbortiveClose",
            "sslMode",
            "defaultFetchSize",
            "useCompression",
            "permitMysqlScheme",
            "restrictedAuth",
            "cachePrepStmts",
            "prepStmtCacheSize",
            "useServerPrepStmts",
            "allowLocalInfile",
            "permitRedirect");

    /** MariaDB's aliases, lower case to lower case, as in its {@code OptionAliases}. */
    private static final Map<String, String> MARIADB_ALIASES = Map.of(
            "clientcertificatekeystoreurl", "keystore",
            "clientcertificatekeystorepassword", "keystorepassword",
            "clientcertificatekeystoretype", "keystoretype",
            "trustcertificatekeystoreurl", "truststore",
            "trustcertificatekeystorepassword", "truststorepassword",
            "trustcertificatekeystoretype", "truststoretype",
            "nullcatalogmeanscurrent", "nulldatabasemeanscurrent",
            "databaseterm", "usecatalogterm");

    private JdbcProperties() {}

    /** The name under which the driver knows a property. */
    static String canonical(Driver driver, String name) {
        if (driver == Driver.MARIADB) {
            String lower = name.toLowerCase(Locale.ROOT);
            return MARIADB_ALIASES.getOrDefault(lower, lower);
        }
        String upper = name.toUpperCase(Locale.ROOT);
        return upper.equals("HOST") || upper.equals("PORT") || upper.equals("DBNAME") ? "PG" + upper : name;
    }

    /** Why no setting may allow this property, whatever its value, or null. */
    public static String refusedByName(Driver driver, String name) {
        String key = canonical(driver, name);
        return driver == Driver.POSTGRESQL ? POSTGRESQL_REFUSED.get(key) : MARIADB_REFUSED.get(key);
    }

    /** Why no setting may allow this property with this value, or null when an allowlist may. */
    public static String alwaysRefused(Driver driver, String name, String value) {
        String reason = refusedByName(driver, name);
        if (reason != null || driver == Driver.POSTGRESQL) {
            return reason;
        }
        Map.Entry<Set<String>, String> values = MARIADB_VALUES.get(canonical(driver, name));
        if (values != null && !values.getKey().contains(value.toLowerCase(Locale.ROOT))) {
            return values.getValue();
        }
        return null;
    }

    /** The properties allowed by default, as the driver spells them (sorted, for messages and docs). */
    public static Set<String> defaults(Driver driver) {
        return new TreeSet<>(driver == Driver.POSTGRESQL ? POSTGRESQL_ALLOWED : MARIADB_ALLOWED);
    }

    /** Whether the name is in the default list or among the operator's additions, matched as the driver matches. */
    static boolean allowed(Driver driver, String name, Collection<String> extra) {
        String key = canonical(driver, name);
        for (Collection<String> names : List.of(defaults(driver), extra)) {
            for (String allowed : names) {
                if (canonical(driver, allowed).equals(key)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** An allowed name that differs only in case (pgjdbc would ignore the one written), or null. */
    static String caseHint(Driver driver, String name, Collection<String> extra) {
        if (driver != Driver.POSTGRESQL) {
            return null;
        }
        for (String known : List.copyOf(new TreeSet<>(POSTGRESQL_ALLOWED))) {
            if (known.equalsIgnoreCase(name)) {
                return known;
            }
        }
        for (String known : extra) {
            if (known.equalsIgnoreCase(name)) {
                return known;
            }
        }
        return null;
    }
}

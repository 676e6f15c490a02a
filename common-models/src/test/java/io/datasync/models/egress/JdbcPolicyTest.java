package io.datasync.models.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.models.egress.JdbcUrl.Driver;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JdbcPolicyTest {

    private static final NetworkPolicy PUBLIC_ONLY = NetworkPolicy.DEFAULT;
    private static final NetworkPolicy LOCAL_RUN = new NetworkPolicy(
            true,
            false,
            List.of(),
            List.of(NetworkRule.parse("loopback:8080-8085"), NetworkRule.parse("loopback:9093")));

    private final StubResolver dns = new StubResolver()
            .answer("db.example.com", "93.184.216.34")
            .answer("pg.internal", "10.0.0.5")
            .answer("postgres", "10.0.0.5")
            .answer("replica.example.com", "93.184.216.35", "192.168.0.9")
            .answer("localhost", "127.0.0.1");

    private static EgressPolicy policy(NetworkPolicy networks, JdbcPolicy jdbc) {
        return new EgressPolicy(List.of(), networks, jdbc);
    }

    private EgressDecision decide(String url) throws Exception {
        return policy(PUBLIC_ONLY, JdbcPolicy.DEFAULT).decideJdbcUrl(url, dns);
    }

    private static EgressDecision.Refused refused(EgressDecision decision) {
        assertThat(decision).isInstanceOf(EgressDecision.Refused.class);
        return (EgressDecision.Refused) decision;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "jdbc:postgresql://db.example.com:5432/shop",
                "jdbc:postgresql://db.example.com/shop?ApplicationName=datasync&connectTimeout=10&socketTimeout=60",
                "jdbc:postgresql://db.example.com/shop?sslmode=verify-full&ssl=true&tcpKeepAlive=true",
                "jdbc:postgresql://db.example.com/shop?currentSchema=sales&defaultRowFetchSize=1000&prepareThreshold=0",
                "jdbc:postgresql://db.example.com/shop?user=reader&targetServerType=primary&loadBalanceHosts=true",
                "jdbc:mariadb://db.example.com/shop?connectTimeout=5000&sslMode=verify-full&tcpKeepAlive",
                "jdbc:mariadb://db.example.com/shop?SSLMODE=VERIFY_IDENTITY&useCompression=true",
                "jdbc:mariadb://db.example.com/shop?allowLocalInfile=false&permitRedirect=0&defaultFetchSize=500",
                "jdbc:mysql://db.example.com/shop?permitMysqlScheme&restrictedAuth=mysql_native_password",
                "jdbc:mariadb:replication://db.example.com,93.184.216.36/shop"
            })
    void allowsHarmlessTuningOnAllowedHosts(String url) throws Exception {
        assertThat(decide(url).isAllowed()).isTrue();
    }

    static Stream<String> postgresqlRefused() {
        return JdbcProperties.POSTGRESQL_REFUSED.keySet().stream().sorted();
    }

    @ParameterizedTest
    @MethodSource("postgresqlRefused")
    void refusesEveryDangerousPgjdbcPropertyWhateverTheAllowlist(String name) throws Exception {
        JdbcPolicy generous = new JdbcPolicy(Map.of(Driver.POSTGRESQL, Set.of("loggerFile2")), null);
        EgressDecision decision = policy(PUBLIC_ONLY, generous)
                .decideJdbcUrl("jdbc:postgresql://db.example.com/shop?" + name + "=x", dns);

        assertThat(refused(decision).setting()).isNull();
        assertThat(refused(decision).message())
                .startsWith("JDBC URL property '" + name + "' is refused: ")
                .endsWith("No setting allows it.");
    }

    static Stream<String> mariadbRefused() {
        return JdbcProperties.MARIADB_REFUSED.keySet().stream().sorted();
    }

    @ParameterizedTest
    @MethodSource("mariadbRefused")
    void refusesEveryDangerousMariadbPropertyInAnyCase(String name) throws Exception {
        for (String written : List.of(name, name.toUpperCase(java.util.Locale.ROOT))) {
            EgressDecision.Refused refused = refused(decide("jdbc:mariadb://db.example.com/shop?" + written + "=true"));
            assertThat(refused.setting()).isNull();
            assertThat(refused.message()).contains("'" + written + "' is refused", "No setting allows it.");
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "host=evil.example.com",
                "HOST=evil.example.com",
                "Port=5433",
                "dbname=datasync_config",
                "PGHOST=evil.example.com",
                "PGDBNAME=x",
                "sslfactory=org.postgresql.ssl.NonValidatingFactory",
                "socketFactory=org.springframework.context.support.ClassPathXmlApplicationContext",
                "socketFactoryArg=http://evil.example.com/x.xml",
                "sslrootcert=/etc/passwd",
                "loggerFile=/tmp/x.jsp",
                "service=platform",
                "options=-c%20statement_timeout=0",
                "password=s3cr3t"
            })
    void refusesPgjdbcPropertiesThatLoadClassesReadFilesOrMoveTheTarget(String property) throws Exception {
        assertThat(refused(decide("jdbc:postgresql://db.example.com/shop?" + property))
                        .setting())
                .isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "credentialType=ENV&pwdKey=DATASYNC_INTERNAL_TOKEN",
                "pwdKey=DATASYNC_INTERNAL_TOKEN",
                "initSql=SELECT%201",
                "allowLocalInfile=true",
                "allowLocalInfile",
                "allowLocalInfile=false&ALLOWLOCALINFILE=true",
                "allowMultiQueries=true",
                "permitRedirect=true",
                "localSocket=/var/run/mysqld/mysqld.sock",
                "pipe=x",
                "socketFactory=x",
                "tlsSocketType=x",
                "serverSslCert=/etc/ssl/private/key.pem",
                "keyStore=/etc/x.jks",
                "trustStore=/etc/x.jks",
                "clientCertificateKeyStoreUrl=file:/etc/x.jks",
                "trustCertificateKeyStoreUrl=file:/etc/x.jks",
                "sessionVariables=sql_mode=x",
                "trustServerCertificate=true",
                "useSsl=true&trustServerCertificate=true",
                "sslMode=trust",
                "sslMode=REQUIRED",
                "disableSslHostnameVerification=true",
                "serverRsaPublicKeyFile=/etc/x.pem",
                "createDatabaseIfNotExist=true",
                "password=s3cr3t"
            })
    void refusesMariadbPropertiesThatReadTheEnvironmentFilesOrRunSql(String property) throws Exception {
        assertThat(refused(decide("jdbc:mariadb://db.example.com/shop?" + property))
                        .setting())
                .isNull();
    }

    @Test
    void namesTheAllowedPropertiesAndTheSettingForAnUnknownOne() throws Exception {
        EgressDecision.Refused refused = refused(decide("jdbc:postgresql://db.example.com/shop?binaryTransfer=false"));

        assertThat(refused.setting()).isEqualTo("datasync.egress.jdbc.allowed-properties.postgresql");
        assertThat(refused.message())
                .startsWith("JDBC URL property 'binaryTransfer' is not among those allowed for jdbc:postgresql: URLs"
                        + " (ApplicationName, assumeMinServerVersion,")
                .endsWith("An operator allows more with datasync.egress.jdbc.allowed-properties.postgresql.");
        assertThat(refused(decide("jdbc:mysql://db.example.com/shop?useSsl=true"))
                        .setting())
                .isEqualTo("datasync.egress.jdbc.allowed-properties.mariadb");
    }

    @Test
    void matchesPgjdbcNamesExactlyAndSaysWhichCaseItMeant() throws Exception {
        EgressDecision.Refused refused = refused(decide("jdbc:postgresql://db.example.com/shop?applicationname=x"));

        assertThat(refused.message()).contains("did you mean 'ApplicationName'?");
        // pgjdbc ignores SSLFACTORY (only sslfactory loads a class), so it is merely not allowed, with the hint
        assertThat(refused(decide("jdbc:postgresql://db.example.com/shop?SSLFACTORY=x"))
                        .setting())
                .isEqualTo("datasync.egress.jdbc.allowed-properties.postgresql");
        assertThat(refused(decide("jdbc:postgresql://db.example.com/shop?%73slfactory=x"))
                        .setting())
                .isEqualTo("datasync.egress.jdbc.allowed-properties.postgresql");
    }

    @Test
    void extendsEachDriversListFromTheSettingMatchedAsTheDriverMatches() throws Exception {
        JdbcPolicy jdbc = new JdbcPolicy(
                Map.of(Driver.POSTGRESQL, Set.of("binaryTransfer"), Driver.MARIADB, Set.of("tinyInt1isBit")), null);
        EgressPolicy policy = policy(PUBLIC_ONLY, jdbc);

        assertThat(policy.decideJdbcUrl("jdbc:postgresql://db.example.com/x?binaryTransfer=false", dns)
                        .isAllowed())
                .isTrue();
        assertThat(policy.decideJdbcUrl("jdbc:postgresql://db.example.com/x?binarytransfer=false", dns)
                        .isAllowed())
                .isFalse();
        assertThat(policy.decideJdbcUrl("jdbc:mysql://db.example.com/x?TINYINT1ISBIT=false", dns)
                        .isAllowed())
                .isTrue();
    }

    @Test
    void refusesToListAnAlwaysRefusedPropertyAsAllowed() {
        assertThatThrownBy(() -> new JdbcPolicy(Map.of(Driver.MARIADB, Set.of("InitSql")), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("datasync.egress.jdbc.allowed-properties.mariadb lists 'InitSql', which is always"
                        + " refused");
        assertThatThrownBy(() -> new JdbcPolicy(Map.of(Driver.POSTGRESQL, Set.of("sslfactory")), null))
                .hasMessageContaining("allowed-properties.postgresql");
    }

    @Test
    void refusesAnUnreadableUrlWithTheParsersReason() throws Exception {
        assertThat(refused(decide("jdbc:mariadb://address=(host=db)(port=3306)/app"))
                        .message())
                .startsWith("JDBC URL is refused: the address=(host=…)(port=…) form is not accepted; write plain"
                        + " host:port entries");
    }

    @Test
    void checksEveryHostOfTheUrlWithItsPort() throws Exception {
        assertThat(refused(decide("jdbc:postgresql://db.example.com,169.254.169.254/x"))
                        .message())
                .startsWith("database host 169.254.169.254:5432 is refused");
        assertThat(refused(decide("jdbc:mariadb:replication://db.example.com,replica.example.com:3307/x"))
                        .message())
                .startsWith("database host replica.example.com:3307 is refused: replica.example.com resolves to"
                        + " 192.168.0.9, which is a private address");
        assertThat(refused(decide("jdbc:postgresql:shop")).setting()).isEqualTo(EgressSettings.ALLOW_LOOPBACK);
        assertThat(refused(decide("jdbc:mariadb://[::ffff:10.0.0.1]/x")).setting())
                .isEqualTo(EgressSettings.ALLOW_PRIVATE);
    }

    @Test
    void refusesTheLoopbackPortsTheLocalRunDenies() throws Exception {
        EgressPolicy local = policy(LOCAL_RUN, JdbcPolicy.DEFAULT);

        assertThat(local.decideJdbcUrl("jdbc:postgresql://127.0.0.1:5432/shop", dns)
                        .isAllowed())
                .isTrue();
        assertThat(local.decideJdbcUrl("jdbc:mariadb://localhost:8081/x", dns).isAllowed())
                .isFalse();
    }

    @Test
    void neverReachesThePlatformsOwnDatabasesOnThePlatformsServer() throws Exception {
        JdbcPolicy jdbc = new JdbcPolicy(Map.of(), JdbcUrl.parse("jdbc:postgresql://127.0.0.1:5432/datasync_sync"));
        EgressPolicy local = policy(LOCAL_RUN, jdbc);

        for (String url : List.of(
                "jdbc:postgresql://127.0.0.1:5432/datasync_config",
                "jdbc:postgresql://localhost/datasync_sync",
                "jdbc:postgresql:datasync_quality",
                "jdbc:postgresql://127.0.0.2:5432/DATASYNC_SCHEDULER",
                "jdbc:postgresql://[::1]:5432/datasync_monitoring",
                "jdbc:postgresql://[::ffff:127.0.0.1]:5432/datasync_config",
                "jdbc:postgresql://127.0.0.1/datasync%5Fconfig",
                "jdbc:postgresql://db.example.com:5432,127.0.0.1:5432/datasync_config")) {
            EgressDecision.Refused refused = refused(local.decideJdbcUrl(url, dns));
            assertThat(refused.setting()).as(url).isNull();
            assertThat(refused.message()).as(url).contains("is one of the platform's own");
        }
        assertThat(local.decideJdbcUrl("jdbc:postgresql://127.0.0.1:5433/datasync_config", dns)
                        .isAllowed())
                .isTrue();
        assertThat(local.decideJdbcUrl("jdbc:postgresql://127.0.0.1:5432/shop", dns)
                        .isAllowed())
                .isTrue();
        assertThat(local.decideJdbcUrl("jdbc:mariadb://127.0.0.1:3306/datasync_config", dns)
                        .isAllowed())
                .isTrue();
    }

    @Test
    void findsThePlatformsServerBehindAnotherNameByItsAddresses() throws Exception {
        JdbcPolicy jdbc = new JdbcPolicy(Map.of(), JdbcUrl.parse("jdbc:postgresql://postgres:5432/datasync_config"));
        EgressPolicy policy = policy(new NetworkPolicy(false, true, List.of(), List.of()), jdbc);

        assertThat(refused(policy.decideJdbcUrl("jdbc:postgresql://pg.internal/datasync_sync", dns))
                        .message())
                .contains("the database 'datasync_sync' on pg.internal:5432 is one of the platform's own");
        assertThat(refused(policy.decideJdbcUrl("jdbc:postgresql://10.0.0.5/datasync_sync", dns))
                        .message())
                .contains("one of the platform's own");
        assertThat(refused(policy.decideJdbcUrl("jdbc:postgresql://POSTGRES./datasync_sync"))
                        .message())
                .contains("one of the platform's own");
        assertThat(policy.decideJdbcUrl("jdbc:postgresql://pg.internal/shop", dns)
                        .isAllowed())
                .isTrue();
    }

    @Test
    void refusesThePlatformsDatabaseNamesEverywhereWhenItsServerIsUnknown() throws Exception {
        assertThat(refused(decide("jdbc:postgresql://db.example.com/datasync_config"))
                        .message())
                .contains("one of the platform's own");
    }

    @Test
    void decidesWithoutDnsForChecksAtSave() {
        EgressPolicy policy = policy(PUBLIC_ONLY, JdbcPolicy.DEFAULT);

        assertThat(policy.decideJdbcUrl("jdbc:postgresql://db.unknown.example/shop")
                        .isAllowed())
                .isTrue();
        assertThat(policy.decideJdbcUrl("jdbc:postgresql://10.0.0.1/shop").isAllowed())
                .isFalse();
        assertThat(policy.decideJdbcUrl("jdbc:postgresql://db.unknown.example/shop?sslfactory=x")
                        .isAllowed())
                .isFalse();
    }

    @Test
    void listsTheDefaultsAsEachDriverSpellsThem() {
        assertThat(JdbcProperties.defaults(Driver.POSTGRESQL)).contains("ApplicationName", "sslmode", "tcpKeepAlive");
        assertThat(JdbcProperties.defaults(Driver.MARIADB)).contains("connectTimeout", "permitMysqlScheme");
        for (Driver driver : Driver.values()) {
            for (String name : JdbcProperties.defaults(driver)) {
                assertThat(JdbcProperties.refusedByName(driver, name)).as(name).isNull();
            }
        }
    }
}

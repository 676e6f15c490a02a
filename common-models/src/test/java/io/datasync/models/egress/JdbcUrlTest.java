package io.datasync.models.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.models.egress.JdbcUrl.Driver;
import io.datasync.models.egress.JdbcUrl.Property;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each case was checked against pgjdbc 42.7.11's Driver.parseURL and MariaDB Connector/J 3.5.8's Configuration.parse. */
class JdbcUrlTest {

    private static String hosts(String url) {
        return JdbcUrl.parse(url).hostList();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            nullValues = "null",
            value = {
                "jdbc:postgresql://db:5432/app            | db:5432                              | app",
                "jdbc:postgresql://db/app                 | db:5432                              | app",
                "jdbc:postgresql://db/                    | db:5432                              | null",
                "jdbc:postgresql://db:6543/               | db:6543                              | null",
                "jdbc:postgresql:app                      | localhost:5432                       | app",
                "jdbc:postgresql:                         | localhost:5432                       | null",
                "jdbc:postgresql://                       | localhost:5432                       | null",
                "jdbc:postgresql:///                      | localhost:5432                       | null",
                "jdbc:postgresql:///app                   | localhost:5432                       | app",
                "jdbc:postgresql://:6000/app              | localhost:6000                       | app",
                "jdbc:postgresql://[::1]:5740/accounting  | [::1]:5740                           | accounting",
                "jdbc:postgresql://[::1]/accounting       | [::1]:5432                           | accounting",
                "jdbc:postgresql://[2001:db8::7]:1/a      | [2001:db8::7]:1                      | a",
                "jdbc:postgresql://h1:1,h2,:3/db          | h1:1,h2:5432,localhost:3             | db",
                "jdbc:postgresql://h1,,h2/db              | h1:5432,localhost:5432,h2:5432       | db",
                "jdbc:postgresql://h1,/db                 | h1:5432                              | db",
                "jdbc:postgresql://10.0.0.1:5432/d%41b    | 10.0.0.1:5432                        | dAb",
                "jdbc:postgresql://db/d+b                 | db:5432                              | d b",
                "jdbc:postgresql://db/a%2Fb               | db:5432                              | a/b",
                "jdbc:postgresql:shop?ssl=true            | localhost:5432                       | shop"
            })
    void readsPostgresqlUrlsAsPgjdbcDoes(String url, String hosts, String database) {
        JdbcUrl parsed = JdbcUrl.parse(url);
        assertThat(parsed.driver()).isEqualTo(Driver.POSTGRESQL);
        assertThat(parsed.hostList()).isEqualTo(hosts);
        assertThat(parsed.database()).isEqualTo(database);
    }

    @Test
    void decodesPostgresqlValuesButNotNames() {
        JdbcUrl url = JdbcUrl.parse(
                "jdbc:postgresql://db/app?ApplicationName=a%20b+c&%73slfactory=x&flag&&currentSchema=s%2Ct&=v");

        assertThat(url.properties())
                .containsExactly(
                        new Property("ApplicationName", "a b c"),
                        new Property("%73slfactory", "x"),
                        new Property("flag", ""),
                        new Property("currentSchema", "s,t"),
                        new Property("", "v"));
    }

    @Test
    void keepsDuplicatesForTheCheckAndTheLastForTheMap() {
        JdbcUrl url = JdbcUrl.parse("jdbc:postgresql://db/app?ssl=true&ssl=false");
        assertThat(url.properties()).hasSize(2);
        assertThat(url.propertyMap()).isEqualTo(Map.of("ssl", "false"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "jdbc:postgresql:/                   | jdbc:postgresql:/",
                "jdbc:postgresql:/app                | jdbc:postgresql:/",
                "jdbc:postgresql://db                | a '/' must follow the hosts",
                "jdbc:postgresql://db/app/x          | more than one '/'",
                "jdbc:postgresql://db:/app           | is not a port",
                "jdbc:postgresql://db:x/app          | is not a port",
                "jdbc:postgresql://db:0/app          | is not a port",
                "jdbc:postgresql://db:65536/app      | is not a port",
                "jdbc:postgresql://db:+1/app         | is not a port",
                "jdbc:postgresql://::1/app           | IPv6 address in brackets",
                "jdbc:postgresql://[::1/app          | bracketed IPv6",
                "jdbc:postgresql://[db]:1/app        | bracketed IPv6",
                "jdbc:postgresql://u:p@db/app        | credentials",
                "jdbc:postgresql://u@db/app          | credentials",
                "jdbc:postgresql://db/app?a=%zz      | percent-encoded",
                "jdbc:postgresql://db/%zz            | percent-encoded",
                "jdbc:postgresql://127.1/app         | plain form",
                "jdbc:postgresql://db/app ?x=1       | spaces",
                "jdbc:oracle:thin:@db:1521:x         | only jdbc:postgresql:"
            })
    void refusesPostgresqlUrlsItCannotReadWithCertainty(String url, String message) {
        assertThatThrownBy(() -> JdbcUrl.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            nullValues = "null",
            value = {
                "jdbc:mariadb://db/app                          | null              | db:3306                | app",
                "jdbc:mariadb://db                              | null              | db:3306                | null",
                "jdbc:mariadb://db/                             | null              | db:3306                | null",
                "jdbc:mariadb://db:3307/app                     | null              | db:3307                | app",
                "jdbc:mysql://db:3306/app?permitMysqlScheme     | null              | db:3306                | app",
                "jdbc:mariadb://h1:1,h2:2/app                   | null              | h1:1,h2:2              | app",
                "jdbc:mariadb://h1,/app                         | null              | h1:3306                | app",
                "jdbc:mariadb:replication://p:3306,r1,r2/app    | replication       | p:3306,r1:3306,r2:3306 | app",
                "jdbc:mariadb:loadbalance://a,b/app             | loadbalance       | a:3306,b:3306          | app",
                "jdbc:mariadb:sequential://a,b/app              | sequential        | a:3306,b:3306          | app",
                "jdbc:mariadb:LOAD-BALANCE-READ://a/app         | load-balance-read | a:3306                 | app",
                "jdbc:mariadb:failover://a/app                  | failover          | a:3306                 | app",
                "jdbc:mariadb://[::1]:3307/app                  | null              | [::1]:3307             | app",
                "jdbc:mariadb://[2001:db8::1]/app               | null              | [2001:db8::1]:3306     | app",
                "jdbc:mariadb://db?x=1/app                      | null              | db:3306                | null",
                "jdbc:mariadb://db/d%41b                        | null              | db:3306                | d%41b",
                "jdbc:mariadb://db/a/b                          | null              | db:3306                | a/b"
            })
    void readsMariadbUrlsAsConnectorJ3Does(String url, String mode, String hosts, String database) {
        JdbcUrl parsed = JdbcUrl.parse(url);
        assertThat(parsed.driver()).isEqualTo(Driver.MARIADB);
        assertThat(parsed.mode()).isEqualTo(mode);
        assertThat(parsed.hostList()).isEqualTo(hosts);
        assertThat(parsed.database()).isEqualTo(database);
    }

    @Test
    void keepsMariadbPropertiesAsWrittenBecauseTheDriverDecodesNothing() {
        JdbcUrl url = JdbcUrl.parse("jdbc:mariadb://db/app?connectTimeout=5000&foo=%41b+c&a=b=c&flag");

        assertThat(url.subprotocol()).isEqualTo("mariadb");
        assertThat(url.properties())
                .containsExactly(
                        new Property("connectTimeout", "5000"),
                        new Property("foo", "%41b+c"),
                        new Property("a", "b=c"),
                        new Property("flag", ""));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "jdbc:mariadb://address=(host=db)(port=3307)/app          | plain host:port",
                "jdbc:mariadb://db1,ADDRESS=(host=x)(port=1)/app          | plain host:port",
                "jdbc:mariadb://db/app?x=address=(y)                      | plain host:port",
                "jdbc:mariadb:aurora://db/app                             | not a MariaDB mode",
                "jdbc:mariadb:                                            | cannot read this URL",
                "jdbc:mariadb:db/app                                      | cannot read this URL",
                "jdbc:mariadb:///app                                      | names no host",
                "jdbc:mariadb://:3307/app                                 | names no host",
                "jdbc:mariadb://db:/app                                   | is not a port",
                "jdbc:mariadb://db:3306x/app                              | is not a port",
                "jdbc:mariadb://db:+1/app                                 | is not a port",
                "jdbc:mariadb://db:99999/app                              | is not a port",
                "jdbc:mariadb://::1/app                                   | IPv6 address in brackets",
                "jdbc:mariadb://[::1/app                                  | bracketed IPv6",
                "jdbc:mariadb://[::1]x/app                                | after ']'",
                "jdbc:mysql://u:s3cr3t@db/app                             | credentials"
            })
    void refusesMariadbUrlsItCannotReadWithCertainty(String url, String message) {
        assertThatThrownBy(() -> JdbcUrl.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "postgresql://db/app", "jdbc:sqlserver://db;databaseName=x"})
    void refusesOtherUrls(String url) {
        assertThatThrownBy(() -> JdbcUrl.parse(url)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tellsTheConnectorWhatToKeepOffWhateverTheDriverDefaults() {
        assertThat(JdbcUrl.parse("jdbc:mariadb://db/app").driverDefaults())
                .containsEntry("allowLocalInfile", "false")
                .containsEntry("permitRedirect", "false");
        assertThat(JdbcUrl.parse("jdbc:postgresql://db/app").driverDefaults()).isEqualTo(Map.of("password", ""));
    }

    @Test
    void knowsEachDriverByItsSettingsKey() {
        assertThat(Driver.forKey("PostgreSQL")).isEqualTo(Driver.POSTGRESQL);
        assertThat(Driver.forKey("mysql")).isEqualTo(Driver.MARIADB);
        assertThat(Driver.forKey("oracle")).isNull();
        assertThat(hosts("jdbc:postgresql://a:1,b:2/x")).isEqualTo("a:1,b:2");
        assertThat(JdbcUrl.parse("jdbc:postgresql://a:1,b:2/x").hosts())
                .containsExactly(new HostPort("a", 1), new HostPort("b", 2));
        assertThat(List.of(Driver.values())).extracting(Driver::defaultPort).containsExactly(5432, 3306);
    }
}

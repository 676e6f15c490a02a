package io.datasync.config.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasync.config.secret.Keyring;
import io.datasync.config.secret.SecretCipher;
import io.datasync.kit.test.ServiceTestSupport;
import io.datasync.models.event.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The connections API against the real service, PostgreSQL and Kafka, with the test keyring of the test resources. */
class ConnectionsIT extends ServiceTestSupport {

    private static final String BASE = "/api/config/connections";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CIPHERTEXT = Pattern.compile("v1:([A-Za-z0-9_.-]+):");

    @Autowired
    ConnectionCatalog catalog;

    @Value("${datasync.config.secrets.keys}")
    String keyEntries;

    @Value("${datasync.config.internal.token}")
    String internalToken;

    /** Every response body seen, for the no-plaintext check. */
    private final List<String> responses = new ArrayList<>();

    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void startEmpty() {
        // The _it database outlives runs; each test starts without connections so names and counts are its own.
        jdbc.update("DELETE FROM connection");
    }

    @Test
    void createsReadsUpdatesAndDeletesWithSecretsMaskedAndVersionsGrowing() {
        HttpResponse<String> created = send("POST", BASE, jdbcBody("pg-main", "app", "first-Pa55"));
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode body = json(created);
        String id = body.get("id").asString();
        assertThat(created.headers().firstValue("Location"))
                .as("relative: never this service's own address behind the gateway")
                .hasValue(BASE + "/" + id);
        assertThat(body.get("version").asLong()).isEqualTo(1);
        assertThat(body.at("/settings/password").asString()).isEqualTo("******");
        assertThat(body.at("/settings/driver").asString()).isEqualTo("org.postgresql.Driver");
        assertThat(created.body()).doesNotContain("first-Pa55");

        HttpResponse<String> read = send("GET", BASE + "/" + id, null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read)).isEqualTo(body);

        // A secret left out keeps its stored value.
        HttpResponse<String> renamedUser = send(
                "PUT",
                BASE + "/" + id,
                "{\"name\":\"pg-main\",\"type\":\"jdbc\",\"settings\":{\"url\":\"jdbc:postgresql://db:5432/app\","
                        + "\"user\":\"app2\"}}");
        assertThat(renamedUser.statusCode()).isEqualTo(200);
        assertThat(json(renamedUser).get("version").asLong()).isEqualTo(2);
        assertThat(json(renamedUser).at("/settings/password").asString()).isEqualTo("******");
        assertThat(catalog.resolve("pg-main").orElseThrow().settings())
                .containsEntry("user", "app2")
                .containsEntry("password", "first-Pa55");

        // The GET document sent back as is (mask, version and read-only members included) keeps the secret too.
        String echoed = send("GET", BASE + "/" + id, null).body();
        HttpResponse<String> echo = send("PUT", BASE + "/" + id, echoed);
        assertThat(echo.statusCode()).isEqualTo(200);
        assertThat(json(echo).get("version").asLong()).isEqualTo(3);
        assertThat(catalog.resolve("pg-main").orElseThrow().settings()).containsEntry("password", "first-Pa55");

        // Sending version 2 again would overwrite a newer change.
        HttpResponse<String> stale = send("PUT", BASE + "/" + id, echoed);
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.body()).contains("version 3");

        HttpResponse<String> newSecret = send("PUT", BASE + "/" + id, jdbcBody("pg-main", "app", "second-Pa55"));
        assertThat(newSecret.statusCode()).isEqualTo(200);
        assertThat(catalog.resolve("pg-main").orElseThrow().settings()).containsEntry("password", "second-Pa55");
        assertThat(catalog.typeOf("pg-main")).contains("jdbc");

        assertThat(send("DELETE", BASE + "/" + id, null).statusCode()).isEqualTo(204);
        assertThat(send("GET", BASE + "/" + id, null).statusCode()).isEqualTo(404);
        assertThat(catalog.resolve("pg-main")).isEmpty();
        assertThat(catalog.typeOf("pg-main")).isEmpty();

        // Each change was published as ConnectionChanged with its version, in order.
        List<String> eventIds = jdbc.queryForList(
                "SELECT id::text FROM outbox_event WHERE message_key = ? ORDER BY seq", String.class, id);
        assertThat(eventIds).hasSize(5);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Map<String, JsonNode> events = consume(Topics.CONFIG_CHANGES, Set.copyOf(eventIds));
            assertThat(events).containsOnlyKeys(eventIds);
            List<String> changes = eventIds.stream()
                    .map(events::get)
                    .map(e -> e.at("/data/change").asString() + "@"
                            + e.at("/data/version").asLong())
                    .toList();
            assertThat(changes).containsExactly("CREATED@1", "UPDATED@2", "UPDATED@3", "UPDATED@4", "DELETED@4");
            assertThat(events.get(eventIds.get(0)).at("/data/connectionId").asString())
                    .isEqualTo(id);
            assertThat(events.get(eventIds.get(0)).at("/data/name").asString()).isEqualTo("pg-main");
        });
    }

    @Test
    void aStoredSecretIsNeverKeptWhenTheAddressChanges() {
        String id = json(send("POST", BASE, jdbcBody("moving", "app", "pw-kept-at-home")))
                .get("id")
                .asString();
        String elsewhere = jdbcBody("moving", "app", "******").replace("db:5432", "attacker.example:5432");

        HttpResponse<String> refused = send("PUT", BASE + "/" + id, elsewhere);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(pointers(refused)).containsExactly("/settings/password");
        assertThat(catalog.resolve("moving").orElseThrow().settings())
                .containsEntry("url", "jdbc:postgresql://db:5432/app");

        HttpResponse<String> given = send("PUT", BASE + "/" + id, elsewhere.replace("******", "new-pw"));
        assertThat(given.statusCode()).isEqualTo(200);
        assertThat(catalog.resolve("moving").orElseThrow().settings()).containsEntry("password", "new-pw");
    }

    @Test
    void updateDropsALeftOutSecretThatNoLongerAppliesAndRemovesANullOne() {
        String api = json(send(
                        "POST",
                        BASE,
                        "{\"name\":\"api\",\"type\":\"http\",\"settings\":{\"baseUrl\":\"https://x.example\","
                                + "\"auth\":{\"type\":\"basic\",\"username\":\"u\",\"password\":\"basic-pw\"}}}"))
                .get("id")
                .asString();
        HttpResponse<String> bearer = send(
                "PUT",
                BASE + "/" + api,
                "{\"name\":\"api\",\"type\":\"http\",\"settings\":{\"baseUrl\":\"https://x.example\","
                        + "\"auth\":{\"type\":\"bearer\",\"token\":\"tok\"}}}");
        assertThat(bearer.statusCode()).as(bearer.body()).isEqualTo(200);
        assertThat(catalog.resolve("api").orElseThrow().settings())
                .containsEntry("auth", Map.of("type", "bearer", "token", "tok"));

        String cache = json(send(
                        "POST",
                        BASE,
                        "{\"name\":\"cache\",\"type\":\"redis\",\"settings\":{\"uri\":\"redis://c\","
                                + "\"password\":\"redis-pw\"}}"))
                .get("id")
                .asString();
        HttpResponse<String> removed = send(
                "PUT",
                BASE + "/" + cache,
                "{\"name\":\"cache\",\"type\":\"redis\",\"settings\":{\"uri\":\"redis://c\",\"password\":null}}");
        assertThat(removed.statusCode()).isEqualTo(200);
        assertThat(json(removed).get("settings").has("password")).isFalse();
        assertThat(catalog.resolve("cache").orElseThrow().settings()).doesNotContainKey("password");
    }

    @Test
    void listsByTypeSortedByNameInPages() {
        for (String name : List.of("r-3", "r-1", "r-5", "r-2", "r-4")) {
            assertThat(send(
                                    "POST",
                                    BASE,
                                    "{\"name\":\"" + name + "\",\"type\":\"redis\",\"settings\":{\"uri\":"
                                            + "\"redis://cache:6379\"}}")
                            .statusCode())
                    .isEqualTo(201);
        }
        assertThat(send("POST", BASE, fileBody("files")).statusCode()).isEqualTo(201);

        JsonNode page = json(send("GET", BASE + "?type=redis&page=1&size=2", null));
        assertThat(page.get("items").valueStream().map(i -> i.get("name").asString()))
                .containsExactly("r-3", "r-4");
        assertThat(page.get("totalItems").asLong()).isEqualTo(5);
        assertThat(page.get("totalPages").asLong()).isEqualTo(3);
        assertThat(page.get("page").asInt()).isEqualTo(1);

        JsonNode all = json(send("GET", BASE, null));
        assertThat(all.get("totalItems").asLong()).isEqualTo(6);
        assertThat(all.get("size").asInt()).isEqualTo(50);
        assertThat(json(send("GET", BASE + "?page=9", null)).get("items")).isEmpty();

        HttpResponse<String> tooBig = send("GET", BASE + "?size=201", null);
        assertThat(tooBig.statusCode()).isEqualTo(400);
        assertThat(tooBig.body()).contains("\"pointer\":\"?size\"");
        HttpResponse<String> badType = send("GET", BASE + "?type=ftp", null);
        assertThat(badType.statusCode()).isEqualTo(400);
        assertThat(badType.body()).contains("\"pointer\":\"?type\"");
    }

    @Test
    void answersBadInputWithEveryProblemAtOnce() {
        HttpResponse<String> unknownType = send("POST", BASE, "{\"name\":\"x\",\"type\":\"ftp\",\"settings\":{}}");
        assertThat(unknownType.statusCode()).isEqualTo(400);
        assertThat(pointers(unknownType)).containsExactly("/type");

        HttpResponse<String> jdbc = send(
                "POST",
                BASE,
                "{\"name\":\"-bad name\",\"type\":\"jdbc\",\"colour\":1,"
                        + "\"settings\":{\"user\":\"u\",\"pasword\":\"typo\"}}");
        assertThat(jdbc.statusCode()).isEqualTo(400);
        assertThat(jdbc.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(pointers(jdbc)).containsExactlyInAnyOrder("/colour", "/name", "/settings/pasword", "/settings/url");
        assertThat(jdbc.body()).contains("COMMON-001", "4 fields are invalid").doesNotContain("typo");

        HttpResponse<String> http = send(
                "POST",
                BASE,
                "{\"name\":\"api\",\"type\":\"http\",\"settings\":{\"baseUrl\":\"not a url\","
                        + "\"auth\":{\"type\":\"bearer\"}}}");
        assertThat(pointers(http)).containsExactlyInAnyOrder("/settings/baseUrl", "/settings/auth/token");

        assertThat(send("POST", BASE, "{\"name\":").statusCode()).isEqualTo(400);
        assertThat(send("POST", BASE, "[1,2]").statusCode()).isEqualTo(400);
        assertThat(send("POST", BASE, "{\"name\":\"x\",\"type\":\"file\",\"settings\":\"/data\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(send(
                                "POST",
                                BASE,
                                "{\"name\":\"x\",\"type\":\"file\",\"settings\":{\"baseDirectory\":\"/d\"},"
                                        + "\"version\":3}")
                        .statusCode())
                .isEqualTo(400);
    }

    /**
     * The egress policy at save, without DNS: literal addresses, file roots and JDBC properties are decided here, so
     * a connection to the cloud metadata service, into /proc or loading classes never gets stored.
     */
    @Test
    void refusesAtSaveWhatTheEgressPolicyDoesNotAllow() {
        Map<String, String> refused = Map.of(
                "{\"baseUrl\":\"http://169.254.169.254/latest/meta-data\"}", "http",
                "{\"baseDirectory\":\"/proc/self\"}", "file",
                "{\"url\":\"jdbc:mariadb://127.0.0.1:3306/test?credentialType=ENV&pwdKey=DATASYNC_INTERNAL_TOKEN\"}",
                        "jdbc",
                "{\"url\":\"jdbc:postgresql://127.0.0.1:5432/app?socketFactory=com.example.Evil\"}", "jdbc",
                "{\"bootstrapServers\":\"[fd00:ec2::254]:9092\"}", "kafka");
        refused.forEach((settings, type) -> {
            HttpResponse<String> response = send(
                    "POST",
                    BASE,
                    "{\"name\":\"egress-" + type + "\",\"type\":\"" + type + "\",\"settings\":" + settings + "}");
            assertThat(response.statusCode()).as(settings).isEqualTo(400);
            assertThat(pointers(response)).as(settings).hasSize(1);
            assertThat(json(response).at("/errors/0/message").asString())
                    .as(settings)
                    .contains("refused");
        });
        assertThat(jdbc.queryForObject("SELECT count(*) FROM connection", Long.class))
                .isZero();
    }

    @Test
    void refusesADuplicateNameWithAConflict() {
        assertThat(send("POST", BASE, fileBody("exports")).statusCode()).isEqualTo(201);
        HttpResponse<String> duplicate = send("POST", BASE, fileBody("exports"));
        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertThat(duplicate.body()).contains("COMMON-006", "'exports' already exists");

        String other = json(send("POST", BASE, fileBody("imports"))).get("id").asString();
        HttpResponse<String> rename = send("PUT", BASE + "/" + other, fileBody("exports"));
        assertThat(rename.statusCode()).isEqualTo(409);
    }

    @Test
    void answersAnUnknownIdWithNotFound() {
        String unknown = UUID.randomUUID().toString();
        for (String id : List.of(unknown, "not-a-uuid")) {
            assertThat(send("GET", BASE + "/" + id, null).statusCode()).isEqualTo(404);
            assertThat(send("PUT", BASE + "/" + id, fileBody("x")).statusCode()).isEqualTo(404);
            HttpResponse<String> delete = send("DELETE", BASE + "/" + id, null);
            assertThat(delete.statusCode()).isEqualTo(404);
            assertThat(delete.body()).contains("COMMON-003");
        }
    }

    @Test
    void neverStoresNorAnswersASecretInPlainText() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        List<String> secrets = List.of(
                "jdbc-Secret-" + tag,
                "basic-Secret-" + tag,
                "bearer-Secret-" + tag,
                "header-Secret-" + tag,
                "sasl-Secret-" + tag,
                "mqtt-Secret-" + tag,
                "redis-Secret-" + tag);
        List<String> bodies = List.of(
                jdbcBody("db", "app", secrets.get(0)),
                "{\"name\":\"api-basic\",\"type\":\"http\",\"settings\":{\"baseUrl\":\"https://api.example.com\","
                        + "\"auth\":{\"type\":\"basic\",\"username\":\"u\",\"password\":\"" + secrets.get(1) + "\"}}}",
                "{\"name\":\"api-bearer\",\"type\":\"http\",\"settings\":{\"baseUrl\":\"https://api.example.com\","
                        + "\"auth\":{\"type\":\"bearer\",\"token\":\"" + secrets.get(2) + "\"}}}",
                "{\"name\":\"api-header\",\"type\":\"http\",\"settings\":{\"baseUrl\":\"https://api.example.com\","
                        + "\"auth\":{\"type\":\"header\",\"headerName\":\"X-Api-Key\",\"headerValue\":\""
                        + secrets.get(3) + "\"}}}",
                "{\"name\":\"events\",\"type\":\"kafka\",\"settings\":{\"bootstrapServers\":\"k1:9092\","
                        + "\"securityProtocol\":\"SASL_SSL\",\"saslMechanism\":\"SCRAM-SHA-512\","
                        + "\"saslUsername\":\"u\",\"saslPassword\":\"" + secrets.get(4) + "\"}}",
                "{\"name\":\"sensors\",\"type\":\"mqtt\",\"settings\":{\"uri\":\"ssl://broker:8883\","
                        + "\"username\":\"u\",\"password\":\"" + secrets.get(5) + "\"}}",
                "{\"name\":\"cache\",\"type\":\"redis\",\"settings\":{\"uri\":\"rediss://cache:6380\","
                        + "\"password\":\"" + secrets.get(6) + "\"}}");
        List<String> ids = new ArrayList<>();
        for (String body : bodies) {
            HttpResponse<String> created = send("POST", BASE, body);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            ids.add(json(created).get("id").asString());
        }
        for (String id : ids) {
            String read = send("GET", BASE + "/" + id, null).body();
            assertThat(send("PUT", BASE + "/" + id, read).statusCode()).isEqualTo(200);
        }
        send("GET", BASE, null);
        send("GET", BASE + "?type=http", null);
        send("GET", "/api/config/keys", null);
        send("POST", "/api/config/keys/rotate", "");
        send("POST", BASE, jdbcBody("db", "app", secrets.get(0)));

        // The secrets are really there, for the internal API only.
        assertThat(catalog.resolve("api-header").orElseThrow().settings().toString())
                .contains(secrets.get(3));
        assertThat(catalog.resolve("api-header").orElseThrow().toString()).doesNotContain(secrets.get(3));

        List<String> dump = new ArrayList<>();
        for (String table : jdbc.queryForList(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()",
                String.class)) {
            dump.addAll(jdbc.queryForList("SELECT t::text FROM \"" + table + "\" t", String.class));
        }
        assertThat(String.join("\n", dump)).contains("v1:it-k2:", "X-Api-Key");
        assertThat(responses).hasSizeGreaterThan(20);
        for (String secret : secrets) {
            assertThat(dump).noneSatisfy(row -> assertThat(row).contains(secret));
            assertThat(responses).noneSatisfy(response -> assertThat(response).contains(secret));
        }
    }

    @Test
    void rotationMovesEverySecretUnderTheActiveKeySoTheOldKeyCanBeRemoved() {
        String id = json(send(
                        "POST",
                        BASE,
                        "{\"name\":\"cache\",\"type\":\"redis\",\"settings\":{\"uri\":\"redis://cache\","
                                + "\"password\":\"rotate-me\"}}"))
                .get("id")
                .asString();
        // Store the secret as a service with only the old key it-k1 would have.
        SecretCipher oldOnly = new SecretCipher(Keyring.of(List.of(entry("it-k1"))));
        jdbc.update(
                "UPDATE connection SET settings = jsonb_set(settings, '{password}', to_jsonb(?::text)) WHERE id = ?",
                oldOnly.encrypt("rotate-me", ConnectionService.context(UUID.fromString(id), "/password")),
                UUID.fromString(id));
        assertThat(keyIdsInDatabase()).containsExactly("it-k1");
        assertThat(send("GET", "/api/config/keys", null).body())
                .contains(
                        "\"activeKeyId\":\"it-k2\"",
                        "{\"id\":\"it-k1\",\"active\":false,\"configured\":true,\"secrets\":1}");

        HttpResponse<String> rotated = send("POST", "/api/config/keys/rotate", "");
        assertThat(rotated.statusCode()).isEqualTo(200);
        assertThat(json(rotated).get("activeKeyId").asString()).isEqualTo("it-k2");
        assertThat(json(rotated).get("reEncrypted").asInt()).isEqualTo(1);
        assertThat(json(rotated).get("connections").asInt()).isEqualTo(1);
        assertThat(json(send("POST", "/api/config/keys/rotate", ""))
                        .get("reEncrypted")
                        .asInt())
                .isZero();

        assertThat(keyIdsInDatabase()).containsExactly("it-k2");
        String stored = jdbc.queryForObject(
                "SELECT settings->>'password' FROM connection WHERE id = ?", String.class, UUID.fromString(id));
        SecretCipher newOnly = new SecretCipher(Keyring.of(List.of(entry("it-k2"))));
        assertThat(newOnly.decrypt(stored, ConnectionService.context(UUID.fromString(id), "/password")))
                .isEqualTo("rotate-me");
        assertThat(catalog.resolve("cache").orElseThrow().settings()).containsEntry("password", "rotate-me");
        // Rotation changes no setting: same version, no event.
        assertThat(json(send("GET", BASE + "/" + id, null)).get("version").asLong())
                .isEqualTo(1);
    }

    @Test
    void internalApiGivesDecryptedSettingsOnlyWithTheServiceToken() {
        send("POST", BASE, jdbcBody("warehouse", "loader", "internal-Pa55"));

        HttpResponse<String> missing = send("GET", "/internal/connections/warehouse", null);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.body()).contains("COMMON-010").doesNotContain("internal-Pa55");
        assertThat(missing.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));

        HttpResponse<String> wrong =
                send("GET", "/internal/connections/warehouse", null, "X-Service-Token", internalToken + "x");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain("internal-Pa55");

        HttpResponse<String> right =
                send("GET", "/internal/connections/warehouse", null, "X-Service-Token", internalToken);
        assertThat(right.statusCode()).isEqualTo(200);
        JsonNode resolved = json(right);
        assertThat(resolved.get("type").asString()).isEqualTo("jdbc");
        assertThat(resolved.get("version").asLong()).isEqualTo(1);
        assertThat(resolved.at("/settings/password").asString()).isEqualTo("internal-Pa55");
        assertThat(resolved.at("/settings/user").asString()).isEqualTo("loader");

        assertThat(send("GET", "/internal/connections/nope", null, "X-Service-Token", internalToken)
                        .statusCode())
                .isEqualTo(404);
        assertThat(send("GET", "/internal/connections/nope", null).statusCode()).isEqualTo(401);
    }

    private List<String> keyIdsInDatabase() {
        List<String> ids = new ArrayList<>();
        for (String settings : jdbc.queryForList("SELECT settings::text FROM connection", String.class)) {
            Matcher m = CIPHERTEXT.matcher(settings);
            while (m.find()) {
                ids.add(m.group(1));
            }
        }
        return ids.stream().distinct().toList();
    }

    private String entry(String keyId) {
        return Arrays.stream(keyEntries.split(","))
                .filter(e -> e.startsWith(keyId + ":"))
                .findFirst()
                .orElseThrow();
    }

    private static String jdbcBody(String name, String user, String password) {
        return "{\"name\":\"" + name + "\",\"type\":\"jdbc\",\"description\":\"main database\",\"settings\":{"
                + "\"url\":\"jdbc:postgresql://db:5432/app\",\"user\":\"" + user + "\",\"password\":\"" + password
                + "\"}}";
    }

    private static String fileBody(String name) {
        return "{\"name\":\"" + name + "\",\"type\":\"file\",\"settings\":{\"baseDirectory\":\"/data/" + name + "\"}}";
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        if (!path.startsWith("/internal/")) {
            request.headers(http.identityHeader());
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (!path.startsWith("/internal/")) {
                responses.add(response.headers().map() + "\n" + response.body());
            }
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private static List<String> pointers(HttpResponse<String> response) {
        return json(response)
                .get("errors")
                .valueStream()
                .map(e -> e.get("pointer").asString())
                .toList();
    }

    /** The events with the given ids on {@code topic}, by event id. */
    private Map<String, JsonNode> consume(String topic, Set<String> ids) {
        Map<String, JsonNode> found = new HashMap<>();
        events(topic, ids).forEach(e -> found.put(e.id(), JSON.readTree(e.json())));
        return found;
    }
}

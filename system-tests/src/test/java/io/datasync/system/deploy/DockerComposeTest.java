package io.datasync.system.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.system.DatasyncApp;
import io.datasync.system.RepoRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads docker-compose.yml, the files it mounts and the Dockerfile it builds; Docker itself is not needed. */
class DockerComposeTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<String, String> INFRA_IMAGES = Map.of(
            "postgres", "postgres:16",
            "kafka", "apache/kafka:4.1.0",
            "redis", "redis:7",
            "mosquitto", "eclipse-mosquitto:2");

    private static Path root;
    private static JsonNode services;

    @BeforeAll
    static void readCompose() {
        root = RepoRoot.find();
        services = YAML.readTree(root.resolve("docker-compose.yml").toFile()).path("services");
        assertThat(services.isObject()).as("docker-compose.yml has services").isTrue();
    }

    @Test
    void startsTheInfrastructureWithHealthchecks() {
        INFRA_IMAGES.forEach((name, image) -> {
            JsonNode service = service(name);
            assertThat(service.path("image").asString()).as("image of %s", name).isEqualTo(image);
            assertThat(healthcheck(service)).as("healthcheck of %s", name).isNotEmpty();
        });
        assertThat(services.has("prometheus")).as("prometheus service").isTrue();
        assertThat(services.has("grafana")).as("grafana service").isTrue();
    }

    @ParameterizedTest
    @EnumSource(DatasyncApp.class)
    void eachServiceIsBuiltFromTheSharedDockerfileForItsModule(DatasyncApp app) {
        JsonNode build = service(app.module).path("build");

        assertThat(build.path("context").asString()).isEqualTo(".");
        assertThat(build.path("dockerfile").asString()).isEqualTo("deploy/Dockerfile");
        assertThat(build.at("/args/MODULE").asString()).isEqualTo(app.module);
        assertThat(service(app.module).path("image").asString()).isEqualTo("datasync/" + app.module + ":local");
    }

    @ParameterizedTest
    @EnumSource(DatasyncApp.class)
    void eachServiceIsHealthyOnlyWhenItsReadinessGroupIsUp(DatasyncApp app) {
        assertThat(String.join(" ", healthcheck(service(app.module))))
                .contains("http://localhost:" + app.port + "/actuator/health/readiness");
    }

    @ParameterizedTest
    @EnumSource(
            value = DatasyncApp.class,
            names = {"GATEWAY"},
            mode = EnumSource.Mode.EXCLUDE)
    void eachBackendWaitsForHealthyInfrastructureAndReachesItByServiceName(DatasyncApp app) {
        JsonNode dependsOn = service(app.module).path("depends_on");
        for (String infra : INFRA_IMAGES.keySet()) {
            assertThat(dependsOn.at("/" + infra + "/condition").asString())
                    .as("%s waits for %s", app.module, infra)
                    .isEqualTo("service_healthy");
        }

        Map<String, String> env = environment(service(app.module));
        assertThat(env)
                .containsEntry("DATASYNC_DB_HOST", "postgres")
                .containsEntry("DATASYNC_DB_PORT", "5432")
                .containsEntry("DATASYNC_KAFKA_BOOTSTRAP", "kafka:9092")
                .containsEntry("DATASYNC_REDIS_URL", "redis://redis:6379")
                .containsEntry("DATASYNC_MQTT_URI", "tcp://mosquitto:1883")
                .containsKey("JAVA_TOOL_OPTIONS");
        assertThat(env.get("DATASYNC_DB_USER"))
                .as("%s logs in as its own role, never the superuser", app.module)
                .isEqualTo(DeploySecrets.role(app))
                .isNotEqualTo("postgres");
        String password = DeploySecrets.passwordVariable(app);
        assertThat(env.get("DATASYNC_DB_PASSWORD"))
                .as("%s logs in with the password its role is created with", app.module)
                .startsWith("${" + password + ":?");
        assertThat(environment(service("postgres")).get(password))
                .as("postgres creates the %s role with the same variable", app.module)
                .isEqualTo(env.get("DATASYNC_DB_PASSWORD"));
        assertThat(env.get("DATASYNC_DB_PASSWORD"))
                .as("the superuser's password is the init script's only")
                .isNotEqualTo(environment(service("postgres")).get("POSTGRES_PASSWORD"));
    }

    @Test
    void postgresCreatesEachServicesRoleOwningOnlyItsDatabase() throws IOException {
        Path script = mountedFile("postgres", "/docker-entrypoint-initdb.d/10-datasync-roles.sh");
        DeploySecrets.assertCreatesEveryServiceRole(root, Files.readString(script));
    }

    @Test
    void shipsNoSecretValue() {
        services.properties()
                .forEach(entry -> environment(entry.getValue()).forEach((name, value) -> {
                    if (DeploySecrets.isSecret(name)) {
                        assertThat(value)
                                .as("%s of %s comes from the operator's .env and is required", name, entry.getKey())
                                .matches("\\$\\{[A-Z0-9_]+:\\?[^}]*\\./datasync secrets > \\.env[^}]*}");
                    }
                }));
    }

    @Test
    void everySecretVariableIsRequiredAndDatasyncSecretsPrintsIt() throws IOException {
        String compose = Files.readString(root.resolve("docker-compose.yml"));
        List<String> required = DeploySecrets.secretReferences(compose);
        assertThat(required)
                .contains(
                        "DATASYNC_IDENTITY_SECRET",
                        "DATASYNC_INTERNAL_TOKEN",
                        "DATASYNC_CONFIG_KEYS",
                        "POSTGRES_PASSWORD",
                        "GRAFANA_ADMIN_PASSWORD");
        for (String variable : required) {
            assertThat(compose)
                    .as("%s is required wherever it is used (no default)", variable)
                    .doesNotContainPattern("\\$\\{" + variable + "(:?-|})");
        }
        Map<String, String> env = DeploySecrets.datasyncSecrets(root);
        for (String variable : required) {
            assertThat(env.get(variable))
                    .as("./datasync secrets gives %s a random value", variable)
                    .isNotBlank()
                    .hasSizeGreaterThanOrEqualTo(24);
        }
        assertThat(DeploySecrets.datasyncSecrets(root).get("DATASYNC_IDENTITY_SECRET"))
                .as("fresh values on every call")
                .isNotEqualTo(env.get("DATASYNC_IDENTITY_SECRET"));
    }

    @ParameterizedTest
    @EnumSource(DatasyncApp.class)
    void everyServiceAndTheGatewayShareTheIdentitySecretInProductionMode(DatasyncApp app) {
        Map<String, String> env = environment(service(app.module));
        assertThat(env.get("DATASYNC_IDENTITY_SECRET")).startsWith("${DATASYNC_IDENTITY_SECRET:?");
        assertThat(env.get("DATASYNC_SECURITY_MODE")).isEqualTo("${DATASYNC_SECURITY_MODE:-production}");
    }

    @Test
    void configServiceTakesItsKeyringAndItsCallersTheInternalToken() {
        assertThat(environment(service("config-service")).get("DATASYNC_CONFIG_KEYS"))
                .startsWith("${DATASYNC_CONFIG_KEYS:?");
        for (String caller : List.of("config-service", "sync-service", "scheduler-service", "gateway")) {
            assertThat(environment(service(caller)).get("DATASYNC_INTERNAL_TOKEN"))
                    .as("internal token of %s", caller)
                    .startsWith("${DATASYNC_INTERNAL_TOKEN:?");
        }
        for (String caller : List.of("sync-service", "scheduler-service")) {
            assertThat(environment(service(caller))).containsEntry("DATASYNC_CONFIG_URL", "http://config-service:8081");
        }
    }

    @Test
    void kafkaAdvertisesTheListenerTheServicesUse() {
        Map<String, String> kafka = environment(service("kafka"));

        assertThat(kafka.get("KAFKA_PROCESS_ROLES")).contains("broker").contains("controller");
        assertThat(kafka.get("KAFKA_ADVERTISED_LISTENERS")).contains("://kafka:9092");
    }

    @Test
    void gatewayRoutesToEachBackendByItsComposeName() {
        Map<String, String> env = environment(service("gateway"));

        assertThat(env).containsEntry("DATASYNC_REDIS_URL", "redis://redis:6379");
        assertThat(env)
                .containsKeys(
                        "DATASYNC_JWT_ISSUER_URI",
                        "DATASYNC_JWT_JWK_SET_URI",
                        "DATASYNC_JWT_ROLES_CLAIM",
                        "DATASYNC_JWT_AUDIENCE");
        for (DatasyncApp backend : DatasyncApp.values()) {
            if (backend.isBackend()) {
                assertThat(env).containsEntry(backend.urlVariable(), "http://" + backend.module + ":" + backend.port);
            }
        }
    }

    @Test
    void everyHealthyConditionWaitsOnAServiceThatHasAHealthcheck() {
        for (Map.Entry<String, JsonNode> waiting : services.properties()) {
            for (Map.Entry<String, JsonNode> dependency :
                    waiting.getValue().path("depends_on").properties()) {
                if ("service_healthy"
                        .equals(dependency.getValue().path("condition").asString())) {
                    assertThat(healthcheck(service(dependency.getKey())))
                            .as("%s waits for %s to be healthy", waiting.getKey(), dependency.getKey())
                            .isNotEmpty();
                }
            }
        }
    }

    @Test
    void everyMountedConfigFileIsInTheRepository() {
        services.properties().forEach(entry -> {
            for (JsonNode volume : entry.getValue().path("volumes").values()) {
                String source = volume.isObject()
                        ? volume.path("source").asString()
                        : volume.asString().split(":")[0];
                if (source.startsWith(".")) {
                    assertThat(root.resolve(source).normalize())
                            .as("mounted by %s", entry.getKey())
                            .exists();
                }
            }
        });
    }

    @Test
    void mosquittoAcceptsAnonymousClientsOnTheMqttPort() throws IOException {
        List<String> lines = Files.readAllLines(mountedFile("mosquitto", "/mosquitto/config/mosquitto.conf"));

        assertThat(lines).contains("listener 1883", "allow_anonymous true");
    }

    @Test
    void prometheusScrapesEveryServiceAtItsActuatorEndpoint() {
        JsonNode config = YAML.readTree(
                mountedFile("prometheus", "/etc/prometheus/prometheus.yml").toFile());
        List<String> targets = new ArrayList<>();
        for (JsonNode job : config.path("scrape_configs").values()) {
            if (job.path("metrics_path").asString().equals("/actuator/prometheus")) {
                job.path("static_configs")
                        .values()
                        .forEach(group ->
                                group.path("targets").values().forEach(target -> targets.add(target.asString())));
            }
        }

        assertThat(targets)
                .containsAll(Stream.of(DatasyncApp.values())
                        .map(app -> app.module + ":" + app.port)
                        .toList());
    }

    @Test
    void grafanaIsProvisionedWithThePrometheusDatasource() throws IOException {
        Path datasources = mountedFile("grafana", "/etc/grafana/provisioning/datasources");
        List<JsonNode> provisioned = new ArrayList<>();
        try (Stream<Path> files = Files.list(datasources)) {
            for (Path file : files.filter(
                            f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
                    .toList()) {
                YAML.readTree(file.toFile()).path("datasources").values().forEach(provisioned::add);
            }
        }

        assertThat(provisioned).anySatisfy(datasource -> {
            assertThat(datasource.path("type").asString()).isEqualTo("prometheus");
            assertThat(datasource.path("url").asString()).isEqualTo("http://prometheus:9090");
        });
    }

    @Test
    void sharedDockerfileRunsTheModulesExecutableJarWithAContainerAwareHeap() throws IOException {
        String dockerfile = Files.readString(root.resolve("deploy/Dockerfile"));

        assertThat(dockerfile)
                .contains("FROM eclipse-temurin:17-jre")
                .contains("ARG MODULE")
                .contains("COPY ${MODULE}/target/${MODULE}-0.1.0-SNAPSHOT-exec.jar")
                .contains("-XX:MaxRAMPercentage=75");
        // The app healthchecks above call curl inside the container.
        assertThat(dockerfile).containsPattern("apt-get install[^\\n]*\\bcurl\\b");
    }

    /** The host path mounted at {@code target} in a service, resolved against the repository root. */
    private static Path mountedFile(String serviceName, String target) {
        for (JsonNode volume : service(serviceName).path("volumes").values()) {
            String source;
            String mountedAt;
            if (volume.isObject()) {
                source = volume.path("source").asString();
                mountedAt = volume.path("target").asString();
            } else {
                String[] parts = volume.asString().split(":");
                source = parts[0];
                mountedAt = parts.length > 1 ? parts[1] : "";
            }
            if (mountedAt.equals(target)) {
                Path path = root.resolve(source).normalize();
                assertThat(path).as("%s mounted into %s", source, serviceName).exists();
                return path;
            }
        }
        throw new AssertionError(serviceName + " mounts nothing at " + target);
    }

    private static JsonNode service(String name) {
        return Optional.ofNullable(services.get(name))
                .orElseThrow(() -> new AssertionError("docker-compose.yml has no service " + name));
    }

    /** The healthcheck command, whether written as a list or a string; empty when there is none. */
    private static List<String> healthcheck(JsonNode service) {
        JsonNode test = service.at("/healthcheck/test");
        if (test.isArray()) {
            return test.values().stream().map(JsonNode::asString).toList();
        }
        return test.isString() ? List.of(test.asString()) : List.of();
    }

    /** The environment, whether written as a mapping or as a list of KEY=value. */
    private static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode environment = service.path("environment");
        if (environment.isArray()) {
            for (JsonNode entry : environment.values()) {
                String[] pair = entry.asString().split("=", 2);
                env.put(pair[0], pair.length > 1 ? pair[1] : "");
            }
        } else {
            environment
                    .properties()
                    .forEach(e -> env.put(e.getKey(), e.getValue().asString()));
        }
        return env;
    }
}

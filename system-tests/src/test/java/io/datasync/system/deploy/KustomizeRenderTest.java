package io.datasync.system.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.datasync.system.DatasyncApp;
import io.datasync.system.RepoRoot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Renders the local overlay with kubectl's kustomize and checks what a cluster would receive. */
class KustomizeRenderTest {

    private static final String OVERLAY = "k8s/overlays/local";
    private static final String NAMESPACE = "datasync";
    /** Who may call each backend besides the gateway: config-service's Feign clients (ConfigClient). */
    private static final Map<DatasyncApp, Set<String>> CALLERS = Map.of(
            DatasyncApp.CONFIG, Set.of("gateway", "sync-service", "scheduler-service"),
            DatasyncApp.SYNC, Set.of("gateway"),
            DatasyncApp.QUALITY, Set.of("gateway", "sync-service"),
            DatasyncApp.SCHEDULER, Set.of("gateway"),
            DatasyncApp.MONITORING, Set.of("gateway"));

    private static final List<String> BACKEND_ENV = List.of(
            "DATASYNC_DB_HOST",
            "DATASYNC_DB_PORT",
            "DATASYNC_DB_USER",
            "DATASYNC_KAFKA_BOOTSTRAP",
            "DATASYNC_REDIS_URL",
            "DATASYNC_MQTT_URI");

    private static List<JsonNode> resources;
    private static List<JsonNode> base;

    @BeforeAll
    static void renderLocalOverlay() {
        resources = render(OVERLAY);
        base = render("k8s/base");
    }

    private static List<JsonNode> render(String directory) {
        String yaml = kustomize(RepoRoot.find(), directory);
        List<JsonNode> rendered = new YAMLMapper()
                .readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll().stream()
                        .filter(doc -> doc != null && doc.isObject())
                        .toList();
        assertThat(rendered).as("resources rendered from %s", directory).isNotEmpty();
        return rendered;
    }

    @Test
    void baseShipsNoSecretAndTakesEverySecretFromAnOperatorsSecret() {
        assertThat(base).noneMatch(r -> kind(r).equals("Secret"));
        for (JsonNode resource : base) {
            if (kind(resource).equals("ConfigMap")) {
                resource.path("data")
                        .properties()
                        .forEach(e -> assertThat(DeploySecrets.isSecret(e.getKey()))
                                .as(
                                        "ConfigMap %s holds no secret (%s)",
                                        resource.at("/metadata/name").asString(), e.getKey())
                                .isFalse());
                assertThat(resource.path("data").toString()).doesNotContainIgnoringCase("local-only");
            }
        }
        for (DatasyncApp app : DatasyncApp.values()) {
            JsonNode container = container(base, app);
            for (JsonNode variable : container.path("env").values()) {
                String name = variable.path("name").asString();
                if (DeploySecrets.isSecret(name)) {
                    assertThat(variable.has("value"))
                            .as("%s of %s is no literal", name, app)
                            .isFalse();
                    JsonNode ref = variable.at("/valueFrom/secretKeyRef");
                    assertThat(ref.path("name").asString())
                            .as("%s of %s comes from a Secret", name, app)
                            .isNotBlank();
                    assertThat(ref.path("optional").asBoolean(false))
                            .as("%s of %s is required", name, app)
                            .isFalse();
                }
            }
            assertThat(secretRef(container, "DATASYNC_IDENTITY_SECRET"))
                    .as("%s checks identities with the shared secret", app)
                    .isEqualTo("datasync-identity/secret");
        }
        assertThat(secretRef(container(base, DatasyncApp.CONFIG), "DATASYNC_CONFIG_KEYS"))
                .isEqualTo("datasync-config-keys/keys");
        for (DatasyncApp app :
                List.of(DatasyncApp.GATEWAY, DatasyncApp.CONFIG, DatasyncApp.SYNC, DatasyncApp.SCHEDULER)) {
            assertThat(secretRef(container(base, app), "DATASYNC_INTERNAL_TOKEN"))
                    .as("internal token of %s", app)
                    .isEqualTo("datasync-internal/token");
        }
        for (DatasyncApp app : DatasyncApp.values()) {
            assertThat(environment(base, container(base, app)))
                    .as("%s runs in production mode in the base", app)
                    .containsEntry("DATASYNC_SECURITY_MODE", "production");
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = DatasyncApp.class,
            names = {"GATEWAY"},
            mode = EnumSource.Mode.EXCLUDE)
    void eachBackendLogsInAsItsOwnDatabaseRole(DatasyncApp app) {
        Map<String, String> env = environment(container(app));
        assertThat(env.get("DATASYNC_DB_USER"))
                .as("%s's database user", app)
                .isEqualTo(DeploySecrets.role(app))
                .isNotEqualTo("postgres");
        assertThat(secretRef(container(app), "DATASYNC_DB_PASSWORD"))
                .isEqualTo("datasync-db-" + app.module + "/password");

        JsonNode postgres = find("Deployment", "postgres").orElseThrow();
        JsonNode postgresContainer = postgres.at("/spec/template/spec/containers/0");
        assertThat(secretRef(postgresContainer, DeploySecrets.passwordVariable(app)))
                .as("postgres creates %s's role with the password %s logs in with", app, app)
                .isEqualTo(secretRef(container(app), "DATASYNC_DB_PASSWORD"));
        assertThat(secretRef(postgresContainer, "POSTGRES_PASSWORD"))
                .as("the superuser's password is no service's")
                .isNotEqualTo(secretRef(container(app), "DATASYNC_DB_PASSWORD"));
    }

    @Test
    void localPostgresRunsTheRoleScriptOnItsFirstStart() {
        JsonNode postgres = find("Deployment", "postgres").orElseThrow();
        JsonNode mount = postgres.at("/spec/template/spec/containers/0/volumeMounts").values().stream()
                .filter(m -> m.path("mountPath").asString().equals("/docker-entrypoint-initdb.d"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("postgres mounts no init script"));
        String configMap = postgres.at("/spec/template/spec/volumes").values().stream()
                .filter(v -> v.path("name").asString().equals(mount.path("name").asString()))
                .map(v -> v.at("/configMap/name").asString())
                .findFirst()
                .orElseThrow();
        JsonNode scripts = find("ConfigMap", configMap).orElseThrow().path("data");
        assertThat(scripts.properties()).hasSize(1);
        DeploySecrets.assertCreatesEveryServiceRole(
                RepoRoot.find(),
                scripts.properties().iterator().next().getValue().asString());
    }

    @ParameterizedTest
    @EnumSource(
            value = DatasyncApp.class,
            names = {"GATEWAY"},
            mode = EnumSource.Mode.EXCLUDE)
    void onlyTheGatewayAndTheListedCallersReachABackend(DatasyncApp app) {
        JsonNode podLabels = deployment(app).at("/spec/template/metadata/labels");
        List<JsonNode> policies = base.stream()
                .filter(r -> kind(r).equals("NetworkPolicy"))
                .filter(p -> selects(p.at("/spec/podSelector/matchLabels"), podLabels))
                .toList();
        assertThat(policies).as("NetworkPolicies selecting %s", app).hasSize(1);
        JsonNode spec = policies.get(0).path("spec");
        assertThat(spec.path("policyTypes").values())
                .extracting(JsonNode::asString)
                .contains("Ingress");

        Set<String> allowed = new java.util.TreeSet<>();
        for (JsonNode rule : spec.path("ingress").values()) {
            assertThat(rule.path("from").isEmpty())
                    .as("a rule of %s names who may connect", app)
                    .isFalse();
            assertThat(rule.path("ports").values())
                    .as("a rule of %s opens only its port", app)
                    .allSatisfy(port -> assertThat(port.path("port").asInt()).isEqualTo(app.port))
                    .isNotEmpty();
            for (JsonNode from : rule.path("from").values()) {
                assertThat(from.has("ipBlock") || from.has("namespaceSelector"))
                        .as("%s admits pods of this namespace only, by label", app)
                        .isFalse();
                assertThat(from.at("/podSelector/matchLabels").size()).isEqualTo(1);
                allowed.add(from.at("/podSelector/matchLabels/app.kubernetes.io~1name")
                        .asString());
            }
        }
        assertThat(allowed).as("who may connect to %s", app).isEqualTo(new java.util.TreeSet<>(CALLERS.get(app)));
        // the local overlay keeps the policies
        assertThat(find("NetworkPolicy", policies.get(0).at("/metadata/name").asString()))
                .isPresent();
    }

    @Test
    void localOverlayRunsInLocalModeWithMarkedLocalOnlySecrets() {
        for (DatasyncApp app : DatasyncApp.values()) {
            assertThat(environment(container(app)))
                    .as("%s in the local overlay", app)
                    .containsEntry("DATASYNC_SECURITY_MODE", "local");
        }
        List<JsonNode> secrets =
                resources.stream().filter(r -> kind(r).equals("Secret")).toList();
        assertThat(secrets).isNotEmpty();
        for (JsonNode secret : secrets) {
            secret.path("data")
                    .properties()
                    .forEach(e -> assertThat(new String(
                                    java.util.Base64.getMimeDecoder()
                                            .decode(e.getValue().asString()),
                                    UTF_8))
                            .as(
                                    "%s/%s is marked as local-only",
                                    secret.at("/metadata/name").asString(), e.getKey())
                            .contains("local-only"));
        }
        Map<String, String> gateway = environment(container(DatasyncApp.GATEWAY));
        assertThat(gateway).containsEntry("DATASYNC_JWT_LOCAL_KEY_FILE", "/var/run/secrets/datasync/jwt-local/key");
    }

    @Test
    void rendersEveryResourceIntoTheDatasyncNamespaceAsPartOfDatasync() {
        assertThat(find("Namespace", NAMESPACE)).as("Namespace %s", NAMESPACE).isPresent();
        for (JsonNode resource : resources) {
            JsonNode metadata = resource.path("metadata");
            String id = kind(resource) + "/" + metadata.path("name").asString();
            if (!kind(resource).equals("Namespace")) {
                assertThat(metadata.path("namespace").asString())
                        .as("namespace of %s", id)
                        .isEqualTo(NAMESPACE);
            }
            assertThat(metadata.path("labels").path("app.kubernetes.io/part-of").asString())
                    .as("part-of label of %s", id)
                    .isEqualTo("datasync");
        }
    }

    @ParameterizedTest
    @EnumSource(DatasyncApp.class)
    void eachServiceRunsOneReplicaOfItsLocalImageOnItsOwnPort(DatasyncApp app) {
        JsonNode deployment = deployment(app);
        JsonNode podLabels = deployment.at("/spec/template/metadata/labels");

        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(podLabels.path("app.kubernetes.io/name").asString()).isEqualTo(app.module);
        assertThat(podLabels.path("app.kubernetes.io/part-of").asString()).isEqualTo("datasync");
        assertThat(selects(deployment.at("/spec/selector/matchLabels"), podLabels))
                .as("the Deployment's selector matches its own pods")
                .isTrue();

        JsonNode container = container(app);
        assertThat(container.path("image").asString()).isEqualTo("datasync/" + app.module + ":local");
        assertThat(container.path("ports").values())
                .as("container ports")
                .anySatisfy(
                        port -> assertThat(port.path("containerPort").asInt()).isEqualTo(app.port));
    }

    @ParameterizedTest
    @EnumSource(DatasyncApp.class)
    void eachServiceIsProbedOnItsActuatorHealthGroups(DatasyncApp app) {
        JsonNode container = container(app);

        assertProbe(app, container.path("livenessProbe"), "/actuator/health/liveness");
        assertProbe(app, container.path("readinessProbe"), "/actuator/health/readiness");

        JsonNode startup = container.path("startupProbe");
        assertProbe(app, startup, "/actuator/health/liveness");
        // A ~10 s start on a busy node must not be killed by the liveness probe.
        int startupBudgetSeconds = startup.path("periodSeconds").asInt(10)
                * startup.path("failureThreshold").asInt(3);
        assertThat(startupBudgetSeconds).as("seconds the startup probe allows").isGreaterThanOrEqualTo(60);
    }

    @ParameterizedTest
    @EnumSource(DatasyncApp.class)
    void eachServiceRequestsAndLimitsItsResources(DatasyncApp app) {
        JsonNode resourcesOfContainer = container(app).path("resources");

        assertThat(resourcesOfContainer.at("/requests/cpu").asString()).isEqualTo("100m");
        assertThat(resourcesOfContainer.at("/requests/memory").asString()).isEqualTo("384Mi");
        assertThat(resourcesOfContainer.at("/limits/memory").asString()).isEqualTo("512Mi");
    }

    @ParameterizedTest
    @EnumSource(DatasyncApp.class)
    void eachServiceIsAnnotatedForPrometheusScrapingOfItsActuatorEndpoint(DatasyncApp app) {
        JsonNode annotations = deployment(app).at("/spec/template/metadata/annotations");

        assertThat(annotations.path("prometheus.io/scrape").asString()).isEqualTo("true");
        assertThat(annotations.path("prometheus.io/port").asString()).isEqualTo(String.valueOf(app.port));
        assertThat(annotations.path("prometheus.io/path").asString()).isEqualTo("/actuator/prometheus");
    }

    @ParameterizedTest
    @EnumSource(DatasyncApp.class)
    void eachServiceIsReachableThroughAServiceOnItsPort(DatasyncApp app) {
        JsonNode service =
                find("Service", app.module).orElseThrow(() -> new AssertionError("no Service named " + app.module));
        JsonNode podLabels = deployment(app).at("/spec/template/metadata/labels");

        assertThat(selects(service.at("/spec/selector"), podLabels))
                .as("the Service selects the %s pods", app.module)
                .isTrue();
        assertThat(service.at("/spec/ports").values()).anySatisfy(port -> {
            assertThat(port.path("port").asInt()).isEqualTo(app.port);
            assertThat(containerPort(container(app), port.path("targetPort")))
                    .as("container port behind the Service's targetPort")
                    .isEqualTo(app.port);
        });
    }

    @ParameterizedTest
    @EnumSource(DatasyncApp.class)
    void eachServiceGetsItsSettingsFromConfigMapsThatExist(DatasyncApp app) {
        Map<String, String> env = environment(container(app));

        assertThat(env).containsKey("JAVA_TOOL_OPTIONS");
        if (app.isBackend()) {
            assertThat(env).containsKeys(BACKEND_ENV.toArray(String[]::new));
        } else {
            assertThat(env).containsKey("DATASYNC_REDIS_URL");
            for (DatasyncApp backend : DatasyncApp.values()) {
                if (backend.isBackend()) {
                    assertThat(env)
                            .containsEntry(backend.urlVariable(), "http://" + backend.module + ":" + backend.port);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = DatasyncApp.class,
            names = {"GATEWAY"},
            mode = EnumSource.Mode.EXCLUDE)
    void eachBackendReadsTheDatabasePasswordFromASecretThatExists(DatasyncApp app) {
        JsonNode passwordRef = container(app).path("env").values().stream()
                .filter(variable -> variable.path("name").asString().equals("DATASYNC_DB_PASSWORD"))
                .map(variable -> variable.at("/valueFrom/secretKeyRef"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("DATASYNC_DB_PASSWORD is not set from a Secret"));

        JsonNode secret = find("Secret", passwordRef.path("name").asString())
                .orElseThrow(() -> new AssertionError(
                        "no Secret " + passwordRef.path("name").asString()));
        assertThat(secret.path("data").has(passwordRef.path("key").asString())).isTrue();
    }

    @Test
    void localOverlayProvidesTheInfrastructureTheServicesPointAt() {
        Map<String, String> env = environment(container(DatasyncApp.SYNC));

        assertServiceListensOn(env.get("DATASYNC_DB_HOST"), Integer.parseInt(env.get("DATASYNC_DB_PORT")));
        String[] kafka = env.get("DATASYNC_KAFKA_BOOTSTRAP").split(":");
        assertServiceListensOn(kafka[0], Integer.parseInt(kafka[1]));
        URI redis = URI.create(env.get("DATASYNC_REDIS_URL"));
        assertServiceListensOn(redis.getHost(), redis.getPort());
        URI mqtt = URI.create(env.get("DATASYNC_MQTT_URI"));
        assertServiceListensOn(mqtt.getHost(), mqtt.getPort());
    }

    private static void assertProbe(DatasyncApp app, JsonNode probe, String path) {
        assertThat(probe.isObject())
                .as("%s has a probe on %s", app.module, path)
                .isTrue();
        assertThat(probe.at("/httpGet/path").asString())
                .as("path probed by %s", app.module)
                .isEqualTo(path);
        assertThat(containerPort(container(app), probe.at("/httpGet/port")))
                .as("port probed on %s", path)
                .isEqualTo(app.port);
    }

    private static void assertServiceListensOn(String host, int port) {
        JsonNode service = find("Service", host).orElseThrow(() -> new AssertionError("no Service named " + host));
        assertThat(service.at("/spec/ports").values())
                .as("ports of Service %s", host)
                .anySatisfy(p -> assertThat(p.path("port").asInt()).isEqualTo(port));
        boolean backed = resources.stream()
                .filter(r -> kind(r).equals("Deployment"))
                .anyMatch(d -> selects(service.at("/spec/selector"), d.at("/spec/template/metadata/labels")));
        assertThat(backed).as("a Deployment behind Service %s", host).isTrue();
    }

    /** Resolves a numeric or named port against the container's declared ports. */
    private static int containerPort(JsonNode container, JsonNode port) {
        if (port.isNumber()) {
            return port.asInt();
        }
        return container.path("ports").values().stream()
                .filter(p -> p.path("name").asString().equals(port.asString()))
                .mapToInt(p -> p.path("containerPort").asInt())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port.asString()));
    }

    /** The container's environment as Kubernetes would build it from envFrom ConfigMaps and literal values. */
    private static Map<String, String> environment(JsonNode container) {
        return environment(resources, container);
    }

    private static Map<String, String> environment(List<JsonNode> rendered, JsonNode container) {
        Map<String, String> env = new HashMap<>();
        for (JsonNode source : container.path("envFrom").values()) {
            String name = source.at("/configMapRef/name").asString();
            JsonNode configMap = rendered.stream()
                    .filter(r -> kind(r).equals("ConfigMap")
                            && r.at("/metadata/name").asString().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no ConfigMap named " + name));
            configMap
                    .path("data")
                    .properties()
                    .forEach(e -> env.put(e.getKey(), e.getValue().asString()));
        }
        for (JsonNode variable : container.path("env").values()) {
            if (variable.has("value")) {
                env.put(variable.path("name").asString(), variable.path("value").asString());
            }
        }
        return env;
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        return !selector.isEmpty()
                && selector.properties().stream()
                        .allMatch(e -> e.getValue()
                                .asString()
                                .equals(labels.path(e.getKey()).asString()));
    }

    private static JsonNode deployment(DatasyncApp app) {
        return find("Deployment", app.module)
                .orElseThrow(() -> new AssertionError("no Deployment named " + app.module));
    }

    /** {@code secret/key} a variable of the container is read from, or null. */
    private static String secretRef(JsonNode container, String variable) {
        return container.path("env").values().stream()
                .filter(v -> v.path("name").asString().equals(variable))
                .map(v -> v.at("/valueFrom/secretKeyRef"))
                .filter(JsonNode::isObject)
                .map(ref -> secretBaseName(ref.path("name").asString()) + "/"
                        + ref.path("key").asString())
                .findFirst()
                .orElse(null);
    }

    /** A generated Secret's name without kustomize's content hash suffix. */
    private static String secretBaseName(String name) {
        return name.replaceFirst("-[a-z0-9]{10}$", "");
    }

    private static JsonNode container(List<JsonNode> rendered, DatasyncApp app) {
        return rendered.stream()
                .filter(r -> kind(r).equals("Deployment")
                        && r.at("/metadata/name").asString().equals(app.module))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment named " + app.module))
                .at("/spec/template/spec/containers")
                .values()
                .stream()
                .filter(c -> c.path("name").asString().equals(app.module))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container named " + app.module));
    }

    private static JsonNode container(DatasyncApp app) {
        return deployment(app).at("/spec/template/spec/containers").values().stream()
                .filter(c -> c.path("name").asString().equals(app.module))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container named " + app.module));
    }

    private static Optional<JsonNode> find(String kind, String name) {
        return resources.stream()
                .filter(r -> kind(r).equals(kind))
                .filter(r -> r.at("/metadata/name").asString().equals(name))
                .findFirst();
    }

    private static String kind(JsonNode resource) {
        return resource.path("kind").asString();
    }

    private static String kustomize(Path root, String directory) {
        Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize", directory)
                    .directory(root.toFile())
                    .start();
        } catch (IOException e) {
            return fail("kubectl is not on the PATH (" + e.getMessage()
                    + "); install kubectl, which bundles kustomize, to render " + directory);
        }
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        try {
            String stdout = read(process.getInputStream());
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return fail("kubectl kustomize " + directory + " did not finish within 2 minutes");
            }
            assertThat(process.exitValue())
                    .as("kubectl kustomize %s failed:%n%s", directory, stderr.join())
                    .isZero();
            return stdout;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return fail("interrupted while rendering " + directory);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

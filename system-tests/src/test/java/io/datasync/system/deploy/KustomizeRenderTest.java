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
    private static final List<String> BACKEND_ENV = List.of(
            "DATASYNC_DB_HOST",
            "DATASYNC_DB_PORT",
            "DATASYNC_DB_USER",
            "DATASYNC_KAFKA_BOOTSTRAP",
            "DATASYNC_REDIS_URL",
            "DATASYNC_MQTT_URI");

    private static List<JsonNode> resources;

    @BeforeAll
    static void renderLocalOverlay() {
        String yaml = kustomize(RepoRoot.find(), OVERLAY);
        resources = new YAMLMapper()
                .readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll().stream()
                        .filter(doc -> doc != null && doc.isObject())
                        .toList();
        assertThat(resources).as("resources rendered from %s", OVERLAY).isNotEmpty();
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
        Map<String, String> env = new HashMap<>();
        for (JsonNode source : container.path("envFrom").values()) {
            String name = source.at("/configMapRef/name").asString();
            JsonNode configMap =
                    find("ConfigMap", name).orElseThrow(() -> new AssertionError("no ConfigMap named " + name));
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

package io.datasync.system.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.system.DatasyncApp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * What the deployments (compose and Kubernetes) agree on about secrets: which variables are secrets, each service's
 * own database role and password variable, and the init script that creates the roles.
 */
final class DeploySecrets {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Z0-9_]+)");

    private DeploySecrets() {}

    /** A variable whose value protects something: passwords, secrets, tokens, key rings. */
    static boolean isSecret(String variable) {
        return variable.contains("PASSWORD")
                || variable.contains("SECRET")
                || variable.contains("TOKEN")
                || variable.endsWith("_KEYS");
    }

    /** The PostgreSQL role a backend logs in as, e.g. {@code sync_service}. */
    static String role(DatasyncApp app) {
        return app.module.replace('-', '_');
    }

    /** The variable holding a backend role's password, e.g. {@code DATASYNC_DB_PASSWORD_SYNC}. */
    static String passwordVariable(DatasyncApp app) {
        return "DATASYNC_DB_PASSWORD_" + app.module.replace("-service", "").toUpperCase(Locale.ROOT);
    }

    /** The database a backend uses: {@code datasync.service.database} of its application.yml. */
    static String database(Path root, DatasyncApp app) {
        var yaml = new YAMLMapper()
                .readTree(root.resolve(app.module + "/src/main/resources/application.yml")
                        .toFile());
        String database = yaml.at("/datasync/service/database").asString();
        assertThat(database).as("database of %s", app.module).isNotBlank();
        return database;
    }

    /** The secret variables a file refers to as {@code ${NAME…}}, in order, once each. */
    static List<String> secretReferences(String text) {
        Matcher m = REFERENCE.matcher(text);
        java.util.LinkedHashSet<String> found = new java.util.LinkedHashSet<>();
        while (m.find()) {
            if (isSecret(m.group(1))) {
                found.add(m.group(1));
            }
        }
        return List.copyOf(found);
    }

    /** The init script makes every backend's role the owner of its database, without superuser or CREATEDB. */
    static void assertCreatesEveryServiceRole(Path root, String script) {
        assertThat(script)
                .contains("NOSUPERUSER", "NOCREATEDB", "NOCREATEROLE", "REVOKE ALL ON DATABASE")
                .contains("OWNER :\"role\"");
        for (DatasyncApp app : DatasyncApp.values()) {
            if (app.isBackend()) {
                assertThat(script)
                        .as("the init script creates %s's role", app.module)
                        .containsPattern("(?m)^create_role " + role(app) + " " + database(root, app) + " "
                                + passwordVariable(app) + "$");
            }
        }
    }

    /** What {@code ./datasync secrets} prints, as variable → value. */
    static Map<String, String> datasyncSecrets(Path root) throws IOException {
        Process process = new ProcessBuilder("bash", root.resolve("datasync").toString(), "secrets")
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        assertThat(process.exitValue()).as("./datasync secrets: %s", out).isZero();
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }
}

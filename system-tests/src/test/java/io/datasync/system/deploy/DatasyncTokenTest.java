package io.datasync.system.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.models.security.Hs256;
import io.datasync.models.security.LocalTokens;
import io.datasync.system.RepoRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./datasync token}: a token signed with the run folder's key for the role asked, exit 2 with the reason on
 * a bad role or ttl, and a pointer to {@code ./datasync up} when there is no run folder yet. Needs the common-models
 * jar the script runs (built by any package of the project).
 */
class DatasyncTokenTest {

    private static Path root;

    @TempDir
    Path runDir;

    @BeforeAll
    static void findTheScriptAndTheJar() {
        root = RepoRoot.find();
        assertThat(root.resolve("common-models/target/common-models-0.1.0-SNAPSHOT.jar"))
                .as("./datasync token runs the common-models jar; build it first (mvn -pl common-models package)")
                .exists();
    }

    private record Result(int exit, String out, String err) {}

    private Result datasync(String... args) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of("bash", root.resolve("datasync").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("DATASYNC_RUN_DIR", runDir.toString());
        Path err = Files.createTempFile(runDir, "err", ".txt");
        Process process = builder.redirectError(err.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), out.strip(), Files.readString(err));
    }

    private byte[] writeKey() throws IOException {
        Path secrets = Files.createDirectories(runDir.resolve("secrets"));
        Path key = secrets.resolve("jwt-local.key");
        Files.writeString(key, "a-local-key-of-this-test-run-only-0123456789abcdef\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        return LocalTokens.key(Files.readString(key));
    }

    @Test
    void saysToRunUpFirstWithoutARunFolder() throws Exception {
        Result result = datasync("token", "admin");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("run ./datasync up first");
    }

    @Test
    void printsATokenOfTheRoleSignedWithTheRunFoldersKey() throws Exception {
        byte[] key = writeKey();

        Result result = datasync("token", "operator", "--ttl", "30m", "--subject", "alice");

        assertThat(result.exit()).as(result.err()).isZero();
        JsonNode claims = Hs256.verify(result.out(), key);
        assertThat(claims.path("iss").asString()).isEqualTo(LocalTokens.ISSUER);
        assertThat(claims.path("sub").asString()).isEqualTo("alice");
        assertThat(claims.path("roles").values()).extracting(JsonNode::asString).containsExactly("operator");
        long now = Instant.now().getEpochSecond();
        assertThat(claims.path("exp").asLong()).isBetween(now + 29 * 60, now + 31 * 60);

        JsonNode defaults = Hs256.verify(datasync("token", "viewer").out(), key);
        assertThat(defaults.path("sub").asString()).isEqualTo("local-viewer");
        assertThat(defaults.path("exp").asLong() - defaults.path("iat").asLong())
                .isEqualTo(12 * 3600);
    }

    @Test
    void refusesABadRoleOrTtlWithExitTwoAndTheReason() throws Exception {
        writeKey();

        Result role = datasync("token", "boss");
        assertThat(role.exit()).isEqualTo(2);
        assertThat(role.out()).isEmpty();
        assertThat(role.err()).contains("'boss' is no role");

        Result ttl = datasync("token", "admin", "--ttl", "forever");
        assertThat(ttl.exit()).isEqualTo(2);
        assertThat(ttl.err()).contains("'forever' is no duration");

        Result none = datasync("token");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("usage: ./datasync token <viewer|operator|admin>");
    }
}

package io.datasync.system;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository root, so the descriptor tests run from the module dir, the root, or an IDE. */
public final class RepoRoot {

    private RepoRoot() {}

    public static Path find() {
        String home = System.getProperty("datasync.home");
        if (home != null && !home.isBlank()) {
            return Path.of(home).toAbsolutePath().normalize();
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("k8s")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "No directory with k8s/ and pom.xml above " + start + "; set -Ddatasync.home=<repository root>");
    }
}

package io.datasync.kit.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.datasync.models.egress.EgressPolicy;
import io.datasync.models.egress.EgressRefusedException;
import io.datasync.models.egress.JdbcPolicy;
import io.datasync.models.egress.NetworkPolicy;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real checks on real directories, files and symlinks made under a temporary directory. */
class EgressGuardFilesTest {

    @TempDir
    Path tmp;

    private Path root;
    private Path base;
    private Path outside;
    private EgressGuard guard;

    private static EgressGuard guard(String... roots) {
        return new EgressGuard(new EgressPolicy(List.of(roots), NetworkPolicy.DEFAULT, JdbcPolicy.DEFAULT), host -> {
            throw new AssertionError("no name is resolved in file checks");
        });
    }

    @BeforeEach
    void layOut() throws Exception {
        root = Files.createDirectories(tmp.resolve("root"));
        base = Files.createDirectories(root.resolve("exports"));
        Files.writeString(base.resolve("orders.csv"), "id\n1\n");
        Files.createDirectories(base.resolve("2026"));
        Files.writeString(base.resolve("2026/part-1.csv"), "id\n2\n");
        Files.writeString(root.resolve("other.csv"), "id\n3\n");
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "s3cr3t");
        guard = guard(root.toString());
    }

    private static EgressRefusedException refusal(ThrowingCall call) {
        try {
            call.run();
        } catch (EgressRefusedException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected a refusal, got " + e, e);
        }
        throw new AssertionError("expected a refusal");
    }

    @FunctionalInterface
    interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void returnsTheRealBaseDirectoryAndFilesUnderARoot() throws Exception {
        Path realBase = guard.realBaseDirectory(base.toString());

        assertThat(realBase).isEqualTo(base.toRealPath());
        assertThat(guard.realFile(realBase, Path.of("orders.csv")))
                .isEqualTo(base.resolve("orders.csv").toRealPath());
        assertThat(guard.realFile(realBase, Path.of("2026/part-1.csv")))
                .isEqualTo(base.resolve("2026/part-1.csv").toRealPath());
        assertThat(guard.realBaseDirectory(root.toString())).isEqualTo(root.toRealPath());
    }

    @Test
    void refusesABaseDirectoryOutsideEveryRoot() {
        EgressRefusedException e = refusal(() -> guard.realBaseDirectory(outside.toString()));

        assertThat(e.getMessage()).contains("is not under an allowed file root (" + root + ")");
        assertThat(e.setting()).isEqualTo("datasync.egress.file-roots");
    }

    @Test
    void refusesEveryBaseDirectoryWithoutRoots() {
        assertThat(refusal(() -> guard().realBaseDirectory(base.toString())).getMessage())
                .contains("no file roots are configured");
        assertThat(refusal(() -> guard().checkFileRoot(base.toString())).setting())
                .isEqualTo("datasync.egress.file-roots");
    }

    @Test
    void refusesASymlinkedBaseDirectoryThatLeavesTheRoot() throws Exception {
        Path link = Files.createSymbolicLink(root.resolve("escape"), outside);

        guard.checkFileRoot(link.toString()); // lexically it is under the root
        EgressRefusedException e = refusal(() -> guard.realBaseDirectory(link.toString()));
        assertThat(e.getMessage())
                .startsWith("file base directory '" + link + "' is refused: it leads outside the allowed file roots")
                .doesNotContain(outside.toString());
    }

    @Test
    void followsASymlinkThatStaysInTheRoot() throws Exception {
        Path link = Files.createSymbolicLink(root.resolve("current"), base);

        assertThat(guard.realBaseDirectory(link.toString())).isEqualTo(base.toRealPath());
        assertThat(guard.realFile(link, Path.of("orders.csv")))
                .isEqualTo(base.resolve("orders.csv").toRealPath());
    }

    @Test
    void acceptsARootThatIsItselfASymlink() throws Exception {
        Path rootLink = Files.createSymbolicLink(tmp.resolve("root-link"), root);
        EgressGuard linked = guard(rootLink.toString());

        assertThat(linked.realBaseDirectory(rootLink.resolve("exports").toString()))
                .isEqualTo(base.toRealPath());
        assertThat(refusal(() -> linked.realBaseDirectory(outside.toString())).getMessage())
                .contains("not under an allowed file root");
    }

    @Test
    void refusesFilesThatLeaveTheBaseDirectoryThroughSymlinksOrDotDot() throws Exception {
        Files.createSymbolicLink(base.resolve("secret.csv"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(base.resolve("sibling.csv"), root.resolve("other.csv"));
        Files.createSymbolicLink(base.resolve("dir"), outside);
        Path realBase = guard.realBaseDirectory(base.toString());

        assertThat(refusal(() -> guard.realFile(realBase, Path.of("secret.csv")))
                        .getMessage())
                .isEqualTo("file 'secret.csv' is refused: it leads outside the connection's base directory " + realBase
                        + ".");
        assertThat(refusal(() -> guard.realFile(realBase, Path.of("sibling.csv")))
                        .getMessage())
                .contains("outside the connection's base directory");
        assertThat(refusal(() -> guard.realFile(realBase, Path.of("dir/secret.txt")))
                        .getMessage())
                .contains("outside the connection's base directory");
        assertThat(refusal(() -> guard.realFile(realBase, Path.of("../other.csv")))
                        .getMessage())
                .contains("outside the connection's base directory");
        assertThat(refusal(() -> guard.realFile(realBase, outside.resolve("secret.txt")))
                        .getMessage())
                .contains("outside the connection's base directory");
    }

    @Test
    void refusesWhatIsNotARegularFile() {
        assertThat(refusal(() -> guard.realFile(base, Path.of("2026"))).getMessage())
                .isEqualTo("file '2026' is refused: it is not a regular file.");
    }

    @Test
    void reportsMissingPathsAsIoErrors() {
        assertThatThrownBy(() -> guard.realBaseDirectory(root.resolve("missing").toString()))
                .isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> guard.realFile(base, Path.of("missing.csv"))).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(
                        () -> guard.realBaseDirectory(base.resolve("orders.csv").toString()))
                .isInstanceOf(NotDirectoryException.class);
    }

    @Test
    void rechecksTheBaseDirectoryWhenOpeningAFile() throws Exception {
        Path link = Files.createSymbolicLink(root.resolve("moved"), outside);

        assertThat(refusal(() -> guard.realFile(link, Path.of("secret.txt"))).getMessage())
                .contains("file base directory '" + link + "' is refused");
    }

    @Test
    void neverReadsProcSysOrDevEvenWhenTheRootIsTheWholeMachine() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux /proc");
        EgressGuard everything = guard("/");

        assertThat(refusal(() -> everything.realBaseDirectory("/proc/self")).setting())
                .isNull();
        assertThat(refusal(() -> everything.realBaseDirectory("/dev")).getMessage())
                .contains("/proc, /sys, /dev are never readable by a connector");
        assertThat(refusal(() -> everything.realFile(Path.of("/"), Path.of("proc/self/environ")))
                        .getMessage())
                .contains("never readable");
        assertThat(everything.realBaseDirectory(base.toString())).isEqualTo(base.toRealPath());
    }

    @Test
    void neverReadsProcThroughASymlink() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux /proc");
        Path procLink = Files.createSymbolicLink(base.resolve("proc"), Path.of("/proc/self"));
        Path environ = Files.createSymbolicLink(base.resolve("env.csv"), Path.of("/proc/self/environ"));
        EgressGuard everything = guard("/");

        assertThat(refusal(() -> everything.realBaseDirectory(procLink.toString()))
                        .getMessage())
                .contains("it leads into /proc;")
                .contains("never readable by a connector")
                .doesNotContain("/proc/self", "/proc/" + ProcessHandle.current().pid());
        assertThat(refusal(() -> everything.realFile(base, Path.of("env.csv"))).getMessage())
                .contains("never readable by a connector");
        assertThat(refusal(() -> guard.realFile(base, environ.getFileName())).getMessage())
                .contains("never readable by a connector");
        assertThat(refusal(() -> guard.realBaseDirectory(procLink.toString())).setting())
                .isNull();
    }
}

package io.datasync.models.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FileRootsTest {

    private static EgressPolicy roots(String... roots) {
        return new EgressPolicy(List.of(roots), NetworkPolicy.DEFAULT, JdbcPolicy.DEFAULT);
    }

    private static EgressDecision.Refused refused(EgressDecision decision) {
        assertThat(decision).isInstanceOf(EgressDecision.Refused.class);
        return (EgressDecision.Refused) decision;
    }

    @Test
    void refusesEveryDirectoryWhenNoRootIsConfigured() {
        EgressDecision.Refused refused = refused(EgressPolicy.DEFAULT.decideFileRoot("/data/exports"));

        assertThat(refused.setting()).isEqualTo("datasync.egress.file-roots");
        assertThat(refused.message())
                .isEqualTo("file base directory '/data/exports' is refused: no file roots are configured. An operator"
                        + " allows directories with datasync.egress.file-roots.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/data", "/data/", "/data/exports", "/data/./exports//2026/", "/srv/in"})
    void allowsDirectoriesUnderARoot(String dir) {
        assertThat(roots("/data", "/srv/in/").decideFileRoot(dir).isAllowed()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/data2/x               | is not under an allowed file root (/data, /srv/in)",
                "/srv                   | is not under an allowed file root",
                "/etc                   | is not under an allowed file root",
                "/data/../etc           | must not contain '..' segments",
                "/data/x/..             | must not contain '..' segments",
                "data/x                 | must be an absolute path",
                "./data                 | must be an absolute path",
                "~/data                 | must be an absolute path",
                "/data\\..\\etc         | must not contain a backslash",
                "' '                    | is empty"
            })
    void refusesDirectoriesOutsideTheRootsOrNotNormalized(String dir, String message) {
        assertThat(refused(roots("/data", "/srv/in").decideFileRoot(dir)).message())
                .contains(message);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"/proc", "/proc/self/environ", "/proc/1/root", "/sys/kernel", "/dev", "/dev/shm", "//proc/"})
    void neverAllowsTheSystemDirectoriesEvenUnderTheRootDirectory(String dir) {
        EgressDecision.Refused refused = refused(roots("/").decideFileRoot(dir));

        assertThat(refused.setting()).isNull();
        assertThat(refused.message()).contains("/proc, /sys, /dev are never readable by a connector");
    }

    @Test
    void allowsTheWholeMachineButTheSystemDirectoriesUnderTheRootDirectory() {
        assertThat(roots("/").decideFileRoot("/home/data").isAllowed()).isTrue();
        assertThat(roots("/").decideFileRoot("/process").isAllowed()).isTrue();
        assertThat(roots("/").decideFileRoot("/devices").isAllowed()).isTrue();
    }

    @Test
    void readsWindowsDrivePathsWithoutCase() {
        EgressPolicy windows = roots("c:\\Exports");

        assertThat(windows.decideFileRoot("C:\\exports\\2026").isAllowed()).isTrue();
        assertThat(windows.decideFileRoot("C:/EXPORTS/x").isAllowed()).isTrue();
        assertThat(windows.decideFileRoot("C:\\exports2").isAllowed()).isFalse();
        assertThat(windows.decideFileRoot("D:\\exports").isAllowed()).isFalse();
        assertThat(windows.decideFileRoot("C:\\exports\\..\\windows").isAllowed())
                .isFalse();
    }

    @ParameterizedTest
    @CsvSource({"/data/./x//y/, /data/x/y", "/, /", "//, /", "C:/a\\b, C:\\a\\b", "c:\\, C:\\"})
    void normalizesPaths(String path, String normalized) {
        assertThat(FileRoots.normalize(path)).isEqualTo(normalized);
    }

    @Test
    void refusesAnInvalidRootNamingTheSetting() {
        assertThatThrownBy(() -> roots("data"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("datasync.egress.file-roots: 'data' must be an absolute path, e.g. /data/exports");
        assertThatThrownBy(() -> roots("/data/../etc")).hasMessageContaining("'..'");
    }

    @Test
    void decidesARealPathAlreadyResolved() {
        EgressPolicy policy = roots("/data");
        assertThat(policy.decideNormalizedPath("file", "/data/x").isAllowed()).isTrue();
        assertThat(refused(policy.decideNormalizedPath("file '/data/link'", "/etc/passwd"))
                        .message())
                .startsWith("file '/data/link' is refused: it is not under an allowed file root");
    }
}

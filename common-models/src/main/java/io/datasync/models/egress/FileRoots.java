package io.datasync.models.egress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Lexical path checks on text, for where the real file system is not at hand (config-service at save): absolute,
 * without {@code ..}, normalized, under a root, never in {@code /proc}, {@code /sys} or {@code /dev}. POSIX paths
 * ({@code /data/exports}) and Windows drive paths ({@code C:\exports}, compared without case) are read; a POSIX path
 * must not contain a backslash, which Windows would read as a separator. The real check (symlinks resolved) is the
 * kit's {@code EgressGuard}.
 */
public final class FileRoots {

    /** Never readable by a connector, whatever the roots: the kernel's views of processes, devices and the system. */
    public static final List<String> SYSTEM_DIRECTORIES = List.of("/proc", "/sys", "/dev");

    private FileRoots() {}

    /**
     * The path normalized ({@code //} and {@code .} removed, no trailing separator; Windows paths with {@code \} and
     * an upper-case drive).
     *
     * @throws IllegalArgumentException when it is not absolute, has a {@code ..} segment or mixes separators
     */
    public static String normalize(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("is empty");
        }
        for (int i = 0; i < path.length(); i++) {
            if (Character.isISOControl(path.charAt(i))) {
                throw new IllegalArgumentException("contains a control character");
            }
        }
        String prefix;
        String[] segments;
        String separator;
        if (path.matches("[A-Za-z]:[\\\\/].*")) {
            prefix = path.substring(0, 2).toUpperCase(Locale.ROOT);
            segments = path.substring(2).split("[\\\\/]");
            separator = "\\";
        } else if (path.startsWith("/")) {
            if (path.indexOf('\\') >= 0) {
                throw new IllegalArgumentException("must not contain a backslash");
            }
            prefix = "";
            segments = path.split("/");
            separator = "/";
        } else {
            throw new IllegalArgumentException("must be an absolute path, e.g. /data/exports");
        }
        List<String> kept = new ArrayList<>();
        for (String segment : segments) {
            if (segment.equals("..")) {
                throw new IllegalArgumentException("must not contain '..' segments");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                kept.add(segment);
            }
        }
        return kept.isEmpty() ? prefix + separator : prefix + separator + String.join(separator, kept);
    }

    /** Whether a normalized path is the root or lies below it, segment by segment ({@code /data2} is not in {@code /data}). */
    public static boolean isUnder(String path, String root) {
        boolean windows = root.length() >= 2 && root.charAt(1) == ':';
        String p = windows ? path.toUpperCase(Locale.ROOT) : path;
        String r = windows ? root.toUpperCase(Locale.ROOT) : root;
        String separator = windows ? "\\" : "/";
        if (p.equals(r)) {
            return true;
        }
        return p.startsWith(r.endsWith(separator) ? r : r + separator);
    }

    /** The system directory a normalized path lies in, or null. */
    public static String systemDirectory(String path) {
        for (String dir : SYSTEM_DIRECTORIES) {
            if (isUnder(path, dir)) {
                return dir;
            }
        }
        return null;
    }
}

package io.fw443.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resolves relative paths of input files (JGroups stack, key store, set files, scripts): first next
 * to the config file, else in the working directory. The first location is preferred so a config
 * directory can be moved as a whole; the second keeps paths written relative to a project root (as in
 * DESIGN.md's example, {@code config/jgroups-tcp.xml}) working when the node is started from there.
 */
final class PathResolver {

    private final Path baseDir;
    private final Path workingDir;

    /**
     * @param baseDir the config file's directory, or null when the config has no file (then only the
     *     working directory is used)
     * @param workingDir the working directory
     */
    PathResolver(Path baseDir, Path workingDir) {
        this.baseDir = baseDir == null ? null : baseDir.toAbsolutePath().normalize();
        this.workingDir = workingDir.toAbsolutePath().normalize();
    }

    /**
     * The absolute path of an input file. An absolute path is kept; a relative one is taken from the
     * config directory if it exists there, else from the working directory if it exists there, else
     * (for files created later, such as a key store made at deploy) from the config directory.
     */
    Path input(Path written) {
        if (written.isAbsolute()) {
            return written.normalize();
        }
        if (baseDir != null) {
            Path nextToConfig = baseDir.resolve(written).normalize();
            if (Files.exists(nextToConfig)) {
                return nextToConfig;
            }
        }
        Path inWorkingDir = workingDir.resolve(written).normalize();
        if (baseDir == null || Files.exists(inWorkingDir)) {
            return inWorkingDir;
        }
        return baseDir.resolve(written).normalize();
    }

    /** Where a relative path was looked for, for "not found" messages. */
    String searched(Path written) {
        if (written.isAbsolute()) {
            return written.normalize().toString();
        }
        return baseDir == null ? workingDir.resolve(written).normalize().toString()
                : baseDir.resolve(written).normalize() + " or " + workingDir.resolve(written).normalize();
    }
}

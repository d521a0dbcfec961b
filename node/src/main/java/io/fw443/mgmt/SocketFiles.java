package io.fw443.mgmt;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * The socket file's life: refuse to take over a path another process serves, never expose the socket with a wider
 * mode than 0600 even for an instant, and on stop remove only our own file.
 *
 * <p>Binding creates the file with the process umask's mode; a chmod afterwards leaves a window. So the server binds
 * inside a fresh 0700 directory next to the target (nobody else can reach the socket there), chmods it to 0600,
 * then renames it onto the target path, atomically replacing a stale socket left by a crashed node.
 */
final class SocketFiles {
    /** unix(7): sun_path holds 108 bytes including the terminating NUL. */
    static final int MAX_SOCKET_PATH_BYTES = 107;
    static final Set<PosixFilePermission> SOCKET_MODE = PosixFilePermissions.fromString("rw-------");
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIR =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private SocketFiles() {
    }

    /** A socket path prepared for binding: bind {@link #bindPath()}, then {@link #publish()}, then close. */
    static final class Staging implements AutoCloseable {
        private final Path target;
        private final Path privateDir;
        private final Path bindPath;

        private Staging(Path target, Path privateDir, Path bindPath) {
            this.target = target;
            this.privateDir = privateDir;
            this.bindPath = bindPath;
        }

        Path bindPath() {
            return bindPath;
        }

        /** Sets mode 0600, moves the bound socket onto the target path and checks what ended up there. */
        Claim publish() throws IOException {
            Files.setPosixFilePermissions(bindPath, SOCKET_MODE);
            Files.move(bindPath, target, StandardCopyOption.ATOMIC_MOVE);
            PosixFileAttributes a = Files.readAttributes(target, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isOther() || !a.permissions().equals(SOCKET_MODE)) {
                Files.delete(target);
                throw new IOException(target + ": expected a socket with mode rw-------, found "
                        + PosixFilePermissions.toString(a.permissions()));
            }
            return new Claim(target, a.fileKey());
        }

        /** Removes the private directory (and the socket, if it was never published). */
        @Override
        public void close() throws IOException {
            Files.deleteIfExists(bindPath);
            Files.deleteIfExists(privateDir);
        }
    }

    /** The published socket file, identified by inode so a successor's socket at the same path is left alone. */
    static final class Claim {
        private final Path path;
        private final Object fileKey;

        private Claim(Path path, Object fileKey) {
            this.path = path;
            this.fileKey = Objects.requireNonNull(fileKey, "file key (inode) unavailable");
        }

        Path path() {
            return path;
        }

        /** Deletes the socket file if it is still the one we created. */
        void release() throws IOException {
            try {
                BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (fileKey.equals(a.fileKey())) {
                    Files.delete(path);
                }
            } catch (NoSuchFileException gone) {
                // Someone removed it already: nothing of ours is left to clean up.
            }
        }
    }

    /**
     * Checks {@code socket} can be served: the parent exists (created 0700 if missing), the path is free or holds a
     * stale socket nobody answers on; then makes the private staging directory.
     */
    static Staging stage(Path socket) throws IOException {
        Path target = socket.toAbsolutePath().normalize();
        checkLength(target);
        Path parent = target.getParent();
        Files.createDirectories(parent, PRIVATE_DIR);
        BasicFileAttributes existing = attributesOrNull(target);
        if (existing != null) {
            if (!existing.isOther()) {
                throw new IOException(target + " exists and is not a socket; refusing to replace it");
            }
            if (answers(target)) {
                throw new IOException("another process is serving " + target + " (is a node already running?)");
            }
        }
        Path dir = Files.createTempDirectory(parent, ".fw443-", PRIVATE_DIR);
        Path bindPath = dir.resolve("s");
        try {
            checkLength(bindPath);
        } catch (IOException e) {
            Files.delete(dir);
            throw e;
        }
        return new Staging(target, dir, bindPath);
    }

    /** True if something accepts connections on the socket at {@code path}; false if the socket is stale. */
    static boolean answers(Path path) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(path));
            return true;
        } catch (ConnectException refused) {
            return false;
        }
    }

    private static BasicFileAttributes attributesOrNull(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static void checkLength(Path p) throws FileSystemException {
        if (p.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_BYTES) {
            throw new FileSystemException(p.toString(), null,
                    "socket path longer than " + MAX_SOCKET_PATH_BYTES + " bytes (unix(7) sun_path)");
        }
    }
}

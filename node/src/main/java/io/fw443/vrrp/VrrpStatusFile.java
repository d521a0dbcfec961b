package io.fw443.vrrp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a file with one line per group, {@code VRID STATE}, rewritten atomically (write, then rename) after every
 * transition, for tests, benchmarks and scripts that watch a standalone speaker. The write happens on a thread of its
 * own, so a slow disk never holds the election.
 */
public final class VrrpStatusFile implements TransitionListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VrrpStatusFile.class);

    private final Path file;
    private final Map<Integer, VrrpState> states = new TreeMap<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "vrrp-status");
        t.setDaemon(true);
        return t;
    });

    /** Starts with every group of {@code vrids} in Initialize, written at once. */
    public VrrpStatusFile(Path file, Iterable<Integer> vrids) {
        this.file = file;
        for (int vrid : vrids) {
            states.put(vrid, VrrpState.INITIALIZE);
        }
        write();
    }

    @Override
    public void onTransition(int vrid, VrrpState from, VrrpState to, VrrpReason reason) {
        writer.execute(() -> {
            states.put(vrid, to);
            write();
        });
    }

    /** Reads a status file: VRID to state. */
    public static Map<Integer, VrrpState> read(Path file) throws IOException {
        Map<Integer, VrrpState> result = new TreeMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] parts = line.trim().split(" ");
            if (parts.length == 2) {
                result.put(Integer.parseInt(parts[0]), VrrpState.valueOf(parts[1]));
            }
        }
        return result;
    }

    private void write() {
        StringBuilder sb = new StringBuilder();
        states.forEach((vrid, state) -> sb.append(vrid).append(' ').append(state).append('\n'));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, sb);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("cannot write status file {}: {}", file, e.getMessage());
        }
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

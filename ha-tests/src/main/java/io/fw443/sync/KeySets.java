package io.fw443.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Key material made by config/gen-cluster-key.sh at test time: independent sets (each with its own CA and AES
 * key), so a member of one cannot talk to a member of another. Removed when the JVM exits.
 */
public final class KeySets {
    private static final Path ROOT;

    static {
        try {
            ROOT = Files.createTempDirectory("fw443-sync-keys");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Stream<Path> files = Files.walk(ROOT)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // Best effort: a temp directory.
            }
        }));
    }

    private KeySets() {}

    /** Generates the named sets concurrently; each entry is "name:node,node,...". Returns their directories. */
    public static List<Path> generate(String... sets) throws Exception {
        List<Process> running = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        for (String set : sets) {
            String[] parts = set.split(":");
            Path dir = ROOT.resolve(parts[0]);
            List<String> cmd = new ArrayList<>(List.of("sh", Replica.CONFIG.resolve("gen-cluster-key.sh").toString(),
                    dir.toString()));
            cmd.addAll(List.of(parts[1].split(",")));
            running.add(new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ROOT.resolve(parts[0] + ".log").toFile()).start());
            dirs.add(dir);
        }
        for (int i = 0; i < running.size(); i++) {
            Process p = running.get(i);
            if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("gen-cluster-key.sh failed for " + sets[i] + ":\n"
                        + Files.readString(ROOT.resolve(sets[i].split(":")[0] + ".log")));
            }
        }
        return dirs;
    }
}

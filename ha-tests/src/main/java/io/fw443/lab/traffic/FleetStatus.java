package io.fw443.lab.traffic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The fleet's live status, rewritten (atomically, by rename) about every 200 ms as one line of {@code key=value}:
 * <pre>
 * elapsed_ms=5200 target=200 opened=200 alive=200 dead=0 failed=0 resets=0 reconnects=0 echo_errors=0
 * echoes=48211 worst_gap_ms=61 current_gap_ms=24 all_silent_ms=0 done=false
 * </pre>
 * {@code worst_gap_ms} includes gaps still open; {@code current_gap_ms} is the longest silence among live sessions
 * right now (it drops back once every session echoes again); {@code all_silent_ms} is the shortest one, i.e. how long
 * no live session has had an echo (a cut path shows as this growing). A test awaits "all established" as
 * {@code alive == target}.
 */
public record FleetStatus(long elapsedMs, int target, int opened, int alive, int dead, int failed, int resets,
                          int reconnects, int echoErrors, long echoes, long worstGapMs, long currentGapMs,
                          long allSilentMs, boolean done) {
    /** How often the fleet rewrites the file: a status is at most this old when read. */
    public static final long WRITE_INTERVAL_MS = 200;

    public boolean allEstablished() {
        return alive == target;
    }

    String line() {
        return "elapsed_ms=" + elapsedMs + " target=" + target + " opened=" + opened + " alive=" + alive
                + " dead=" + dead + " failed=" + failed + " resets=" + resets + " reconnects=" + reconnects
                + " echo_errors=" + echoErrors + " echoes=" + echoes + " worst_gap_ms=" + worstGapMs
                + " current_gap_ms=" + currentGapMs + " all_silent_ms=" + allSilentMs + " done=" + done;
    }

    void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, line() + "\n");
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public static FleetStatus parse(String line) {
        Map<String, String> kv = new HashMap<>();
        for (String word : line.trim().split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                kv.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        try {
            return new FleetStatus(Long.parseLong(kv.get("elapsed_ms")), Integer.parseInt(kv.get("target")),
                    Integer.parseInt(kv.get("opened")), Integer.parseInt(kv.get("alive")),
                    Integer.parseInt(kv.get("dead")), Integer.parseInt(kv.get("failed")),
                    Integer.parseInt(kv.get("resets")), Integer.parseInt(kv.get("reconnects")),
                    Integer.parseInt(kv.get("echo_errors")), Long.parseLong(kv.get("echoes")),
                    Long.parseLong(kv.get("worst_gap_ms")), Long.parseLong(kv.get("current_gap_ms")),
                    Long.parseLong(kv.get("all_silent_ms")), Boolean.parseBoolean(kv.get("done")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a fleet status line: " + line, e);
        }
    }

    /** The status in {@code file}, or null while the fleet has not written one yet. */
    public static FleetStatus read(Path file) throws IOException {
        return Files.exists(file) ? parse(Files.readString(file)) : null;
    }
}

package io.fw443.table;

import static io.fw443.table.TestFlows.bytesOf;
import static io.fw443.table.TestFlows.heapRecord;
import static io.fw443.table.TestFlows.key;
import static io.fw443.table.TestFlows.record;
import static io.fw443.table.TestFlows.recordBytes;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node killed with SIGKILL in the middle of writes keeps every flow whose write it had acknowledged. A child JVM
 * ({@link CrashWriter}) writes and acknowledges; the test kills it, reopens the file (recovery), checks every
 * acknowledged effect byte for byte and walks the whole map. Two rounds, the second writing into the recovered file.
 */
class ChronicleFlowTableCrashTest {
    private static final int CAPACITY = 200_000;
    private static final int ACKS_BEFORE_KILL = 20_000;
    private static final Pattern ACK = Pattern.compile("ACK (\\d+)");
    private static final int SIGKILL_EXIT = 128 + 9;

    @TempDir
    Path dir;

    /** What the file must hold: exact bytes for settled keys, any of several outcomes for the step in flight. */
    private final Map<FlowKey, byte[]> mustHave = new HashMap<>();
    private final Map<FlowKey, List<byte[]>> mayHave = new HashMap<>();
    private final List<FlowKey> mustNotHave = new ArrayList<>();

    @Test
    void acknowledgedFlowsSurviveSigkillInTheMiddleOfWrites() throws Exception {
        Path file = dir.resolve("flows");
        int first = 0;
        for (int round = 0; round < 2; round++) {
            int lastAck = writeUntilKilled(file, first, round);
            expect(first, lastAck);
            try (ChronicleFlowTable table =
                         ChronicleFlowTable.open(ChronicleFlowTable.Options.persisted(CAPACITY, file))) {
                assertTrue(table.recovered(), "a killed writer leaves no clean marker");
                check(table);
            }
            first = lastAck + 2; // the step in flight may or may not have written lastAck + 1
        }
    }

    /** Runs the writer from flow {@code first}, kills it after enough acknowledgements, returns the last one. */
    private int writeUntilKilled(Path file, int first, int round) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-agentlib:jdwp")) {
                command.add(arg);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(),
                file.toString(), Integer.toString(CAPACITY), Integer.toString(first)));
        Path stderr = dir.resolve("writer-" + round + ".err");
        // Acknowledgements go to a file, not a pipe: a pipe is closed under a reader when the process dies, and
        // acknowledgements still in it would be lost; the file keeps every line the writer finished.
        Path acks = dir.resolve("writer-" + round + ".acks");
        Process child = new ProcessBuilder(command).redirectError(stderr.toFile()).redirectOutput(acks.toFile())
                .start();
        try {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(10))
                    .until(() -> lastAckInTail(acks) >= first + ACKS_BEFORE_KILL || !child.isAlive());
            assertTrue(child.isAlive(), () -> "writer stopped on its own: " + read(stderr));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(SIGKILL_EXIT, child.exitValue(), "killed by SIGKILL");
        } finally {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
        int lastAck = first - 1;
        for (String line : Files.readAllLines(acks, StandardCharsets.US_ASCII)) {
            Matcher m = ACK.matcher(line);
            if (m.matches()) {
                int ack = Integer.parseInt(m.group(1));
                assertEquals(lastAck + 1, ack, "acknowledgements arrive in order");
                lastAck = ack;
            }
        }
        return lastAck;
    }

    /** The last complete acknowledgement in the file's tail, or -1 (a cheap poll while the writer runs). */
    private static int lastAckInTail(Path acks) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(acks.toFile(), "r")) {
            long length = f.length();
            int n = (int) Math.min(length, 64);
            byte[] tail = new byte[n];
            f.seek(length - n);
            f.readFully(tail);
            String text = new String(tail, StandardCharsets.US_ASCII);
            int end = text.lastIndexOf('\n');
            int start = text.lastIndexOf('\n', end - 1) + 1;
            Matcher m = end < 0 ? null : ACK.matcher(text.substring(start, end));
            return m != null && m.matches() ? Integer.parseInt(m.group(1)) : -1;
        }
    }

    /** Records what a run over {@code first..lastAck} (plus the unacknowledged step after it) must have left. */
    private void expect(int first, int lastAck) {
        for (int i = first; i <= lastAck; i++) {
            mustHave.put(key(i), bumped(i));
            if (CrashWriter.removes(i, first)) {
                mustNotHave.add(key(i - 5));
                mustHave.remove(key(i - 5));
            }
        }
        int inFlight = lastAck + 1;
        mayHave.put(key(inFlight), List.of(recordBytes(inFlight), bumped(inFlight)));
        if (CrashWriter.removes(inFlight, first)) {
            FlowKey target = key(inFlight - 5);
            mayHave.put(target, List.of(mustHave.remove(target)));
        }
    }

    private static byte[] bumped(int i) {
        FlowRecord r = record(i);
        CrashWriter.BUMP.apply(null, r, null);
        return bytesOf(r);
    }

    private void check(ChronicleFlowTable table) {
        FlowRecord out = heapRecord();
        mustHave.forEach((key, bytes) -> {
            assertTrue(table.get(key, out), () -> "acknowledged flow lost: " + key);
            assertArrayEquals(bytes, bytesOf(out), () -> "acknowledged flow changed: " + key);
        });
        for (FlowKey key : mustNotHave) {
            assertFalse(table.get(key, out), () -> "acknowledged removal undone: " + key);
        }
        int[] visited = {0};
        table.forEach((key, record, c) -> {
            visited[0]++;
            byte[] stored = bytesOf(record);
            byte[] settled = mustHave.get(key);
            if (settled != null) {
                assertArrayEquals(settled, stored, key.toString());
            } else {
                List<byte[]> outcomes = mayHave.get(key);
                assertNotNull(outcomes, () -> "flow nobody wrote: " + key);
                if (outcomes.stream().noneMatch(o -> java.util.Arrays.equals(o, stored))) {
                    fail("in-flight flow holds neither outcome: " + key);
                }
            }
            return FlowTable.Visit.KEEP;
        }, null);
        assertEquals(table.size(), visited[0], "the walk sees as many entries as the counters say");
        assertTrue(visited[0] >= mustHave.size());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no stderr: " + e + ")";
        }
    }
}

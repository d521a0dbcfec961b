package io.fw443.engine;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts, waits for and stops the real tools (openssl, tcpdump, curl) of the capture tests, each by its PID. */
final class ToolProcesses {
    static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);

    private ToolProcesses() {}

    /** Starts a long-running tool with its output in {@code dir/name.out} and {@code dir/name.err}. */
    static Process start(Path dir, String name, List<String> command) throws IOException {
        return new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile())
                .start();
    }

    /** Runs a tool to its end (stdin empty); its output goes to {@code dir/name.*}; returns the exit code. */
    static int runToEnd(Path dir, String name, List<String> command) throws IOException, InterruptedException {
        Process p = start(dir, name, command);
        if (!p.waitFor(TOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new IOException("timed out: " + command);
        }
        return p.exitValue();
    }

    static String output(Path dir, String name) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String suffix : List.of(".out", ".err")) {
            Path file = dir.resolve(name + suffix);
            if (Files.exists(file)) {
                text.append(Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return text.toString();
    }

    static void awaitOutput(Path dir, String name, String text) {
        await().atMost(TOOL_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> output(dir, name).contains(text));
    }

    /** Signals the process by PID ('ip netns exec' execs the tool, so the PID is the tool's) and waits for it. */
    static void stop(Process p, String signal) throws IOException, InterruptedException {
        if (!p.isAlive()) {
            return;
        }
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor(10, TimeUnit.SECONDS);
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static boolean onPath(String tool) {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin").split(":")) {
            if (!dir.isEmpty() && new File(dir, tool).canExecute()) {
                return true;
            }
        }
        return false;
    }
}

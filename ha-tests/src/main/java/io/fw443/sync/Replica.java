package io.fw443.sync;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One {@link ReplicaMain} process (optionally inside a network namespace), driven over its stdin/stdout. Its log
 * (stderr) goes to a file next to the test's other output. {@link #kill()} is a real SIGKILL. The HA tests and
 * {@code bin/bench sync} both drive members through it.
 */
public final class Replica implements AutoCloseable {
    /** The repository's config/ directory, from a module directory (tests) or the repository root (bin/bench). */
    public static final Path CONFIG = (Files.isDirectory(Path.of("config")) ? Path.of("config")
            : Path.of("..", "config")).toAbsolutePath().normalize();
    public static final Path TCP_STACK = CONFIG.resolve("jgroups-tcp.xml");
    public static final Path UDP_STACK = CONFIG.resolve("jgroups-udp.xml");
    private static final Duration REPLY = Duration.ofSeconds(60);

    public final int node;
    public final Path log;
    /** The start-up line: node id and the flows its table held when it opened. */
    String started;
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

    private Replica(int node, Path log, Process process) {
        this.node = node;
        this.log = log;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readReplies, "replica-" + node + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Small, quick-starting JVMs for functional tests: many of them share two cores. */
    static final List<String> TEST_JVM = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    /** How to start one member. */
    public record Spec(int node, String bind, String peers, Path keys, Path stack, String netns, List<String> extra,
                List<String> jvm) {
        public Spec {
            extra = List.copyOf(extra);
            jvm = List.copyOf(jvm);
        }

        public static Spec loopback(int node, int port, String peers, Path keys) {
            return new Spec(node, "127.0.0.1:" + port, peers, keys, TCP_STACK, null, List.of(), TEST_JVM);
        }

        public Spec with(String... args) {
            List<String> all = new ArrayList<>(extra);
            all.addAll(List.of(args));
            return new Spec(node, bind, peers, keys, stack, netns, all, jvm);
        }

        /** Other JVM options (heap, collector, JIT) instead of {@link #TEST_JVM}. */
        public Spec jvm(String... options) {
            return new Spec(node, bind, peers, keys, stack, netns, extra, List.of(options));
        }
    }

    /** Starts the member and waits until it has joined (or formed) its group. */
    public static Replica start(Spec spec, Path logDir) {
        List<String> cmd = new ArrayList<>();
        if (spec.netns() != null) {
            cmd.addAll(List.of("ip", "netns", "exec", spec.netns()));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(spec.jvm());
        cmd.add("-Djava.net.preferIPv4Stack=true");
        cmd.addAll(chronicleFlags());
        cmd.addAll(List.of("-cp", classpath(), ReplicaMain.class.getName(),
                "--node", Integer.toString(spec.node()), "--bind", spec.bind(), "--peers", spec.peers(),
                "--keys", spec.keys().toString(), "--stack", spec.stack().toString(), "--cluster", "fw443-ha"));
        cmd.addAll(spec.extra());
        Path log = logDir.resolve("replica-" + spec.node() + "-" + System.nanoTime() + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile());
        pb.environment().put("FW443_LOG_LEVEL", "INFO");
        try {
            Replica r = new Replica(spec.node(), log, pb.start());
            r.started = r.reply();
            if (!r.started.startsWith("started")) {
                r.kill();
                throw new IllegalStateException("replica " + spec.node() + " did not start: " + r.started);
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The flags the persisted table needs (root pom's chronicle.jvm.flags), as this test JVM got them. */
    private static List<String> chronicleFlags() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-exports")
                        || a.startsWith("-Dchronicle."))
                .toList();
    }

    /** The test JVM's own classpath (Surefire's real one when it runs us from a manifest-only jar). */
    private static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    private void readReplies() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("@@ ")) {
                    replies.add(line.substring(3));
                }
            }
        } catch (IOException e) {
            // The process is gone; reply() notices.
        }
        replies.add("err process exited");
    }

    private String reply() {
        try {
            String r = replies.poll(REPLY.toMillis(), TimeUnit.MILLISECONDS);
            if (r == null) {
                throw new IllegalStateException("replica " + node + " did not answer within " + REPLY);
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs one command and returns its reply line (without "@@ "); an "err" reply fails. */
    public synchronized String cmd(String command) {
        try {
            stdin.write(command + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("replica " + node + " is gone", e);
        }
        String r = reply();
        if (r.startsWith("err")) {
            throw new IllegalStateException("replica " + node + ": " + command + " -> " + r);
        }
        return r;
    }

    /** The status line as key=value pairs (state, members, live, view, ...). */
    public Map<String, String> status() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String word : cmd("status").split(" ")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                m.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return m;
    }

    /** The current view's members oldest first, e.g. "[1,2,3]". */
    public String members() {
        return status().get("members");
    }

    /** The current view's members in node order, whichever is oldest (after a merge any member may be). */
    public List<Integer> memberSet() {
        String m = members();
        return m.length() <= 2 ? List.of() : java.util.Arrays.stream(m.substring(1, m.length() - 1).split(","))
                .map(Integer::parseInt).sorted().toList();
    }

    public boolean ready() {
        return "READY".equals(status().get("state"));
    }

    /** The live table, record by record. */
    List<String> dump(Path dir) {
        Path file = dir.resolve("dump-" + node + "-" + System.nanoTime() + ".txt");
        cmd("dump " + file);
        try {
            List<String> lines = Files.readAllLines(file);
            Files.delete(file);
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long metric(String name) {
        for (String word : cmd("metrics").split(" ")) {
            if (word.startsWith(name + "=")) {
                return Long.parseLong(word.substring(name.length() + 1));
            }
        }
        throw new IllegalArgumentException("no metric " + name);
    }

    public boolean alive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no goodbye to the group. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                stdin.write("quit\n");
                stdin.flush();
                if (process.waitFor(5, TimeUnit.SECONDS)) {
                    return;
                }
            } catch (IOException e) {
                // Already closing: fall through to the kill.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            kill();
        }
    }
}

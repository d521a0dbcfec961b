package io.fw443.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion with a deadline and returns its exit code and output (stdout and stderr merged). */
public final class Shell {
    /** The outcome of one command. */
    public record Result(List<String> command, int exitCode, String output) {
        public Result check() {
            if (exitCode != 0) {
                throw new IllegalStateException("command failed (" + exitCode + "): " + String.join(" ", command)
                        + "\n" + output);
            }
            return this;
        }

        public boolean ok() {
            return exitCode == 0;
        }
    }

    private Shell() {}

    public static Result run(Duration timeout, List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readBounded(p.getInputStream()));
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                return new Result(command, 124, "timed out after " + timeout + ": " + out.getNow(""));
            }
            return new Result(command, p.exitValue(), out.get(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        } catch (Exception e) {
            return new Result(command, p.exitValue(), "");
        }
    }

    public static Result run(String... command) {
        return run(Duration.ofSeconds(30), List.of(command));
    }

    /** Keeps the first 1 MiB: enough for any diagnostic, bounded for a chatty tool. */
    private static String readBounded(InputStream in) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                if (buf.size() < (1 << 20)) {
                    buf.write(chunk, 0, Math.min(n, (1 << 20) - buf.size()));
                }
            }
        } catch (IOException e) {
            // The process went away; what was read is what there is.
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}

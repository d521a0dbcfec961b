package io.fw443.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs test-time tools (tshark, ip, openssl) with a hard timeout. */
final class Processes {
    record Result(int exitCode, String stdout, String stderr) {
    }

    private Processes() {
    }

    static Result run(long timeoutSeconds, List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        // Drain both pipes concurrently so a chatty tool cannot block on a full pipe.
        var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
            throw new IOException("timed out after " + timeoutSeconds + " s: " + command);
        }
        return new Result(p.exitValue(), out.join(), err.join());
    }

    static Result check(long timeoutSeconds, String... command) throws IOException, InterruptedException {
        Result r = run(timeoutSeconds, List.of(command));
        if (r.exitCode() != 0) {
            throw new IOException("exit " + r.exitCode() + ": " + String.join(" ", command) + "\n" + r.stderr());
        }
        return r;
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin:/usr/sbin:/sbin").split(":")) {
            if (new java.io.File(dir, tool).canExecute()) {
                return true;
            }
        }
        return new java.io.File("/usr/sbin", tool).canExecute() || new java.io.File("/sbin", tool).canExecute();
    }

    private static String readAll(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}

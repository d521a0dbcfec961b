package io.fw443.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fw443 config check}: exit codes, every problem listed with line and column, no stack traces. */
class ConfigCheckCommandTest {
    /** The repository's config/ from the node module directory, where Surefire runs. */
    private static final Path CONFIG = Path.of("..", "config");

    @TempDir
    Path tmp;

    @Test
    void theExamplePairIsValid() {
        CliRunner r = CliRunner.run("config", "check", CONFIG.resolve("fw-a.yaml").toString(),
                CONFIG.resolve("fw-b.yaml").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("fw-a.yaml: OK (node fw-a)"), r.out());
        assertTrue(r.out().contains("fw-b.yaml: OK (node fw-b)"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void anUnknownKeyAndABadCidrAreBothReportedWithLineAndColumn() throws Exception {
        String yaml = Files.readString(CONFIG.resolve("fw-a.yaml"))
                .replace("  data-dir: /var/lib/fw443/fw-a", "  data-dir: /var/lib/fw443/fw-a\n  node-numbr: 7")
                .replace("address: 198.51.100.2/24", "address: 198.51.100.2/33");
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, yaml);
        // Set and stack files are resolved next to the config file: give the copy the same neighbours.
        for (String neighbour : new String[] {"jgroups-tcp.xml", "blocklist.txt"}) {
            Files.copy(CONFIG.resolve(neighbour), tmp.resolve(neighbour));
        }
        String[] lines = yaml.split("\n", -1);

        CliRunner r = CliRunner.run("config", "check", bad.toString());

        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertProblemAt(r.err(), bad, lineOf(lines, "node-numbr: 7"), "node-numbr");
        assertProblemAt(r.err(), bad, lineOf(lines, "198.51.100.2/33"), "198.51.100.2/33");
        assertTrue(r.err().contains("did you mean 'node-number'"), r.err());
        assertTrue(r.err().contains("2 problems found"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void everyFileIsCheckedEvenAfterABadOne() throws Exception {
        Path broken = tmp.resolve("broken.yaml");
        Files.writeString(broken, "node: [unclosed\n");
        CliRunner r = CliRunner.run("config", "check", broken.toString(), CONFIG.resolve("fw-b.yaml").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith(broken + ":"), r.err());
        assertTrue(r.out().contains("fw-b.yaml: OK"), r.out());
    }

    @Test
    void aMissingFileIsAProblemNotACrash() {
        CliRunner r = CliRunner.run("config", "check", tmp.resolve("nope.yaml").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("nope.yaml"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void noFileIsAUsageError() {
        CliRunner r = CliRunner.run("config", "check");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("Missing required parameter"), r.err());
    }

    private static int lineOf(String[] lines, String text) {
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError("fixture lost its line: " + text);
    }

    private static void assertProblemAt(String err, Path file, int line, String mention) {
        Matcher m = Pattern.compile(Pattern.quote(file.toString()) + ":" + line + ":(\\d+): (.*)").matcher(err);
        boolean found = false;
        while (m.find()) {
            found |= m.group(2).contains(mention) && Integer.parseInt(m.group(1)) > 0;
        }
        assertTrue(found, "expected a problem at line " + line + " mentioning " + mention + " in:\n" + err);
    }
}

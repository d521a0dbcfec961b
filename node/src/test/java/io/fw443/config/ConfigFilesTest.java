package io.fw443.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading config files, set files and stack files, and where relative paths are looked for. */
class ConfigFilesTest {

    static final String STACK = "<config xmlns=\"urn:org:jgroups\"><TCP/></config>\n";

    @TempDir
    Path dir;

    private static List<String> problems(ConfigResult result) {
        return result.problems().stream().map(Object::toString).toList();
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void missingFileIsOneProblemWithoutPosition() {
        Path file = dir.resolve("nope.yaml");
        assertEquals(List.of(file + ": no such file"), problems(ConfigLoader.load(file)));
    }

    @Test
    void directoryIsRefused() {
        assertEquals(List.of(dir + ": is a directory; expected a YAML config file"), problems(ConfigLoader.load(dir)));
    }

    @Test
    void nonUtf8IsRefused() throws IOException {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, "node: {id: caf\u00e9}\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(List.of(file + ": not UTF-8 text; a config file is UTF-8 YAML"), problems(ConfigLoader.load(file)));
    }

    @Test
    void problemsNameTheFileAsGiven() throws IOException {
        Path file = write("n.yaml", "node: {id: x}\ninterfaces: 5\n");
        assertEquals(List.of(file + ":2:13: interfaces: expected a list, got the integer 5"),
                problems(ConfigLoader.load(file)));
    }

    @Test
    void setFileProblemsAreReportedAtTheirOwnLineAndColumn() throws IOException {
        Path set = write("sets/block.txt", """
                # comment line
                192.0.2.0/24
                   198.51.100.7/24   # host bits
                not-an-address
                2001:db8::/32
                """);
        Path config = write("node.yaml", ConfigErrorsTest.BASE + """
                policy:
                  sets: {block: {file: sets/block.txt}}
                  rules: [{name: b, from-set: block, action: drop}]
                """);
        assertEquals(List.of(
                set + ":3:4: 198.51.100.7/24 has host bits set; did you mean 198.51.100.0/24?",
                set + ":4:1: 'not-an-address' is not an IP address literal (host names are never resolved; write"
                        + " an address such as 192.0.2.10 or 2001:db8::10)"),
                problems(ConfigLoader.load(config)));
    }

    @Test
    void setFileIsReadIntoTheSet() throws IOException {
        write("block.txt", "192.0.2.0/24\n\n2001:db8::/32 # docs\n198.51.100.9\n");
        Path config = write("node.yaml", ConfigErrorsTest.BASE + "policy: {sets: {block: {file: block.txt}}}\n");
        AddressSet set = ConfigLoader.load(config).config().policy().sets().get("block");
        assertEquals(new AddressSet("block", List.of(Cidr.parse("192.0.2.0/24", true).value(),
                Cidr.parse("2001:db8::/32", true).value(), Cidr.parse("198.51.100.9/32", true).value()),
                java.util.Optional.of(dir.resolve("block.txt"))), set);
    }

    @Test
    void aFileOfGarbageIsSummarisedAfterTwentyLines() throws IOException {
        Path set = write("junk.txt", "junk\n".repeat(25));
        Path config = write("node.yaml", ConfigErrorsTest.BASE + "policy: {sets: {junk: {file: junk.txt}}}\n");
        List<String> found = problems(ConfigLoader.load(config));
        assertEquals(21, found.size());
        assertEquals(set + ":20:1: 'junk' is not an IP address literal (host names are never resolved; write an"
                + " address such as 192.0.2.10 or 2001:db8::10)", found.get(19));
        assertEquals(set + ": 5 more bad lines not shown", found.get(20));
    }

    @Test
    void missingSetFileIsReportedAtItsKey() throws IOException {
        Path config = write("node.yaml", ConfigErrorsTest.BASE + "policy: {sets: {block: {file: gone.txt}}}\n");
        Path cwd = Path.of("").toAbsolutePath();
        assertEquals(List.of(config + ":6:31: policy.sets.block.file: file not found: " + dir.resolve("gone.txt")
                + " or " + cwd.resolve("gone.txt") + " (a relative path is looked up next to the config file, then"
                + " in the working directory)"), problems(ConfigLoader.load(config)));
    }

    @Test
    void stackFileMustExistAndBeWellFormed() throws IOException {
        write("broken.xml", "<config>\n  <TCP>\n</config>\n");
        Path config = write("node.yaml", ConfigErrorsTest.BASE
                + "cluster: {name: lab, stack: broken.xml, bind: 203.0.113.2:7800}\n");
        List<String> found = problems(ConfigLoader.load(config));
        assertEquals(1, found.size());
        assertTrue(found.get(0).startsWith(dir.resolve("broken.xml") + ":3:3: not well-formed XML: "), found.get(0));
        assertTrue(found.get(0).contains("\"TCP\""), found.get(0));
    }

    @Test
    void stackFileMustBeAJGroupsConfig() throws IOException {
        write("other.xml", "<beans/>\n");
        Path config = write("node.yaml", ConfigErrorsTest.BASE
                + "cluster: {name: lab, stack: other.xml, bind: 203.0.113.2:7800}\n");
        assertEquals(List.of(dir.resolve("other.xml") + ":1:1: not a JGroups stack: the root element is <beans>,"
                + " expected <config>"), problems(ConfigLoader.load(config)));
    }

    @Test
    void stackFileWithADoctypeIsRefusedWithoutFetchingIt() throws IOException {
        write("dtd.xml", "<!DOCTYPE config SYSTEM \"http://192.0.2.1/x.dtd\">\n<config/>\n");
        Path config = write("node.yaml", ConfigErrorsTest.BASE
                + "cluster: {name: lab, stack: dtd.xml, bind: 203.0.113.2:7800}\n");
        List<String> found = problems(ConfigLoader.load(config));
        assertEquals(1, found.size());
        assertTrue(found.get(0).startsWith(dir.resolve("dtd.xml") + ":1:"), found.get(0));
        assertTrue(found.get(0).contains("DOCTYPE"), found.get(0));
    }

    @Test
    void relativePathsPreferTheConfigDirectoryThenTheWorkingDirectory() throws IOException {
        Path configDir = Files.createDirectories(dir.resolve("etc"));
        Path workDir = Files.createDirectories(dir.resolve("work"));
        Files.writeString(configDir.resolve("both.xml"), STACK);
        Files.writeString(workDir.resolve("both.xml"), STACK);
        Files.writeString(workDir.resolve("cwd-only.xml"), STACK);
        String yaml = ConfigErrorsTest.BASE + "cluster: {name: lab, stack: %s, bind: 203.0.113.2:7800, key-store: k.p12,"
                + " key-store-password-file: pw}\n";

        ClusterConfig both = ConfigLoader.parse(yaml.formatted("both.xml"), "t.yaml", configDir, workDir)
                .config().cluster().orElseThrow();
        assertEquals(configDir.resolve("both.xml"), both.stack());
        ClusterConfig cwdOnly = ConfigLoader.parse(yaml.formatted("cwd-only.xml"), "t.yaml", configDir, workDir)
                .config().cluster().orElseThrow();
        assertEquals(workDir.resolve("cwd-only.xml"), cwdOnly.stack());
        // A key store made at deploy time need not exist; it is expected next to the config.
        assertEquals(java.util.Optional.of(configDir.resolve("k.p12")), cwdOnly.keyStore());
        ClusterConfig noBase = ConfigLoader.parse(yaml.formatted("cwd-only.xml"), "t.yaml", null, workDir)
                .config().cluster().orElseThrow();
        assertEquals(java.util.Optional.of(workDir.resolve("k.p12")), noBase.keyStore());
    }
}

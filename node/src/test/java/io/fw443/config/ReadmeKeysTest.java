package io.fw443.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** config/README.md documents exactly the keys the loader accepts: none missing, none stale. */
class ReadmeKeysTest {

    /** A table row: the key in backticks in the first column, then type, default, meaning. */
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\|([^|]+)\\|([^|]+)\\|(.+)\\|$",
            Pattern.MULTILINE);
    /** Keys whose names the user chooses. */
    private static final Set<String> DYNAMIC = Set.of("policy.sets.<name>", "vrrp.track.interfaces.<name>");

    @Test
    void everyKeyHasARowWithTypeDefaultAndMeaning() throws IOException {
        String readme = Files.readString(ExampleConfigsTest.CONFIG_DIR.resolve("README.md"));
        String keysChapter = readme.substring(readme.indexOf("\n## Keys\n"), readme.indexOf("\n## What the checker"));
        Set<String> documented = new TreeSet<>();
        Matcher m = ROW.matcher(keysChapter);
        while (m.find()) {
            documented.add(m.group(1));
        }
        Set<String> accepted = new TreeSet<>(DYNAMIC);
        for (Section section : Section.values()) {
            for (String key : section.keys()) {
                accepted.add(section.docPath().isEmpty() ? key : section.docPath() + "." + key);
            }
        }
        List<String> missing = new ArrayList<>(accepted);
        missing.removeAll(documented);
        List<String> stale = new ArrayList<>(documented);
        stale.removeAll(accepted);
        assertEquals(List.of(), missing, "keys the loader accepts but README.md does not document");
        assertEquals(List.of(), stale, "keys README.md documents but the loader does not accept");
    }
}

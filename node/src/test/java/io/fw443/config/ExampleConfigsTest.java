package io.fw443.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example under config/ validates. */
class ExampleConfigsTest {

    /** The repository's config/ directory, found from the node module directory Surefire runs in. */
    static final Path CONFIG_DIR = Path.of("..", "config").toAbsolutePath().normalize();

    static Stream<Path> examples() throws IOException {
        List<Path> files;
        try (Stream<Path> top = Files.list(CONFIG_DIR);
             Stream<Path> policies = Files.list(CONFIG_DIR.resolve("policy-examples"))) {
            files = Stream.concat(top, policies).filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no examples found under " + CONFIG_DIR);
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void exampleValidates(Path file) {
        ConfigResult result = ConfigLoader.load(file);
        assertTrue(result.ok(), () -> file + ":\n" + String.join("\n",
                result.problems().stream().map(ConfigProblem::toString).toList()));
        assertEquals(List.of(), result.problems());
    }
}

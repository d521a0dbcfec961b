package io.fw443.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Loads and validates a node configuration. Never throws for a bad file: every problem, from
 * malformed YAML to a VIP outside its subnet, comes back in the {@link ConfigResult} with its file,
 * line and column, so a user sees messages and never a stack trace.
 */
public final class ConfigLoader {

    /** A config is a few kilobytes; anything this big is a wrong file. */
    static final long MAX_FILE_BYTES = 4L * 1024 * 1024;
    static final String INTERNAL_ERROR = "internal error while checking the config (please report it): ";

    private ConfigLoader() {
    }

    /**
     * Reads and validates {@code file}. Relative paths inside it resolve against the file's directory
     * first, then the working directory.
     */
    public static ConfigResult load(Path file) {
        String name = file.toString();
        try {
            if (Files.isDirectory(file)) {
                return failure(name, "is a directory; expected a YAML config file");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                return failure(name, "is larger than " + MAX_FILE_BYTES / 1024 + " KiB; expected a YAML config file");
            }
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
            return parse(text, name, file.toAbsolutePath().getParent(), Path.of(""));
        } catch (NoSuchFileException e) {
            return failure(name, "no such file");
        } catch (AccessDeniedException e) {
            return failure(name, "permission denied");
        } catch (CharacterCodingException e) {
            return failure(name, "not UTF-8 text; a config file is UTF-8 YAML");
        } catch (IOException e) {
            return failure(name, "cannot read: " + e.getMessage());
        }
    }

    /**
     * Validates YAML text. {@code fileName} is used in problems; relative paths resolve against
     * {@code baseDir} (may be null: then only the working directory) first, then the working directory.
     */
    public static ConfigResult parse(String yaml, String fileName, Path baseDir) {
        return parse(yaml, fileName, baseDir, Path.of(""));
    }

    /** As {@link #parse(String, String, Path)} with an explicit working directory, for tests. */
    static ConfigResult parse(String yaml, String fileName, Path baseDir, Path workingDir) {
        try {
            return check(yaml, fileName, baseDir, workingDir);
        } catch (RuntimeException e) {
            // Last line of the "never a stack trace" promise: a bug here still ends as one message.
            // The fuzz test asserts this line is never reached.
            return failure(fileName, INTERNAL_ERROR + e);
        }
    }

    private static ConfigResult check(String yaml, String fileName, Path baseDir, Path workingDir) {
        Problems problems = new Problems(fileName);
        Optional<Node> root;
        try {
            root = compose(yaml, fileName);
        } catch (MarkedYamlEngineException e) {
            problems.at(e.getProblemMark().or(e::getContextMark), yamlMessage(e));
            return new ConfigResult(null, problems.sorted());
        } catch (ReaderException e) {
            int[] position = position(yaml, e.getPosition());
            problems.inFile(fileName, position[0], position[1], "malformed YAML: character U+"
                    + String.format("%04X", e.getCodePoint()) + " is not allowed in YAML text");
            return new ConfigResult(null, problems.sorted());
        } catch (YamlEngineException e) {
            problems.inFile(fileName, 0, 0, "malformed YAML: " + e.getMessage());
            return new ConfigResult(null, problems.sorted());
        } catch (StackOverflowError e) {
            // The composer recurses per nesting level; hostile input must still end as a message.
            problems.inFile(fileName, 0, 0, "malformed YAML: nested too deeply");
            return new ConfigResult(null, problems.sorted());
        }
        if (root.isEmpty()) {
            problems.inFile(fileName, 0, 0, "the file is empty; a config needs at least node.id and interfaces");
            return new ConfigResult(null, problems.sorted());
        }
        NodeConfig config = new ConfigBinder(problems, new PathResolver(baseDir, workingDir)).bind(root.get());
        List<ConfigProblem> found = problems.sorted();
        return found.isEmpty() ? new ConfigResult(config, List.of()) : new ConfigResult(null, found);
    }

    private static Optional<Node> compose(String yaml, String fileName) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(fileName)
                .setSchema(new CoreSchema())
                .build();
        return new Compose(settings).composeString(yaml);
    }

    /** The parser's own words, with the context (e.g. "while parsing a flow mapping") and its line. */
    private static String yamlMessage(MarkedYamlEngineException e) {
        StringBuilder sb = new StringBuilder("malformed YAML: ").append(e.getProblem());
        if (e.getContext() != null) {
            sb.append(" (").append(e.getContext());
            Optional<Mark> context = e.getContextMark();
            if (context.isPresent() && e.getProblemMark().isPresent()
                    && context.get().getLine() != e.getProblemMark().get().getLine()) {
                sb.append(" that starts at line ").append(context.get().getLine() + 1);
            }
            sb.append(')');
        }
        return sb.toString();
    }

    /** 1-based line and column of the code point at {@code index}. */
    private static int[] position(String text, int index) {
        int line = 1;
        int column = 1;
        int seen = 0;
        for (int i = 0; i < text.length() && seen < index; i = text.offsetByCodePoints(i, 1), seen++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }

    private static ConfigResult failure(String file, String message) {
        return new ConfigResult(null, List.of(new ConfigProblem(file, 0, 0, message)));
    }
}

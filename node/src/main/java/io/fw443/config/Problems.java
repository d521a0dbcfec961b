package io.fw443.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/** Collects the problems of one load, located by YAML node marks (0-based) turned 1-based. */
final class Problems {

    private final String file;
    private final List<ConfigProblem> problems = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    /** A problem at the start of {@code node} in the config file. */
    void at(Node node, String message) {
        at(node == null ? Optional.empty() : node.getStartMark(), message);
    }

    /** A problem at {@code mark} in the config file; no mark means the whole file. */
    void at(Optional<Mark> mark, String message) {
        problems.add(mark.map(m -> new ConfigProblem(file, m.getLine() + 1, m.getColumn() + 1, message))
                .orElseGet(() -> new ConfigProblem(file, 0, 0, message)));
    }

    /** A problem in another file (a set file, a stack file); line and column are 1-based, 0 = whole file. */
    void inFile(String otherFile, int line, int column, String message) {
        problems.add(new ConfigProblem(otherFile, line, column, message));
    }

    /** How many problems so far: callers compare counts to learn whether a part bound cleanly. */
    int count() {
        return problems.size();
    }

    /**
     * The config file's problems first, then other files', each by line and column; whole-file problems
     * (line 0, such as "N more bad lines") last within their file.
     */
    List<ConfigProblem> sorted() {
        List<ConfigProblem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparing((ConfigProblem p) -> !p.file().equals(file))
                .thenComparing(ConfigProblem::file)
                .thenComparingInt(p -> p.line() == 0 ? Integer.MAX_VALUE : p.line())
                .thenComparingInt(ConfigProblem::column));
        return sorted;
    }
}

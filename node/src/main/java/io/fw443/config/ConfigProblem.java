package io.fw443.config;

/**
 * One thing wrong with a configuration, located in a file.
 *
 * @param file the file name as given to the loader (the config file, a set file or a stack file)
 * @param line 1-based line, or 0 when the problem concerns the whole file (it cannot be read)
 * @param column 1-based column, or 0 with {@code line == 0}
 * @param message what is wrong and what is allowed
 */
public record ConfigProblem(String file, int line, int column, String message) {

    /** {@code file:line:column: message}, or {@code file: message} for a whole-file problem. */
    @Override
    public String toString() {
        return line == 0 ? file + ": " + message : file + ":" + line + ":" + column + ": " + message;
    }
}

package io.fw443.config;

/**
 * Logging.
 *
 * @param format line format
 * @param level the least severe level written
 */
public record LoggingConfig(Format format, Level level) {

    /** Log line format. */
    public enum Format implements Keyword {
        TEXT,
        /** One JSON object per line. */
        JSON
    }

    /** Log levels, most severe first. */
    public enum Level implements Keyword {
        ERROR,
        WARN,
        INFO,
        DEBUG
    }
}

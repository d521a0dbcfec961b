package io.fw443.logging;

/** How log lines are written. */
public enum LogFormat {
    /** {@code 2026-11-27T10:00:00.123Z INFO  [thread] logger - message}. */
    TEXT,
    /** One JSON object per line: ts, level, logger, thread, msg, and error when there is one. */
    JSON
}

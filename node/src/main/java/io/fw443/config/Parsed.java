package io.fw443.config;

import java.util.Objects;

/**
 * Outcome of parsing one piece of text: a value, or the reason it is not one. Parsers of config
 * values return this instead of throwing, so that the binder can report every bad value and go on.
 *
 * @param value the parsed value, null when {@code error} is set
 * @param error what is wrong and what is allowed, null when {@code value} is set
 * @param <T> the value type
 */
public record Parsed<T>(T value, String error) {
    public Parsed {
        if ((value == null) == (error == null)) {
            throw new IllegalArgumentException("exactly one of value and error must be set");
        }
    }

    public static <T> Parsed<T> ok(T value) {
        return new Parsed<>(Objects.requireNonNull(value), null);
    }

    public static <T> Parsed<T> bad(String error) {
        return new Parsed<>(null, Objects.requireNonNull(error));
    }

    public boolean ok() {
        return error == null;
    }
}

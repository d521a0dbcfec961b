package io.fw443.config;

import java.util.Locale;

/** An enum constant's spelling in YAML: its name in lower case with '-' for '_', unless overridden. */
public interface Keyword {

    /** The word written in the config file. */
    default String keyword() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

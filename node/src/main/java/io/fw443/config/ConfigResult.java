package io.fw443.config;

import java.util.List;

/**
 * What loading a configuration produced: the bound config when there was nothing wrong, otherwise
 * every problem found, in file and position order.
 *
 * @param config the bound configuration, null when {@code problems} is not empty
 * @param problems every problem found; empty when {@code config} is set
 */
public record ConfigResult(NodeConfig config, List<ConfigProblem> problems) {

    public ConfigResult {
        problems = List.copyOf(problems);
        if ((config == null) == problems.isEmpty()) {
            throw new IllegalArgumentException("a result has either a config or problems");
        }
    }

    /** True when the configuration is valid and {@link #config()} is set. */
    public boolean ok() {
        return config != null;
    }
}

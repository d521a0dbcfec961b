package io.fw443.mgmt;

import java.util.List;

/**
 * What {@code POST /reload} did. A rejected reload leaves the running policy untouched and answers 422 with the
 * problems (config errors with line and column, say).
 */
public record ReloadResult(boolean applied, String detail, List<String> problems) {
    public ReloadResult {
        problems = List.copyOf(problems);
    }

    public static ReloadResult applied(String detail) {
        return new ReloadResult(true, detail, List.of());
    }

    public static ReloadResult rejected(String detail, List<String> problems) {
        return new ReloadResult(false, detail, problems);
    }
}

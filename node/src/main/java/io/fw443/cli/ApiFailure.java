package io.fw443.cli;

import java.util.List;

/** The node answered, with an error (a 4xx/5xx and its {@code ApiError}), or with something unreadable. */
final class ApiFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    ApiFailure(String message, List<String> problems) {
        super(message, null, false, false);
        this.problems = List.copyOf(problems);
    }

    List<String> problems() {
        return problems;
    }
}

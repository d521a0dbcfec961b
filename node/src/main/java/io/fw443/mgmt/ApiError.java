package io.fw443.mgmt;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The body of every 4xx/5xx answer.
 *
 * @param error    a short, stable phrase ({@code bad parameter}, {@code not found}, ...)
 * @param detail   what exactly was wrong, for a human
 * @param problems a list of itemised problems (a rejected reload's config errors); omitted when empty
 */
public record ApiError(String error, String detail,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> problems) {
    public ApiError {
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    public ApiError(String error, String detail) {
        this(error, detail, List.of());
    }
}

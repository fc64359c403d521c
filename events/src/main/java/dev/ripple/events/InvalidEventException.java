package dev.ripple.events;

import java.util.List;

/** The bytes are not a valid event; {@link #problems()} says why, each problem naming the field. */
public class InvalidEventException extends RuntimeException {

    private final List<String> problems;

    public InvalidEventException(List<String> problems) {
        this(problems, null);
    }

    public InvalidEventException(List<String> problems, Throwable cause) {
        super(String.join("; ", problems), cause);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}

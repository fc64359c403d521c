package dev.ripple.ingest.watch;

import java.util.List;

/** The watch file cannot be used; {@link #problems()} names each bad setting by its path in the file. */
public final class InvalidWatchFileException extends RuntimeException {

    private final List<String> problems;

    public InvalidWatchFileException(String source, List<String> problems) {
        super("Invalid watch file " + source + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}

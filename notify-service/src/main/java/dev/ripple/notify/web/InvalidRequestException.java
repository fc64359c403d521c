package dev.ripple.notify.web;

import java.util.List;

/** A request that names every bad field; answered as a 400 problem of the given type. */
public class InvalidRequestException extends RuntimeException {

    private final String slug;
    private final String title;
    private final List<FieldProblem> problems;

    public InvalidRequestException(String slug, String title, List<FieldProblem> problems) {
        super(title + ": " + problems);
        this.slug = slug;
        this.title = title;
        this.problems = List.copyOf(problems);
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}

package dev.ripple.notify.web;

/** The request conflicts with the current state; answered as a 409 problem of the given type. */
public class ConflictException extends RuntimeException {

    private final String slug;
    private final String title;

    public ConflictException(String slug, String title, String detail) {
        super(detail);
        this.slug = slug;
        this.title = title;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }
}

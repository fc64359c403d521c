package dev.ripple.notify.web;

/** Something the request names does not exist; answered as a 404 problem of the given type. */
public class NotFoundException extends RuntimeException {

    private final String slug;
    private final String title;

    public NotFoundException(String slug, String title, String detail) {
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

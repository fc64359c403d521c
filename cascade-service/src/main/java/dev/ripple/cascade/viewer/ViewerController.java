package dev.ripple.cascade.viewer;

import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * The viewer's pages: a list of cascades at {@code /} and one cascade drawn as a tree at {@code /cascades/{id}}. They
 * are static HTML and plain JavaScript modules under {@code static/viewer/} (no build step, nothing loaded from
 * elsewhere, so they work offline) that read the REST API and its event stream.
 */
@Controller
class ViewerController {

    /** Everything the pages load comes from this service; nothing inline, nothing from elsewhere. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    @GetMapping("/")
    String list(HttpServletResponse response) {
        secure(response);
        return "forward:/viewer/index.html";
    }

    @GetMapping("/cascades/{id}")
    String cascade(@PathVariable String id, HttpServletResponse response) {
        try {
            UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No cascade " + id);
        }
        secure(response);
        return "forward:/viewer/cascade.html";
    }

    private static void secure(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cache-Control", "no-cache");
    }
}

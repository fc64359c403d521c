package dev.ripple.notify.web;

import dev.ripple.notify.config.ApiKeys;
import dev.ripple.notify.config.NotifyProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every {@code /api/} request needs an API key ({@code X-Api-Key: KEY} or {@code Authorization: Bearer KEY}); the
 * owner it stands for is put on the request ({@link #OWNER}) and scopes everything the request sees. A missing or
 * unknown key is a 401 problem; health and the OpenAPI-free rest stay open.
 */
@Component
public class ApiKeyFilter extends OncePerRequestFilter {

    /** The request attribute holding the caller's owner name. */
    public static final String OWNER = "ripple.owner";

    private static final Logger log = LoggerFactory.getLogger(ApiKeyFilter.class);

    private final ApiKeys keys;

    ApiKeyFilter(NotifyProperties settings) {
        this.keys = settings.keys();
        if (keys.isEmpty()) {
            log.warn("No API keys are configured (RIPPLE_NOTIFY_API_KEYS): the subscriptions API answers 401 to"
                    + " every request; alerts still reach existing subscriptions");
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = request.getHeader("X-Api-Key");
        String authorization = request.getHeader("Authorization");
        if (presented == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = authorization.substring(7).strip();
        }
        Optional<String> owner = keys.ownerOf(presented);
        if (owner.isEmpty()) {
            String detail = keys.isEmpty()
                    ? "No API keys are configured on this server (RIPPLE_NOTIFY_API_KEYS)."
                    : presented == null
                            ? "An API key is required: send it as X-Api-Key or Authorization: Bearer."
                            : "The API key is not valid.";
            response.setStatus(401);
            response.setHeader("WWW-Authenticate", "Bearer realm=\"ripple-notify\"");
            response.setContentType("application/problem+json");
            String body = "{\"type\":\"https://ripple.dev/problems/unauthorized\",\"title\":\"Unauthorized\","
                    + "\"status\":401,\"detail\":\"" + detail + "\",\"instance\":\""
                    + request.getRequestURI().replace("\"", "") + "\"}";
            response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
            return;
        }
        request.setAttribute(OWNER, owner.get());
        chain.doFilter(request, response);
    }
}

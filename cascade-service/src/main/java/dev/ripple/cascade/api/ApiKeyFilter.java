package dev.ripple.cascade.api;

import dev.ripple.events.EventJson;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * API-key authentication of {@code /api/**}, on when keys are configured ({@code RIPPLE_API_KEYS}). A key is accepted
 * in {@code X-Api-Key} or as {@code Authorization: Bearer <key>}; a missing or wrong key is a 401 problem. Keys are
 * compared as SHA-256 digests in constant time, so response timing does not reveal how much of a guess was right.
 */
final class ApiKeyFilter extends OncePerRequestFilter {

    static final String HEADER = "X-Api-Key";
    private static final String BEARER = "Bearer ";

    private final List<byte[]> digests;

    ApiKeyFilter(List<String> keys) {
        this.digests = keys.stream().map(ApiKeyFilter::digest).toList();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (key == null && authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            key = authorization.substring(BEARER.length()).trim();
        }
        if (key == null || key.isEmpty()) {
            reject(
                    request,
                    response,
                    "This API needs a key: send it in the " + HEADER + " header or as 'Authorization: Bearer <key>'");
            return;
        }
        if (!accepted(key)) {
            reject(request, response, "The API key is not valid");
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean accepted(String key) {
        byte[] given = digest(key);
        boolean match = false;
        for (byte[] digest : digests) {
            match |= MessageDigest.isEqual(digest, given);
        }
        return match;
    }

    private static void reject(HttpServletRequest request, HttpServletResponse response, String detail)
            throws IOException {
        ApiProblem problem = ApiProblem.unauthorized(detail);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.type().toString());
        body.put("title", problem.title());
        body.put("status", problem.status().value());
        body.put("detail", detail);
        body.put("instance", request.getRequestURI());
        response.setStatus(problem.status().value());
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ripple\"");
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(EventJson.mapper().writeValueAsBytes(body));
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

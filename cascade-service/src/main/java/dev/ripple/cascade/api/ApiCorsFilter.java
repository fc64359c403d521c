package dev.ripple.cascade.api;

import dev.ripple.events.EventJson;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * CORS for /api/** ({@code RIPPLE_API_CORS_ORIGINS}): reads only (GET, HEAD) with the API-key headers, no cookies, the
 * paging and caching headers exposed to the page. A request from an origin not allowed is a 403 problem.
 */
final class ApiCorsFilter extends CorsFilter {

    ApiCorsFilter(List<String> origins) {
        super(source(origins));
        setCorsProcessor(new ProblemCorsProcessor());
    }

    private static UrlBasedCorsConfigurationSource source(List<String> origins) {
        CorsConfiguration configuration = new CorsConfiguration();
        configuration.setAllowedOrigins(origins);
        configuration.setAllowedMethods(List.of("GET", "HEAD"));
        configuration.setAllowedHeaders(
                List.of(ApiKeyFilter.HEADER, "Authorization", "Accept", "Last-Event-ID", "Cache-Control"));
        configuration.setExposedHeaders(List.of("Link", "ETag", "Retry-After", "WWW-Authenticate"));
        configuration.setAllowCredentials(false);
        configuration.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", configuration);
        return source;
    }

    /** Spring's processor, answering a refused request as problem+json instead of plain text. */
    private static final class ProblemCorsProcessor extends DefaultCorsProcessor {

        @Override
        protected void rejectRequest(ServerHttpResponse response) throws IOException {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", ApiProblem.TYPES + "cors-refused");
            body.put("title", "Cross-origin request refused");
            body.put("status", HttpStatus.FORBIDDEN.value());
            body.put(
                    "detail",
                    "This origin, method or header is not allowed to call the API from a browser"
                            + " (see RIPPLE_API_CORS_ORIGINS)");
            response.setStatusCode(HttpStatus.FORBIDDEN);
            response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            response.getBody().write(EventJson.mapper().writeValueAsBytes(body));
            response.flush();
        }
    }
}

package dev.ripple.cascade.api;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The API's settings, its parameter checks and, when keys are configured, API-key authentication. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiSettings.class)
class ApiConfiguration implements WebMvcConfigurer {

    private static final Logger log = LoggerFactory.getLogger(ApiConfiguration.class);

    private final KnownParameters knownParameters = new KnownParameters();

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(knownParameters).addPathPatterns("/api/**");
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(knownParameters);
    }

    /**
     * Cross-origin reads of /api/** for the configured origins, ahead of the API-key filter: a browser's preflight
     * carries no key by design, and a 401 must still be readable by the page that asked.
     */
    @Bean
    FilterRegistrationBean<ApiCorsFilter> apiCorsFilter(ApiSettings settings) {
        FilterRegistrationBean<ApiCorsFilter> registration =
                new FilterRegistrationBean<>(new ApiCorsFilter(settings.corsOrigins()));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        registration.setEnabled(!settings.corsOrigins().isEmpty());
        if (!settings.corsOrigins().isEmpty()) {
            log.info("Cross-origin reads of /api/** are allowed for {}", settings.corsOrigins());
        }
        return registration;
    }

    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(ApiSettings settings) {
        FilterRegistrationBean<ApiKeyFilter> registration =
                new FilterRegistrationBean<>(new ApiKeyFilter(settings.keys()));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.setEnabled(settings.authenticationEnabled());
        if (settings.authenticationEnabled()) {
            log.info(
                    "API-key authentication is on for /api/** ({} keys)",
                    settings.keys().size());
        } else {
            log.info("API-key authentication is off: /api/** is open (set RIPPLE_API_KEYS to require keys)");
        }
        return registration;
    }
}

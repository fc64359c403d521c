package dev.ripple.cascade.api;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.catalina.Container;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;

/**
 * Tomcat answers some requests itself before they reach the application (a path with {@code %00} or an encoded
 * slash, a malformed request line) with an HTML error page. This replaces that page with problem+json, so every error
 * a client can cause has the same shape and a stable type.
 */
@Configuration(proxyBeanMethods = false)
class ContainerProblems {

    @Bean
    ReplaceErrorReports problemErrorReports() {
        return new ReplaceErrorReports();
    }

    /** Runs after Boot's own Tomcat customizer, whose error valve it replaces. */
    static final class ReplaceErrorReports
            implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                Container host = context.getParent();
                if (host instanceof StandardHost standardHost) {
                    standardHost.setErrorReportValveClass(ProblemReportValve.class.getName());
                }
                Pipeline pipeline = host.getPipeline();
                for (Valve valve : pipeline.getValves()) {
                    if (valve instanceof ErrorReportValve && !(valve instanceof ProblemReportValve)) {
                        pipeline.removeValve(valve);
                    }
                }
                pipeline.addValve(new ProblemReportValve());
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    /** Tomcat's error report as an RFC 9457 problem, saying nothing about the server. */
    public static class ProblemReportValve extends ErrorReportValve {

        public ProblemReportValve() {
            setShowReport(false);
            setShowServerInfo(false);
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0) {
                return;
            }
            HttpStatus known = HttpStatus.resolve(status);
            String slug = known == null
                    ? "http-" + status
                    : status == 500 ? "internal" : known.name().toLowerCase().replace('_', '-');
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", ApiProblem.TYPES + slug);
            body.put("title", known == null ? "HTTP " + status : known.getReasonPhrase());
            body.put("status", status);
            body.put(
                    "detail", status >= 500 ? "An unexpected error occurred" : "The request was rejected as malformed");
            try {
                response.setContentType("application/problem+json");
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(dev.ripple.events.EventJson.mapper().writeValueAsString(body));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // The client is gone or the response was committed meanwhile: nothing more to say.
            }
        }
    }
}

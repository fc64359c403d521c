package dev.ripple.cascade.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.core.MethodParameter;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Rejects query parameters an endpoint does not declare (a misspelt filter would otherwise silently widen the result)
 * and parameters given more than once. The declared names are the handler's {@code @RequestParam}s, the same ones the
 * OpenAPI document lists. An endpoint that takes a {@link Params} gets these problems pre-filled, so they are reported
 * together with its own; any other endpoint fails before it runs.
 */
final class KnownParameters implements HandlerInterceptor, HandlerMethodArgumentResolver {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (handler instanceof HandlerMethod method && isApi(method) && !takesParams(method)) {
            List<ApiProblem.InvalidParameter> problems = check(request, method.getMethod());
            if (!problems.isEmpty()) {
                throw ApiProblem.invalid(problems);
            }
        }
        return true;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Params.class;
    }

    @Override
    public Object resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer container,
            NativeWebRequest request,
            WebDataBinderFactory binders) {
        HttpServletRequest servlet = request.getNativeRequest(HttpServletRequest.class);
        Method method = parameter.getMethod();
        return new Params(servlet == null || method == null ? List.of() : check(servlet, method));
    }

    static List<ApiProblem.InvalidParameter> check(HttpServletRequest request, Method method) {
        Set<String> declared = declared(method);
        List<ApiProblem.InvalidParameter> problems = new ArrayList<>();
        Map<String, String[]> given;
        try {
            given = request.getParameterMap();
        } catch (IllegalStateException | IllegalArgumentException e) {
            // The container could not decode the query string (e.g. %FF is not UTF-8).
            throw ApiProblem.invalid(List.of(new ApiProblem.InvalidParameter(
                    "query", "is not a valid query string (percent-encode parameters as UTF-8)")));
        }
        for (Map.Entry<String, String[]> parameter : given.entrySet()) {
            String name = parameter.getKey();
            if (!declared.contains(name)) {
                problems.add(new ApiProblem.InvalidParameter(
                        Params.abbreviate(name),
                        declared.isEmpty()
                                ? "is not a parameter of this endpoint (it takes none)"
                                : "is not a parameter of this endpoint (known: " + String.join(", ", declared) + ")"));
            } else if (parameter.getValue().length > 1) {
                problems.add(new ApiProblem.InvalidParameter(name, "must be given at most once"));
            }
        }
        return problems;
    }

    /** The query parameters a handler declares, by their {@code @RequestParam} names. */
    static Set<String> declared(Method method) {
        Set<String> names = new LinkedHashSet<>();
        for (Parameter parameter : method.getParameters()) {
            RequestParam annotation = parameter.getAnnotation(RequestParam.class);
            if (annotation != null) {
                String name = StringUtils.hasText(annotation.name()) ? annotation.name() : annotation.value();
                names.add(StringUtils.hasText(name) ? name : parameter.getName());
            }
        }
        return names;
    }

    private static boolean isApi(HandlerMethod method) {
        return method.getBeanType().getPackageName().equals(KnownParameters.class.getPackageName());
    }

    private static boolean takesParams(HandlerMethod method) {
        return Arrays.stream(method.getMethodParameters()).anyMatch(p -> p.getParameterType() == Params.class);
    }
}

package dev.ripple.cascade.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What really happened in a data set, for scoring: each share's true parent and each follow's true cause.
 *
 * @param parents by share key ({@code subject|uri}): the parent share's uri, or null when the share's parent is the
 *     original post (a root in Ripple's terms); shares without known truth are absent
 * @param follows by follow id: the uri of the share whose exposure caused it, or null for an organic follow
 * @param cascades by share key: the id of the true cascade (for shape metrics), when known
 */
public record Truth(Map<String, String> parents, Map<String, String> follows, Map<String, String> cascades) {

    public Truth() {
        this(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    public static String key(String subjectRef, String uri) {
        return subjectRef + "|" + uri;
    }
}

package dev.ripple.notify.subscription;

import dev.ripple.notify.policy.AlertType;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Every event type a subscription can receive, and what it receives when it names none. */
public final class EventTypes {

    public static final String ENDPOINT_FAILING = "endpoint.failing";
    public static final String ENDPOINT_DISABLED = "endpoint.disabled";
    public static final String ENDPOINT_RECOVERED = "endpoint.recovered";
    public static final String TEST = "webhook.test";

    /** Operational events: about the subscriber's own endpoints. */
    public static final List<String> OPERATIONAL = List.of(ENDPOINT_FAILING, ENDPOINT_DISABLED, ENDPOINT_RECOVERED);

    public static final List<String> ALL;

    /** Everything except subject digests, which a subscriber asks for explicitly (they are about the followed account). */
    public static final List<String> DEFAULT;

    static {
        LinkedHashSet<String> all = new LinkedHashSet<>();
        Arrays.stream(AlertType.values()).map(AlertType::wire).forEach(all::add);
        all.addAll(OPERATIONAL);
        all.add(TEST);
        ALL = List.copyOf(all);
        LinkedHashSet<String> defaults = new LinkedHashSet<>(all);
        defaults.remove(AlertType.SUBJECT_DIGEST.wire());
        DEFAULT = List.copyOf(defaults);
    }

    private EventTypes() {}

    /** The types a subscription receives: its own list, or the default when it has none. */
    public static List<String> effective(List<String> chosen) {
        return chosen == null || chosen.isEmpty() ? DEFAULT : chosen;
    }

    public static Set<AlertType> alertTypes(List<String> chosen) {
        Set<AlertType> types = EnumSet.noneOf(AlertType.class);
        for (String wire : effective(chosen)) {
            AlertType.ofWire(wire).ifPresent(types::add);
        }
        return types;
    }
}

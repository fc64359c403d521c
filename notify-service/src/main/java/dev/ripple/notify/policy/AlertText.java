package dev.ripple.notify.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The one sentence an alert carries for a person. Says what is known and no more: whose share, how it travelled
 * (for a sharer upstream of the exposer, the accounts it reached on the way), how many followed and in what time.
 */
final class AlertText {

    /** How many downstream handles a sentence names before summarising the rest. */
    private static final int NAMED = 3;

    private AlertText() {}

    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("d MMM yyyy").withZone(ZoneOffset.UTC);

    /**
     * Below this confidence a claim is more likely wrong than right, and the text says so: a person reading the
     * sentence in a chat never sees the payload's {@code confidence}.
     */
    static final double UNCERTAIN = 0.5;

    /**
     * @param follower the new follower, or null when their follow is not public (they are not named)
     * @param confidence the confidence of the decision that credits the follow
     */
    static String first(Person sharer, Person subject, List<String> path, Person follower, double confidence) {
        StringBuilder text = new StringBuilder(share(sharer, subject, path));
        text.append(path.isEmpty() || downstream(sharer, path).isEmpty() ? " led to" : ", and led to");
        text.append(" its first follow: ")
                .append(follower == null ? "someone" : follower.handle())
                .append(" followed ")
                .append(subject.handle())
                .append('.');
        if (confidence < UNCERTAIN) {
            text.append(" This is uncertain: ").append(percent(confidence)).append(" likely.");
        }
        return text.toString();
    }

    /** " Some of these are uncertain: the weakest is 20 % likely." when the weakest claim is below {@link #UNCERTAIN}. */
    private static String uncertainty(int newFollows, Double minConfidence) {
        if (minConfidence == null || minConfidence >= UNCERTAIN) {
            return "";
        }
        return newFollows == 1
                ? " This is uncertain: " + percent(minConfidence) + " likely."
                : " Some of these are uncertain: the weakest is " + percent(minConfidence) + " likely.";
    }

    /** 0.2049 → "20 %"; never "0 %" for a claim that was made. */
    static String percent(double probability) {
        return Math.max(1, Math.round(probability * 100)) + " %";
    }

    static String summary(
            Person sharer,
            Person subject,
            List<String> path,
            int totalFollows,
            int burstFollows,
            Duration quiet,
            Instant firstFollowAt,
            Instant lastFollowAt,
            int withdrawals) {
        List<String> reached = downstream(sharer, path);
        StringBuilder text = new StringBuilder("After ")
                .append(quietly(quiet))
                .append(": your share of ")
                .append(subject.handle())
                .append(reached.isEmpty() ? "" : ", which reached " + names(reached) + ",")
                .append(" brought ")
                .append(totalFollows)
                .append(totalFollows == 1 ? " follower" : " followers");
        if (totalFollows > 0 && firstFollowAt != null && lastFollowAt != null) {
            String first = DAY.format(firstFollowAt);
            String last = DAY.format(lastFollowAt);
            text.append(first.equals(last) ? " on " + first : " between " + first + " and " + last);
        }
        text.append('.');
        if (burstFollows > 0) {
            text.append(" About ")
                    .append(burstFollows)
                    .append(burstFollows == 1 ? " more person" : " more people")
                    .append(" followed ")
                    .append(subject.handle())
                    .append(" during the burst, without a share that can be named.");
        }
        if (withdrawals > 0) {
            text.append(' ')
                    .append(capitalize(withdrawn(withdrawals, "your share")))
                    .append('.');
        }
        return text.toString();
    }

    static String subjectDigest(
            Person subject,
            int newFollows,
            int withdrawals,
            int totalFollows,
            Duration window,
            List<Contributor> contributors) {
        StringBuilder text = new StringBuilder()
                .append(newFollows)
                .append(newFollows == 1 ? " person followed " : " people followed ")
                .append(subject.handle())
                .append(' ')
                .append(within(window))
                .append(" through shares");
        if (!contributors.isEmpty()) {
            text.append(" by ");
            List<String> named = new ArrayList<>();
            for (int i = 0; i < Math.min(NAMED, contributors.size()); i++) {
                Contributor c = contributors.get(i);
                named.add(c.handle() + " (" + c.follows() + ")");
            }
            if (contributors.size() > NAMED) {
                int others = contributors.size() - NAMED;
                named.add(others + (others == 1 ? " other" : " others"));
            }
            text.append(
                    named.size() == 1
                            ? named.getFirst()
                            : String.join(", ", named.subList(0, named.size() - 1)) + " and " + named.getLast());
        }
        text.append(" (").append(totalFollows).append(" in all).");
        if (withdrawals > 0) {
            text.append(' ')
                    .append(capitalize(withdrawn(withdrawals, "a share")))
                    .append('.');
        }
        return text.toString();
    }

    private static String quietly(Duration quiet) {
        long hours = quiet.toHours();
        if (hours == 24) {
            return "a quiet day";
        }
        if (hours >= 1 && quiet.toMinutes() % 60 == 0) {
            return hours + (hours == 1 ? " quiet hour" : " quiet hours");
        }
        long minutes = Math.max(1, quiet.toMinutes());
        return minutes + (minutes == 1 ? " quiet minute" : " quiet minutes");
    }

    static String digest(
            Person sharer,
            Person subject,
            List<String> path,
            int newFollows,
            int withdrawals,
            int totalFollows,
            Duration window,
            List<String> sample,
            Integer milestone,
            Double minConfidence) {
        StringBuilder text = new StringBuilder();
        if (newFollows == 0) {
            text.append("Correction for your share of ")
                    .append(subject.handle())
                    .append(": ")
                    .append(withdrawn(withdrawals, "it"))
                    .append(" (")
                    .append(totalFollows)
                    .append(" in all).");
            return text.toString();
        }
        text.append(share(sharer, subject, path)).append(": ");
        if (newFollows == 1 && !sample.isEmpty()) {
            text.append(sample.getFirst()).append(" followed ").append(subject.handle());
        } else {
            text.append(newFollows)
                    .append(newFollows == 1 ? " person followed " : " people followed ")
                    .append(subject.handle())
                    .append(' ')
                    .append(within(window));
        }
        text.append(" (").append(totalFollows).append(" in all");
        if (milestone != null) {
            text.append(", past ").append(milestone);
        }
        text.append(").");
        text.append(uncertainty(newFollows, minConfidence));
        if (withdrawals > 0) {
            text.append(' ')
                    .append(capitalize(withdrawn(withdrawals, "your share")))
                    .append('.');
        }
        return text.toString();
    }

    /** "Your share of @subject", plus "reached A, B and C" when the sharer is upstream of the exposer. */
    private static String share(Person sharer, Person subject, List<String> path) {
        String text = "Your share of " + subject.handle();
        List<String> reached = downstream(sharer, path);
        if (reached.isEmpty()) {
            return text;
        }
        return text + " reached " + names(reached);
    }

    /** The handles on the path after the sharer's own share, each once. */
    static List<String> downstream(Person sharer, List<String> path) {
        int own = path.lastIndexOf(sharer.handle());
        if (own < 0) {
            return List.of();
        }
        Set<String> after = new LinkedHashSet<>(path.subList(own + 1, path.size()));
        after.remove(sharer.handle());
        return new ArrayList<>(after);
    }

    private static String names(List<String> handles) {
        if (handles.size() == 1) {
            return handles.getFirst();
        }
        if (handles.size() <= NAMED) {
            return String.join(", ", handles.subList(0, handles.size() - 1)) + " and " + handles.getLast();
        }
        int others = handles.size() - NAMED;
        return String.join(", ", handles.subList(0, NAMED)) + " and " + others + (others == 1 ? " other" : " others");
    }

    private static String withdrawn(int withdrawals, String what) {
        return withdrawals == 1
                ? "1 follow credited earlier is no longer attributed to " + what
                : withdrawals + " follows credited earlier are no longer attributed to " + what;
    }

    static String within(Duration window) {
        long seconds = window.toSeconds();
        if (seconds == 60) {
            return "within a minute";
        }
        if (seconds < 60) {
            return "within " + seconds + (seconds == 1 ? " second" : " seconds");
        }
        if (seconds % 3600 == 0) {
            long hours = seconds / 3600;
            return hours == 1 ? "within an hour" : "within " + hours + " hours";
        }
        long minutes = (seconds + 59) / 60;
        return "within " + minutes + " minutes";
    }

    private static String capitalize(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}

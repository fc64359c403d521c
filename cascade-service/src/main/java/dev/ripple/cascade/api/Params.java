package dev.ripple.cascade.api;

import dev.ripple.events.Refs;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Validates a request's parameters and collects every problem, so one 400 lists them all. Controllers declare their
 * parameters as strings (so binding never fails half-way) and convert them here; unknown and repeated parameters are
 * reported before the controller runs (see {@link KnownParameters}).
 */
final class Params {

    static final int MAX_TEXT = 512;
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final List<ApiProblem.InvalidParameter> invalid = new ArrayList<>();
    private final Set<String> reported = new HashSet<>();

    Params() {}

    Params(List<ApiProblem.InvalidParameter> alreadyInvalid) {
        alreadyInvalid.forEach(problem -> reject(problem.name(), problem.reason()));
    }

    void reject(String name, String reason) {
        if (reported.add(name)) {
            invalid.add(new ApiProblem.InvalidParameter(name, reason));
        }
    }

    boolean isInvalid(String name) {
        return reported.contains(name);
    }

    /** Throws one problem listing every invalid parameter, if there is any. */
    void validate() {
        if (!invalid.isEmpty()) {
            throw ApiProblem.invalid(invalid);
        }
    }

    /** Free text: no control characters (PostgreSQL rejects NUL), at most {@value #MAX_TEXT} characters. */
    String text(String name, String value) {
        if (value == null || isInvalid(name)) {
            return null;
        }
        if (value.isEmpty()) {
            reject(name, "must not be empty");
            return null;
        }
        if (value.length() > MAX_TEXT) {
            reject(name, "must be at most " + MAX_TEXT + " characters");
            return null;
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            reject(name, "must not contain control characters");
            return null;
        }
        return value;
    }

    /** An account ref, {@code <platform>:<authority>:<id>}. */
    String ref(String name, String value) {
        String text = text(name, value);
        if (text != null && !Refs.isValid(text)) {
            reject(name, "'" + text + "' is not an account ref (<platform>:<authority>:<id>)");
            return null;
        }
        return text;
    }

    /** A platform name: lower-case letters, digits and dashes. */
    String platform(String name, String value) {
        String text = text(name, value);
        if (text != null && !text.matches("[a-z][a-z0-9-]{0,31}")) {
            reject(name, "'" + text + "' is not a platform name (lower-case letters, digits and '-')");
            return null;
        }
        return text;
    }

    /** A whole number in {@code [min, max]}; {@code fallback} when absent. */
    Integer integer(String name, String value, int min, int max, Integer fallback) {
        if (value == null || isInvalid(name)) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed < min || parsed > max) {
                reject(name, "must be between " + min + " and " + max);
                return fallback;
            }
            return (int) parsed;
        } catch (NumberFormatException e) {
            reject(name, "'" + abbreviate(value) + "' is not a whole number");
            return fallback;
        }
    }

    /**
     * A point in time: ISO-8601 with an offset ({@code 2009-09-18T15:20:00Z}, {@code …+02:00}) or a date
     * ({@code 2009-09-18}, midnight UTC).
     */
    Instant instant(String name, String value) {
        if (value == null || isInvalid(name)) {
            return null;
        }
        String text = value.trim();
        Instant at;
        try {
            at = text.length() == 10
                    ? LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC)
                    : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            reject(
                    name,
                    "'" + abbreviate(value)
                            + "' is not an ISO-8601 time with an offset (2009-09-18T15:20:00Z) or a date (2009-09-18)");
            return null;
        }
        if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            reject(name, "must be between 1970-01-01 and 9999-12-31");
            return null;
        }
        return at;
    }

    /** One of the given values, case-insensitively; {@code fallback} when absent. */
    <E extends Enum<E>> E choice(String name, String value, Class<E> type, E fallback) {
        if (value == null || isInvalid(name)) {
            return fallback;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value.trim())) {
                return constant;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            allowed.add(constant.name().toLowerCase(Locale.ROOT));
        }
        reject(name, "'" + abbreviate(value) + "' is not one of " + String.join(", ", allowed));
        return fallback;
    }

    /** Checks that {@code from} is before {@code to} when both are given. */
    void range(String fromName, Instant from, String toName, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            reject(toName, "must be after " + fromName);
        }
    }

    /** A UUID path segment; an id that is not a UUID names nothing, so it is a 404, not a 400. */
    static UUID id(String what, String value) {
        try {
            if (value != null && value.length() == 36) {
                return UUID.fromString(value);
            }
        } catch (IllegalArgumentException e) {
            // falls through to not found
        }
        throw ApiProblem.notFound(what, value);
    }

    static String abbreviate(String value) {
        String printable = value.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return printable.length() <= 64 ? printable : printable.substring(0, 61) + "...";
    }
}

package dev.ripple.ingest.replay;

import java.util.regex.Pattern;

/** The replay speed: N × real time, 0 = as fast as possible. One parser for HTTP, the CLI and the settings. */
public final class ReplaySpeed {

    public static final String RULE = "a number >= 0 (N times real time; 0 = as fast as possible)";

    /** Plain decimals, optionally with an exponent ({@code Double.toString} writes {@code 1.0E-4}). */
    private static final Pattern DECIMAL =
            Pattern.compile("([0-9]{1,9}(\\.[0-9]{1,9})?|\\.[0-9]{1,9})([eE][+-]?[0-9]{1,3})?");

    private ReplaySpeed() {}

    /**
     * Parses a decimal such as {@code 0}, {@code 1}, {@code 2.5}, {@code 60} or {@code 1.0E-4}.
     *
     * @throws IllegalArgumentException naming the rule and the value, when it is not one
     */
    public static double parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (!DECIMAL.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("speed must be " + RULE + ", got '" + text + "'");
        }
        return check(Double.parseDouble(trimmed), text);
    }

    /** Returns the speed when it is valid, else throws {@link IllegalArgumentException}. */
    public static double check(double speed) {
        return check(speed, String.valueOf(speed));
    }

    private static double check(double speed, String text) {
        if (!(speed >= 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be " + RULE + ", got '" + text + "'");
        }
        return speed;
    }
}

package dev.ripple.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code --name value} options of one command; every option a command does not know is a usage error. */
final class Args {

    private final String command;
    private final Map<String, String> options;

    private Args(String command, Map<String, String> options) {
        this.command = command;
        this.options = options;
    }

    /** Parses {@code args} (without the command name), accepting only {@code known} option names. */
    static Args parse(String command, List<String> args, Set<String> known) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                problems.add("unexpected argument '" + arg + "'");
                continue;
            }
            String name;
            String value;
            int equals = arg.indexOf('=');
            if (equals > 0) {
                name = arg.substring(2, equals);
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size()) {
                name = arg.substring(2);
                value = args.get(++i);
            } else {
                problems.add("option --" + arg.substring(2) + " needs a value");
                continue;
            }
            if (!known.contains(name)) {
                problems.add("unknown option --" + name);
            } else if (options.putIfAbsent(name, value) != null) {
                problems.add("option --" + name + " given twice");
            }
        }
        if (!problems.isEmpty()) {
            throw new UsageException(command + ": " + String.join("; ", problems));
        }
        return new Args(command, options);
    }

    String required(String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new UsageException(command + ": missing --" + name);
        }
        return value;
    }

    String optional(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    Path path(String name) {
        return Path.of(required(name));
    }

    int port(String name) {
        int port = integer(name, required(name));
        if (port < 0 || port > 65535) {
            throw new UsageException(command + ": --" + name + " must be a port number (0-65535), was " + port);
        }
        return port;
    }

    double nonNegativeNumber(String name, double fallback) {
        String raw = options.get(name);
        if (raw == null) {
            return fallback;
        }
        try {
            double value = Double.parseDouble(raw);
            if (value < 0 || Double.isNaN(value) || Double.isInfinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " must be a number >= 0, was '" + raw + "'");
        }
    }

    Duration seconds(String name, Duration fallback) {
        String raw = options.get(name);
        if (raw == null) {
            return fallback;
        }
        int value = integer(name, raw);
        if (value < 0) {
            throw new UsageException(command + ": --" + name + " must be a number of seconds >= 0, was " + value);
        }
        return Duration.ofSeconds(value);
    }

    long longValue(String name, long fallback) {
        String raw = options.get(name);
        if (raw == null) {
            return fallback;
        }
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " must be a whole number, was '" + raw + "'");
        }
    }

    private int integer(String name, String raw) {
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " must be a whole number, was '" + raw + "'");
        }
    }

    /** A command line mistake: reported with the usage text and exit code 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}

package dev.ripple.ingest.cli;

import dev.ripple.ingest.replay.ReplayInput;
import dev.ripple.ingest.replay.ReplayReport;
import dev.ripple.ingest.replay.ReplaySpeed;
import dev.ripple.ingest.replay.ReplayStatus;
import dev.ripple.ingest.replay.Replays;
import io.micronaut.context.ApplicationContext;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code replay FILE [--speed N]}: replays one scenario file to Kafka without starting the HTTP server, prints the
 * report and returns the exit code: 0 when every valid event was published (rejected lines are reported, not fatal),
 * 1 when events could not be published (or the service could not start: bad setting, Kafka unreachable), 2 on usage
 * errors. Settings come from the environment and application.yml, as for the service.
 */
public final class ReplayCommand {

    public static final String NAME = "replay";
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    static final String USAGE_TEXT = """
            usage: java -jar ingest-service.jar replay FILE [--speed N]
              FILE        a scenario: JSON Lines, one event per line (scenarios/README.md)
              --speed N   N times real time, e.g. 1, 60, 0.5; 0 (the default) = as fast as possible
            Kafka and topic settings come from the environment (RIPPLE_KAFKA_BOOTSTRAP_SERVERS, ...).
            Exit status: 0 published, 1 could not publish, 2 usage error.""";

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, Object> properties;

    /**
     * @param properties settings that take precedence over the environment (tests point these at their broker)
     */
    public ReplayCommand(PrintStream out, PrintStream err, Map<String, Object> properties) {
        this.out = out;
        this.err = err;
        this.properties = Map.copyOf(properties);
    }

    /** Runs the command with the arguments after {@code replay}. */
    public int run(String... args) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("replay: " + e.getMessage());
            err.println(USAGE_TEXT);
            return USAGE;
        }
        if (arguments.help()) {
            out.println(USAGE_TEXT);
            return OK;
        }
        Path file = arguments.file();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            err.println("replay: " + file + " is not a readable file");
            err.println(USAGE_TEXT);
            return USAGE;
        }
        ReplayReport report;
        try (ApplicationContext context =
                ApplicationContext.builder().properties(properties).start()) {
            report = context.getBean(Replays.class).run(ReplayInput.of(file), arguments.speed());
        } catch (RuntimeException e) {
            err.println("replay: ingest-service could not start, nothing was published:");
            causes(e).forEach(err::println);
            return FAILED;
        }
        print(report);
        return report.status() == ReplayStatus.COMPLETED ? OK : FAILED;
    }

    private void print(ReplayReport report) {
        report.rejections()
                .forEach(rejection -> out.println("line " + rejection.line() + ": rejected: " + rejection.reason()));
        long unlisted = report.rejected() - report.rejections().size();
        if (unlisted > 0) {
            out.println("(" + unlisted + " more rejected lines not listed)");
        }
        ReplayReport.Published published = report.published();
        out.println("replay " + report.id() + " of " + report.input() + " at speed " + report.speed() + ": "
                + report.status());
        out.println("lines read:  " + report.linesRead());
        out.println("published:   " + published.total() + " (" + published.share() + " shares, " + published.follow()
                + " follows, " + published.following() + " following snapshots)");
        out.println("rejected:    " + report.rejected());
        out.println("duplicates:  " + report.duplicates());
        out.println("failed:      " + report.failed());
        if (report.finishedAt() != null) {
            out.println("took:        " + seconds(Duration.between(report.startedAt(), report.finishedAt())));
        }
        if (report.error() != null) {
            out.println("error:       " + report.error());
        }
    }

    /** The messages of an exception and its causes, each once: Micronaut puts the one that matters deepest. */
    private static List<String> causes(Throwable failure) {
        Set<String> messages = new LinkedHashSet<>();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null) {
                messages.add(cause.getMessage().strip());
            }
        }
        return List.copyOf(messages);
    }

    private static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.3f s", duration.toMillis() / 1000.0);
    }

    record Arguments(Path file, double speed, boolean help) {

        static Arguments parse(String... args) {
            Path file = null;
            Double speed = null;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("-h") || arg.equals("--help")) {
                    return new Arguments(null, 0, true);
                } else if (arg.equals("--speed") || arg.startsWith("--speed=")) {
                    if (speed != null) {
                        throw new IllegalArgumentException("--speed given twice");
                    }
                    String value;
                    if (arg.equals("--speed")) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException("--speed needs a value");
                        }
                        value = args[++i];
                    } else {
                        value = arg.substring("--speed=".length());
                    }
                    speed = ReplaySpeed.parse(value);
                } else if (arg.startsWith("-")) {
                    throw new IllegalArgumentException("unknown option " + arg);
                } else if (file != null) {
                    throw new IllegalArgumentException("one FILE only, got " + file + " and " + arg);
                } else {
                    file = Path.of(arg);
                }
            }
            if (file == null) {
                throw new IllegalArgumentException("FILE is missing");
            }
            return new Arguments(file, speed == null ? 0 : speed, false);
        }
    }
}

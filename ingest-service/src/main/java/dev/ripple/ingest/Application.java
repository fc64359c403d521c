package dev.ripple.ingest;

import dev.ripple.ingest.cli.ReplayCommand;
import io.micronaut.runtime.Micronaut;
import java.util.Arrays;
import java.util.Map;

/**
 * ingest-service: {@code java -jar ingest-service.jar} runs the HTTP service; {@code java -jar ingest-service.jar
 * replay FILE [--speed N]} replays one scenario file to Kafka and exits.
 */
public final class Application {

    private Application() {}

    public static void main(String[] args) {
        if (args.length > 0 && ReplayCommand.NAME.equals(args[0])) {
            // Before the first logger exists: the report goes to stdout, logs to stderr.
            System.setProperty("ripple.log.target", "System.err");
            ReplayCommand command = new ReplayCommand(System.out, System.err, Map.of());
            System.exit(command.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }
}

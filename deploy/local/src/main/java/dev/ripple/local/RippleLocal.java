package dev.ripple.local;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar ripple-local.jar COMMAND [--option value …]}: the pieces of {@code ./ripple} that are easier and
 * safer in Java than in bash (HTTP, JSON, JDBC, signature checks). Exit codes: 0 done, 1 failed, 2 usage error.
 */
public final class RippleLocal {

    static final String USAGE = """
            usage: java -jar ripple-local.jar COMMAND [--option value ...]

              sink       --port P --secret-file F [--bind 127.0.0.1]
                         receive webhooks on POST /webhooks, verify each Standard Webhooks signature with the secret in F
                         (read on every request), print each alert, list deliveries on GET /_log
              subscribe  --notify URL --url WEBHOOK_URL --secret-file F [--id-file F] [--wait SECONDS]
                         [--api-key-file F] [--min-confidence C] [--event-types a,b,...]
                         subscribe WEBHOOK_URL at notify-service and write the returned secret to F (mode 600);
                         the subscription recorded in --id-file is deleted first
              replay     --ingest URL --file F [--speed N] [--timeout SECONDS]
                         replay a scenario file through ingest-service, print rejected lines and totals
              summary    --sink URL --since EPOCH_MILLIS --cascade URL [--quiet SECONDS] [--timeout SECONDS]
                         wait until the sink is quiet, then summarise the alerts it received
              init-db    --url JDBC_URL --user U [--password P] --role R --role-password P --databases a,b
                         create the login role and the databases (owned by it) when missing
            """;

    private RippleLocal() {}

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || Set.of("help", "--help", "-h").contains(args[0])) {
            (args.length == 0 ? err : out).print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String command = args[0];
        List<String> options = Arrays.asList(args).subList(1, args.length);
        try {
            return switch (command) {
                case "sink" -> sink(Args.parse(command, options, Set.of("port", "secret-file", "bind")), out);
                case "subscribe" ->
                    subscribe(
                            Args.parse(
                                    command,
                                    options,
                                    Set.of(
                                            "notify",
                                            "url",
                                            "secret-file",
                                            "id-file",
                                            "wait",
                                            "api-key-file",
                                            "min-confidence",
                                            "event-types")),
                            out);
                case "replay" ->
                    replay(Args.parse(command, options, Set.of("ingest", "file", "speed", "timeout")), out);
                case "summary" ->
                    summary(Args.parse(command, options, Set.of("sink", "since", "cascade", "quiet", "timeout")), out);
                case "init-db" ->
                    initDb(
                            Args.parse(
                                    command,
                                    options,
                                    Set.of("url", "user", "password", "role", "role-password", "databases")),
                            out);
                default -> throw new Args.UsageException("unknown command '" + command + "'");
            };
        } catch (Args.UsageException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (CommandFailure | SQLException | java.io.UncheckedIOException e) {
            err.println(command + ": " + e.getMessage());
            return 1;
        } catch (java.io.IOException e) {
            err.println(command + ": " + e);
            return 1;
        }
    }

    private static int sink(Args args, PrintStream out) throws java.io.IOException {
        Path secretFile = args.path("secret-file");
        InetSocketAddress address = new InetSocketAddress(args.optional("bind", "127.0.0.1"), args.port("port"));
        WebhookSink sink = WebhookSink.start(
                address, secretFile, out, new AlertFormatter(ZoneId.systemDefault()), Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            sink.close();
                            stopped.countDown();
                        },
                        "sink-stop"));
        out.println("Webhook sink listening on http://" + address.getHostString() + ":" + sink.port()
                + WebhookSink.WEBHOOK_PATH + " (secret read from " + secretFile + "; deliveries on GET "
                + WebhookSink.LOG_PATH + ")");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static int subscribe(Args args, PrintStream out) {
        String idFile = args.optional("id-file", null);
        String keyFile = args.optional("api-key-file", null);
        String apiKey = null;
        if (keyFile != null) {
            try {
                apiKey = java.nio.file.Files.readString(Path.of(keyFile)).strip();
            } catch (java.io.IOException e) {
                throw new CommandFailure("cannot read the API key from " + keyFile + ": " + e.getMessage());
            }
        }
        String confidence = args.optional("min-confidence", null);
        Double minConfidence;
        try {
            minConfidence = confidence == null ? null : Double.valueOf(confidence);
        } catch (NumberFormatException e) {
            throw new Args.UsageException(
                    "--min-confidence must be a number between 0 and 1, was '" + confidence + "'");
        }
        String types = args.optional("event-types", "");
        List<String> eventTypes = Arrays.stream(types.split(","))
                .map(String::strip)
                .filter(type -> !type.isEmpty())
                .toList();
        new Subscriber(new Http(), out)
                .subscribe(
                        uri(args, "notify"),
                        uri(args, "url"),
                        args.path("secret-file"),
                        idFile == null ? null : Path.of(idFile),
                        args.seconds("wait", Duration.ofSeconds(30)),
                        new Subscriber.Options(apiKey, minConfidence, eventTypes));
        return 0;
    }

    private static int replay(Args args, PrintStream out) {
        return new ReplayClient(new Http(), out, Clock.systemUTC(), Duration.ofMillis(500), Duration.ofSeconds(10))
                .replay(
                        uri(args, "ingest"),
                        args.path("file"),
                        args.nonNegativeNumber("speed", 0),
                        args.seconds("timeout", Duration.ZERO));
    }

    private static int summary(Args args, PrintStream out) {
        return new DemoSummary(new Http(), out, Clock.systemUTC(), Duration.ofMillis(500))
                .await(
                        uri(args, "sink"),
                        Instant.ofEpochMilli(args.longValue("since", System.currentTimeMillis())),
                        args.seconds("quiet", Duration.ofSeconds(8)),
                        args.seconds("timeout", Duration.ofSeconds(180)),
                        uri(args, "cascade"));
    }

    private static int initDb(Args args, PrintStream out) throws SQLException {
        List<String> databases = Arrays.stream(args.required("databases").split(","))
                .map(String::strip)
                .filter(name -> !name.isEmpty())
                .toList();
        new DatabaseInit(out)
                .run(
                        args.required("url"),
                        args.required("user"),
                        args.optional("password", ""),
                        args.required("role"),
                        args.required("role-password"),
                        databases);
        return 0;
    }

    private static URI uri(Args args, String name) {
        String raw = args.required(name);
        try {
            URI uri = URI.create(raw);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("not absolute");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("--" + name + " must be an absolute http URL, was '" + raw + "'");
        }
    }
}

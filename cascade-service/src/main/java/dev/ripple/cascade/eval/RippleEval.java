package dev.ripple.cascade.eval;

import dev.ripple.cascade.correlation.Calibration;
import dev.ripple.cascade.correlation.CorrelationSettings;
import dev.ripple.cascade.correlation.Correlator;
import dev.ripple.cascade.correlation.Isotonic;
import dev.ripple.cascade.correlation.LogisticFit;
import dev.ripple.cascade.correlation.LogisticModel;
import dev.ripple.cascade.correlation.ParentRule;
import dev.ripple.events.AttributionTier;
import dev.ripple.events.EventJson;
import dev.ripple.events.FollowObserved;
import dev.ripple.events.FollowingObserved;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.ShareObserved;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ripple-eval}: replays data sets through the real correlation code and prints the metrics of cascades.md §4;
 * fits the calibration; writes generated data sets in the scenario format. See docs/evaluation.md.
 *
 * <pre>
 * ripple-eval run [--data generated,weibo,pheme] [--datasets DIR] [--seed N] [--calibration FILE|none]
 * ripple-eval fit --out FILE [--seed N]
 * ripple-eval generate --out FILE.jsonl --truth FILE.json [--seed N] [--snapshots full|partial|none]
 * </pre>
 */
public final class RippleEval {

    private final PrintStream out;

    RippleEval(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        System.exit(new RippleEval(System.out).execute(args));
    }

    int execute(String[] args) throws IOException {
        if (args.length == 0 || args[0].equals("--help")) {
            usage();
            return args.length == 0 ? 2 : 0;
        }
        Map<String, String> options = options(args);
        if (options == null) {
            usage();
            return 2;
        }
        long seed = Long.parseLong(options.getOrDefault("seed", "1"));
        return switch (args[0]) {
            case "run" -> run(options, seed);
            case "fit" -> fit(options, seed);
            case "generate" -> generate(options, seed);
            default -> {
                usage();
                yield 2;
            }
        };
    }

    private int run(Map<String, String> options, long seed) throws IOException {
        Calibration calibration = calibration(options.getOrDefault("calibration", ""));
        Correlator correlator = new Correlator(CorrelationSettings.DEFAULTS, calibration);
        out.printf("ripple-eval: calibration %s%n", calibration.version());
        for (String data : options.getOrDefault("data", "generated,weibo,pheme").split(",")) {
            switch (data.trim()) {
                case "generated" -> {
                    for (Generator.Snapshots mode : Generator.Snapshots.values()) {
                        // Held out: other seeds than `fit` uses.
                        int worlds = Integer.parseInt(options.getOrDefault("worlds", "4"));
                        List<Dataset> parts = new ArrayList<>();
                        for (long world = seed + 1000; world < seed + 1000 + worlds; world++) {
                            parts.add(new Generator(
                                            Generator.Settings.evaluation(world).withSnapshots(mode))
                                    .generate());
                        }
                        Dataset dataset = Dataset.concat(
                                "generated (" + worlds + " worlds, seeds " + (seed + 1000) + ".."
                                        + (seed + 999 + worlds) + ", snapshots " + mode + ")",
                                parts);
                        print(Evaluation.run(dataset, correlator, true));
                    }
                }
                case "weibo" -> {
                    Path file = datasets(options).resolve("weibo_casflow_sample/dataset.txt");
                    Dataset explicit = Weibo.load(file, true);
                    print(Evaluation.run(explicit, correlator, false));
                    Dataset flat = Weibo.load(file, false);
                    print(Evaluation.run(flat, correlator, false));
                    out.printf(
                            Locale.ROOT,
                            "  baselines on the same reposts: always-root %.1f %%, most recent earlier adopter "
                                    + "(no graph) %.1f %%%n%n",
                            100 * Weibo.rootShare(flat),
                            100 * Weibo.mostRecentAdopterAccuracy(flat));
                }
                case "pheme" -> {
                    Path dir = datasets(options).resolve("pheme_ebola_egeorg02");
                    print(Evaluation.run(
                            Pheme.load(
                                    dir.resolve("ebola-essien.csv"), dir.resolve("ebola-essien_who-follows-whom.dat")),
                            correlator,
                            false));
                }
                default -> {
                    out.println("unknown data set: " + data);
                    return 2;
                }
            }
        }
        return 0;
    }

    /** Fits the follow and parent models on generated data (full snapshots, seed N) and writes them as JSON. */
    private int fit(Map<String, String> options, long seed) throws IOException {
        String target = options.get("out");
        if (target == null) {
            usage();
            return 2;
        }
        Correlator uncalibrated = new Correlator(CorrelationSettings.DEFAULTS, Calibration.UNCALIBRATED);
        int worlds = Integer.parseInt(options.getOrDefault("worlds", "8"));
        // The logistic models learn from the first half of the worlds; the isotonic corrections, which reshape the
        // models' outputs where the logistic form is too stiff, from the second half.
        List<LogisticFit.Example> follows = new ArrayList<>();
        List<LogisticFit.Example> parents = new ArrayList<>();
        List<LogisticFit.Example> followsHeldOut = new ArrayList<>();
        List<LogisticFit.Example> parentsHeldOut = new ArrayList<>();
        List<Generator.Snapshots> modes = modes(options.getOrDefault("snapshots", "full,partial,none"));
        for (long world = seed; world < seed + worlds; world++) {
            boolean firstHalf = world < seed + (worlds + 1) / 2;
            for (Generator.Snapshots mode : modes) {
                Dataset training =
                        new Generator(Generator.Settings.evaluation(world).withSnapshots(mode)).generate();
                Evaluation.Report report = Evaluation.run(training, uncalibrated, false);
                (firstHalf ? follows : followsHeldOut).addAll(report.followExamples());
                (firstHalf ? parents : parentsHeldOut).addAll(report.parentExamples());
            }
        }
        LogisticModel followModel = LogisticFit.fit(follows, 1.0);
        LogisticModel parentModel = LogisticFit.fit(parents, 1.0);
        Isotonic followShape = Isotonic.fit(followsHeldOut.stream()
                .map(e -> new double[] {followModel.predict(e.features()), e.correct() ? 1 : 0})
                .toList());
        Isotonic parentShape = Isotonic.fit(parentsHeldOut.stream()
                .map(e -> new double[] {parentModel.predict(e.features()), e.correct() ? 1 : 0})
                .toList());
        String version = "platt-isotonic-"
                + Integer.toHexString(followModel.weights().hashCode() * 31
                        + parentModel.weights().hashCode()
                        + followShape.hashCode())
                + "-seeds" + seed + "-" + (seed + worlds - 1);
        ObjectNode json = EventJson.mapper().createObjectNode();
        json.put("version", version);
        json.put(
                "fittedOn",
                "generated data, seed " + seed + ", full/partial/no snapshots: " + follows.size()
                        + " follow decisions, " + parents.size() + " parent decisions");
        json.putPOJO("follows", new LinkedHashMap<>(followModel.weights()));
        json.putPOJO("parents", new LinkedHashMap<>(parentModel.weights()));
        Path path = Path.of(target);
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        Files.writeString(
                path, EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
        out.printf(
                "wrote %s (%s) from %d follow and %d parent decisions%n",
                path, version, follows.size(), parents.size());
        return 0;
    }

    private int generate(Map<String, String> options, long seed) throws IOException {
        String events = options.get("out");
        String truthFile = options.get("truth");
        if (events == null || truthFile == null) {
            usage();
            return 2;
        }
        Generator.Snapshots mode = Generator.Snapshots.valueOf(
                options.getOrDefault("snapshots", "full").toUpperCase(Locale.ROOT));
        Dataset dataset = new Generator(Generator.Settings.defaults(seed).withSnapshots(mode)).generate();
        try (Writer writer = Files.newBufferedWriter(Path.of(events), StandardCharsets.UTF_8)) {
            for (RippleEvent event : dataset.events()) {
                ObjectNode line = EventJson.mapper().valueToTree(event);
                ObjectNode typed = EventJson.mapper().createObjectNode();
                typed.put(
                        "type",
                        switch (event) {
                            case ShareObserved ignored -> "share";
                            case FollowObserved ignored -> "follow";
                            case FollowingObserved ignored -> "following";
                            default -> throw new IllegalStateException("unexpected " + event);
                        });
                typed.setAll(line);
                writer.write(EventJson.mapper().writeValueAsString(typed));
                writer.write('\n');
            }
        }
        Files.writeString(
                Path.of(truthFile),
                EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(dataset.truth()));
        out.printf(
                "wrote %d events to %s and the truth to %s%n", dataset.events().size(), events, truthFile);
        return 0;
    }

    private void print(Evaluation.Report r) {
        out.printf("== %s ==%n", r.dataset());
        out.printf(
                Locale.ROOT,
                "shares %d (with truth %d): parent accuracy %s, edge precision %s, recall %s; structural virality "
                        + "error %.3f (mean abs, %d cascades; true ν median %.2f, max %.2f)%n",
                r.shares(),
                r.sharesWithTruth(),
                pct(r.parentAccuracy()),
                pct(r.edgePrecision()),
                pct(r.edgeRecall()),
                r.viralityError(),
                r.cascadesCompared(),
                r.trueViralityMedian(),
                r.trueViralityMax());
        out.println("  rule             coverage   accuracy   shares  with truth");
        for (Map.Entry<ParentRule, double[]> rule : r.perRule().entrySet()) {
            double[] v = rule.getValue();
            out.printf(
                    Locale.ROOT, "  %-16s %8s %10s %8d %10d%n", rule.getKey(), pct(v[0]), pct(v[1]), (long) v[2], (long)
                            v[3]);
        }
        if (r.follows() > 0) {
            out.printf(
                    Locale.ROOT,
                    "follows %d (with a true cause %d): precision %s, recall %s, placebo rate %s%n",
                    r.follows(),
                    r.followsWithCause(),
                    pct(r.followPrecision()),
                    pct(r.followRecall()),
                    pct(r.placeboRate()));
            out.printf(
                    Locale.ROOT,
                    "  credit to the right cascade: precision %s, recall %s%n",
                    pct(r.cascadePrecision()),
                    pct(r.cascadeRecall()));
            double[] t = r.atThreshold();
            out.printf(
                    Locale.ROOT,
                    "  at confidence ≥ %.1f: exposure precision %s, recall %s; cascade precision %s, recall %s%n",
                    t[0],
                    pct(t[1]),
                    pct(t[2]),
                    pct(t[3]),
                    pct(t[4]));
            StringBuilder tiers = new StringBuilder("  coverage per tier:");
            for (Map.Entry<AttributionTier, Integer> tier : r.followTiers().entrySet()) {
                tiers.append(String.format(
                        Locale.ROOT, " %s %s", tier.getKey(), pct((double) tier.getValue() / r.follows())));
            }
            out.println(tiers);
            Evaluation.Calibrated c = r.calibration();
            out.printf(
                    Locale.ROOT,
                    "  calibration (attributed follows, n=%d): ECE %.3f, Brier %.3f%n",
                    c.n(),
                    c.ece(),
                    c.brier());
            out.println("    bin          mean conf  accuracy       n");
            for (double[] bin : c.reliability()) {
                out.printf(Locale.ROOT, "    [%.1f, %.1f)   %8.3f %9.3f %7d%n", bin[0], bin[1], bin[2], bin[3], (long)
                        bin[4]);
            }
        }
        out.println();
    }

    private static String pct(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.1f %%", 100 * value);
    }

    private static Calibration calibration(String location) throws IOException {
        if (location.isBlank() || location.equals("none")) {
            if (location.isBlank()) {
                try (var in = RippleEval.class.getResourceAsStream("/calibration/model.json")) {
                    if (in != null) {
                        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
            return Calibration.UNCALIBRATED;
        }
        return parse(Files.readString(Path.of(location)));
    }

    static Calibration parse(String json) {
        return CalibrationFile.parse(json);
    }

    private static List<Generator.Snapshots> modes(String list) {
        List<Generator.Snapshots> modes = new ArrayList<>();
        for (String mode : list.split(",")) {
            modes.add(Generator.Snapshots.valueOf(mode.trim().toUpperCase(Locale.ROOT)));
        }
        return modes;
    }

    private static Path datasets(Map<String, String> options) {
        return Path.of(options.getOrDefault("datasets", "../shared/datasets"));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                return null;
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private void usage() {
        out.println("""
                usage: ripple-eval run [--data generated,weibo,pheme] [--datasets DIR] [--seed N] [--calibration FILE|none]
                       ripple-eval fit --out FILE [--seed N] [--worlds K] [--snapshots full,partial,none]
                       ripple-eval generate --out FILE.jsonl --truth FILE.json [--seed N] [--snapshots full|partial|none]""");
    }
}

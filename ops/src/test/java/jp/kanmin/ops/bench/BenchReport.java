package jp.kanmin.ops.bench;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Figures of one benchmark run, each beside the baseline measured in the same run: these machines are shared and
 * noisy, so a ratio to a baseline means more than an absolute number. A figure an issue names as its acceptance line
 * carries its {@link Threshold} and is printed PASS or FAIL. Printed as a table and saved as JSON.
 */
public final class BenchReport {

    /** One measured figure; {@code baseline} and {@code threshold} are null where none applies. */
    public record Figure(String scenario, String metric, double value, String unit, String baseline,
                         Double baselineValue, String note, Threshold threshold) {

        public Double ratio() {
            return baselineValue == null || baselineValue == 0 ? null : value / baselineValue;
        }

        /** PASS or FAIL against the threshold, null when the figure has none. */
        public String verdict() {
            return threshold == null ? null : threshold.holds(this) ? "PASS" : "FAIL";
        }
    }

    /**
     * An acceptance line: the figure's value (or its ratio to the baseline) at least or at most {@code limit}.
     * A ratio with no baseline fails: a figure that could not be compared has not shown anything.
     */
    public record Threshold(boolean onRatio, boolean atMost, double limit) {

        public static Threshold atLeast(double limit) {
            return new Threshold(false, false, limit);
        }

        public static Threshold atMost(double limit) {
            return new Threshold(false, true, limit);
        }

        public static Threshold ratioAtLeast(double limit) {
            return new Threshold(true, false, limit);
        }

        public static Threshold ratioAtMost(double limit) {
            return new Threshold(true, true, limit);
        }

        boolean holds(Figure figure) {
            Double measured = onRatio ? figure.ratio() : Double.valueOf(figure.value());
            return measured != null && (atMost ? measured <= limit : measured >= limit);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, Math.abs(limit) >= 10 ? "%s %s %.0f" : "%s %s %.2f",
                                 onRatio ? "ratio" : "value", atMost ? "≤" : "≥", limit);
        }
    }

    private final String store;
    private final List<Figure> figures = new ArrayList<>();
    private final Instant started = Instant.now();

    public BenchReport(String store) {
        this.store = store;
    }

    public Figure add(String scenario, String metric, double value, String unit, String baseline,
                      Double baselineValue, String note) {
        return check(scenario, metric, value, unit, baseline, baselineValue, note, null);
    }

    /** A figure with its acceptance line. */
    public Figure check(String scenario, String metric, double value, String unit, String baseline,
                        Double baselineValue, String note, Threshold threshold) {
        Figure figure = new Figure(scenario, metric, value, unit, baseline, baselineValue, note, threshold);
        figures.add(figure);
        System.out.println("  " + line(figure));
        return figure;
    }

    public Figure add(String scenario, String metric, double value, String unit) {
        return add(scenario, metric, value, unit, null, null, null);
    }

    public List<Figure> figures() {
        return List.copyOf(figures);
    }

    public String table() {
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%-28s %-34s %14s %-8s %-30s %14s %8s %-14s %-4s%n", "scenario",
                                   "metric", "value", "unit", "baseline", "baseline", "ratio", "threshold", ""));
        for (Figure figure : figures) {
            table.append(line(figure)).append('\n');
        }
        List<Figure> checked = figures.stream().filter(f -> f.threshold() != null).toList();
        if (!checked.isEmpty()) {
            long failed = checked.stream().filter(f -> f.verdict().equals("FAIL")).count();
            table.append(String.format(Locale.ROOT, "%nAcceptance lines: %d PASS, %d FAIL%n", checked.size() - failed,
                                       failed));
        }
        return table.toString();
    }

    private static String line(Figure f) {
        return String.format(Locale.ROOT, "%-28s %-34s %14.2f %-8s %-30s %14s %8s %-14s %-4s", f.scenario(),
                             f.metric(), f.value(), f.unit(), f.baseline() == null ? "" : f.baseline(),
                             f.baselineValue() == null ? "" : String.format(Locale.ROOT, "%.1f", f.baselineValue()),
                             f.ratio() == null ? "" : String.format(Locale.ROOT, "%.2f", f.ratio()),
                             f.threshold() == null ? "" : f.threshold(), f.verdict() == null ? "" : f.verdict())
                     + (f.note() == null ? "" : "  " + f.note());
    }

    /** Writes {@code <directory>/bench-<time>.json} with machine, commit, store and every figure. */
    public Path writeJson(Path directory) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("started", started.toString());
        json.put("finished", Instant.now().toString());
        json.put("commit", commit());
        json.put("store", store);
        json.put("machine", machine());
        json.put("figures", figures.stream().map(f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("scenario", f.scenario());
            m.put("metric", f.metric());
            m.put("value", f.value());
            m.put("unit", f.unit());
            m.put("baseline", f.baseline());
            m.put("baselineValue", f.baselineValue());
            m.put("ratio", f.ratio());
            m.put("note", f.note());
            m.put("threshold", f.threshold() == null ? null : f.threshold().toString());
            m.put("verdict", f.verdict());
            return m;
        }).toList());
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve("bench-" + started.toString().replace(':', '-') + ".json");
            Files.writeString(file, JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                                              .writeValueAsString(json));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            machine.put("memoryMiB", sun.getTotalMemorySize() / (1024 * 1024));
        }
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        return machine;
    }

    static String commit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes()).trim();
            return git.waitFor() == 0 ? out : "unknown";
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }
}

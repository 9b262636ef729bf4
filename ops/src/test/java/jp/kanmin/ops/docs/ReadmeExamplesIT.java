package jp.kanmin.ops.docs;

import jp.kanmin.ops.testing.ApplicationProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's examples run: every {@code curl} of its tour and of the guides that continue it ({@link #GUIDES}) is
 * executed, in order and in one shell (so the variables each sets carry on), against the packaged application started as a newcomer would (embedded
 * store, sample exercise, tokens in {@code data/tokens.txt}). Each must answer 2xx, or 4xx where the comment before it
 * says the request is a bad one. Commands with placeholders the reader fills in ({@code …}, {@code {exchangeId}},
 * {@code <…>}) are skipped and counted; the test fails if too many are.
 */
class ReadmeExamplesIT {

    /** Sections that are not walk-throughs: building, deploying, restoring into an empty store, benchmarks. */
    static final List<String> NOT_RUN = List.of("Running in production", "Backup and restore", "Performance");
    /** The guides under {@code ops/docs} whose examples continue the README's tour, in the order they build on it. */
    static final List<String> GUIDES = List.of("organisations-and-access.md", "plans-and-tasks.md",
                                               "reports-and-damage.md", "exchange-and-support.md", "api-guide.md",
                                               "review-and-exercises.md");
    static final Pattern PLACEHOLDER = Pattern.compile("…|\\{[a-zA-Z]+}|<[^>]*>|\\.\\.\\.");

    @TempDir
    static Path work;
    static ApplicationProcess app;

    @BeforeAll
    static void start() {
        app = ApplicationProcess.start(work.resolve("data"), "readme");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    record Example(String section, String expectation, String command) {
    }

    @Test
    void everyWalkThroughCommandOfTheReadmeAnswersAsItsCommentSays() throws Exception {
        StringBuilder walkThrough = new StringBuilder(Files.readString(Path.of("..", "README.md")));
        for (String guide : GUIDES) {
            walkThrough.append('\n').append(Files.readString(Path.of("docs", guide)));
        }
        List<Example> examples = examples(walkThrough.toString());
        List<Example> run = examples.stream().filter(e -> !PLACEHOLDER.matcher(e.command()).find()).toList();
        assertThat(run.size()).as("runnable examples (skipped: %s)", examples.size() - run.size())
                              .isGreaterThanOrEqualTo(25);

        Path statuses = work.resolve("statuses.log");
        StringBuilder script = new StringBuilder("""
                cd "$WORK"
                curl() { command curl --max-time 5 -w '%{stderr}@@STATUS %{http_code} %{url_effective}\\n' "$@" \
                  2>>"$STATUSES"; }
                """);
        for (int i = 0; i < run.size(); i++) {
            script.append("echo '@@EXAMPLE ").append(i).append("' >>\"$STATUSES\"\n")
                  .append(run.get(i).command().replace("localhost:8080", "localhost:" + app.port())).append('\n');
        }
        Path file = work.resolve("readme.sh");
        Files.writeString(file, script);
        Path output = Path.of("target", "readme-examples.log").toAbsolutePath();
        ProcessBuilder withEnv = new ProcessBuilder("bash", "-x", file.toString());
        withEnv.environment().put("WORK", work.toString());
        withEnv.environment().put("STATUSES", statuses.toString());
        Process shell = withEnv.redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(shell.waitFor(5, TimeUnit.MINUTES)).as("the examples finish").isTrue();

        Map<Integer, List<Integer>> answers = answers(Files.readAllLines(statuses, StandardCharsets.UTF_8));
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < run.size(); i++) {
            Example example = run.get(i);
            List<Integer> codes = answers.getOrDefault(i, List.of());
            if (codes.isEmpty() && !example.command().contains("curl")) {
                continue; // an assignment that sends nothing
            }
            boolean expectRefusal = example.expectation().matches("(?is).*(bad request|refused|is refused).*");
            boolean ok = !codes.isEmpty() && codes.stream().allMatch(code -> expectRefusal
                    ? code >= 400 && code < 500 : code >= 200 && code < 300);
            if (!ok) {
                wrong.add("[" + example.section() + "] " + example.command() + " → " + codes);
            }
        }
        assertThat(wrong).as("examples of the README and its guides that did not answer as described (the run: %s)", output).isEmpty();
    }

    /** Each command of each bash block, with the comment lines just before it and its section. */
    static List<Example> examples(String readme) {
        List<Example> examples = new ArrayList<>();
        String section = "";
        boolean inBlock = false;
        boolean firstBlock = true;
        StringBuilder comment = new StringBuilder();
        StringBuilder command = new StringBuilder();
        for (String line : readme.split("\n")) {
            if (!inBlock && line.startsWith("#")) {
                section = line.replaceFirst("^#+\\s*", "");
                continue;
            }
            if (line.startsWith("```bash")) {
                inBlock = true;
                continue;
            }
            if (inBlock && line.startsWith("```")) {
                inBlock = false;
                firstBlock = false;
                comment.setLength(0);
                continue;
            }
            if (!inBlock || firstBlock || NOT_RUN.stream().anyMatch(section::startsWith)) {
                continue;
            }
            String trimmed = line.strip();
            if (trimmed.startsWith("#")) {
                comment.append(trimmed).append(' ');
                continue;
            }
            if (trimmed.isEmpty()) {
                continue;
            }
            command.append(command.isEmpty() ? "" : "\n").append(line);
            if (!trimmed.endsWith("\\") && balancedQuotes(command.toString())) {
                String whole = command.toString();
                if (whole.contains("curl") || whole.matches("(?s)[A-Z_]+=.*")) {
                    examples.add(new Example(section, comment.toString(), stripTrailingComment(whole)));
                }
                command.setLength(0);
                comment.setLength(0);
            }
        }
        return examples;
    }

    private static boolean balancedQuotes(String command) {
        return command.chars().filter(c -> c == '\'').count() % 2 == 0;
    }

    /** A comment after the command on its last line ("# → 201 …") explains it; the shell need not see it. */
    private static String stripTrailingComment(String command) {
        int newline = command.lastIndexOf('\n');
        String last = command.substring(newline + 1);
        Matcher comment = Pattern.compile("\\s+#\\s[^'\"]*$").matcher(last);
        return comment.find() ? command.substring(0, newline + 1) + last.substring(0, comment.start()) : command;
    }

    private static Map<Integer, List<Integer>> answers(List<String> lines) {
        Map<Integer, List<Integer>> answers = new LinkedHashMap<>();
        int current = -1;
        for (String line : lines) {
            if (line.startsWith("@@EXAMPLE ")) {
                current = Integer.parseInt(line.substring(10).strip());
                answers.put(current, new ArrayList<>());
            } else if (line.startsWith("@@STATUS ") && current >= 0) {
                answers.get(current).add(Integer.parseInt(line.split(" ")[1]));
            }
        }
        return answers;
    }

}

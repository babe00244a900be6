package otto.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import otto.diagnostics.Summary;
import otto.flow.Result;
import otto.flow.Run;
import otto.flow.gaussian.ForwardBackwardVi;
import otto.flow.gaussian.GaussianViSettings;
import otto.flow.particle.Mala;
import otto.model.Model;
import otto.models.ModelZoo;
import otto.models.StanData;
import otto.cli.Otto.Outcome;

/**
 * The examples under {@code examples/}, run as a user runs them: every shell command of
 * {@code examples/README.md}, in order, each in a fresh JVM ({@code ./otto} is {@code java -jar
 * otto.jar}; here the test classpath stands in for the jar), in a scratch folder holding a copy of
 * {@code examples/} so that the commands run exactly as written; and the Java example launched as a
 * single source file.
 */
class ExamplesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path EXAMPLES = ROOT.resolve("examples");

    @TempDir
    Path tmp;

    /** {@code java -cp <the test classpath> args…} in {@code dir}. */
    static Outcome java(Path dir, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        command.addAll(args);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", args));
        }
        Outcome o = new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return o;
    }

    /** A scratch working folder with a copy of examples/, as the repository root has it. */
    private Path workspace() throws IOException {
        return workspace(tmp);
    }

    /** A scratch working folder under {@code tmp} with a copy of examples/, as the repository root has it. */
    static Path workspace(Path tmp) throws IOException {
        Path work = Files.createDirectories(tmp.resolve("work"));
        try (Stream<Path> files = Files.walk(EXAMPLES)) {
            for (Path f : files.toList()) {
                Path to = work.resolve("examples").resolve(EXAMPLES.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        return work;
    }

    /** The commands of a Markdown file's bash blocks: lines outside comments, with continuations joined. */
    static List<String> commands(Path markdown) throws IOException {
        List<String> lines = new ArrayList<>();
        boolean inBlock = false;
        for (String line : Files.readAllLines(markdown)) {
            if (line.startsWith("```")) {
                inBlock = !inBlock && line.equals("```bash");
            } else if (inBlock) {
                lines.add(line);
            }
        }
        return commands(lines);
    }

    /** Shell command lines as commands: comments (on a line of their own or after one) dropped, continuations joined. */
    static List<String> commands(List<String> lines) {
        List<String> commands = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : lines) {
            String text = line.trim().startsWith("#") ? "" : line.replaceFirst("\\s+#.*$", "").trim();
            if (text.isEmpty()) {
                continue;
            }
            if (text.endsWith("\\")) {
                pending.append(text, 0, text.length() - 1).append(' ');
                continue;
            }
            commands.add(pending.append(text).toString().trim());
            pending.setLength(0);
        }
        return commands;
    }

    /** A command of the README as a JVM's arguments: {@code ./otto} is the main class, the jar on a classpath is the test's. */
    private static List<String> jvmArguments(String command) {
        assertThat(command).as("the test splits commands at spaces").doesNotContain("\"", "'", "$", "|", ">", "<", "&");
        List<String> words = new ArrayList<>(Arrays.asList(command.split("\\s+")));
        if (words.get(0).equals("./otto")) {
            words.set(0, Main.class.getName());
            return words;
        }
        assertThat(words.subList(0, 3)).as(command).containsExactly("java", "-cp", "otto-cli/target/otto.jar");
        return words.subList(3, words.size());
    }

    @Test
    void everyCommandOfTheExamplesReadmeRunsAsWritten() throws Exception {
        List<String> commands = commands(EXAMPLES.resolve("README.md"));
        // the README's first command is among them, and the config file, the summary, the report and the Java example
        assertThat(Files.readString(ROOT.resolve("README.md"))).contains("./otto run eight_schools_noncentered --data examples/eight_schools.json\n");
        assertThat(commands).contains("./otto run eight_schools_noncentered --data examples/eight_schools.json",
                "./otto run --config examples/eight_schools.yaml --out runs/eight", "./otto summary runs/eight/draws.csv",
                "./otto report runs/eight", "java -cp otto-cli/target/otto.jar examples/java/QuickStart.java");
        Path work = workspace();
        for (String command : commands) {
            Outcome o = java(work, jvmArguments(command));
            assertThat(o.status()).as(command + "\n" + o.err()).isZero();
            assertThat(o.err()).as(command).doesNotContain("Exception", "error:");
            if (command.startsWith("./otto run ")) {
                assertThat(o.out()).as(command).containsPattern("\\n\\s+mean\\s+mcse\\s+sd").contains("wrote runs/");
            }
            if (command.contains("--verbose")) {
                assertThat(o.err()).as(command).contains("settings (defaults filled in): chains = 4, warmup = 1000, draws = 2000",
                        "from examples/eight_schools.yaml: model, chains, data, draws, preconditioner, warmup",
                        "preconditioner: warmup, dense metric");
                assertThat(o.out()).contains("kinetic on eight_schools_noncentered", "(seed 8)");
            }
        }
        // the runs without --out went to the default folders, named after model, method and time
        try (Stream<Path> runs = Files.list(work.resolve("runs"))) {
            assertThat(runs.map(p -> p.getFileName().toString()).sorted().toList()).hasSize(5).contains("eight")
                    .filteredOn(n -> !n.equals("eight")).allMatch(n -> n.matches(
                            "(eight_schools_noncentered-(mala|fbvi|kinetic)|logistic_regression-mala)-[0-9]{8}-[0-9]{6}(-[0-9]+)?"));
        }
        assertThat(work.resolve("runs/eight/report.html")).isNotEmptyFile();
        assertThat(Files.readAllLines(work.resolve("runs/eight/draws.csv"))).contains("# seed = 7", "# data = examples/eight_schools.json");
    }

    /**
     * examples/java/QuickStart.java, launched as a single source file: it prints {@code Result.summary(model)} of MALA and
     * of forward-backward VI, the same numbers the API gives here, for every quantity.
     */
    @Test
    void theJavaQuickStartPrintsTheApisSummaries() throws Exception {
        Path work = workspace();
        Outcome o = java(work, List.of("examples/java/QuickStart.java"));
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.err()).isEmpty();
        List<String> lines = o.out().lines().toList();
        assertThat(lines.get(0)).matches("mala: 3000 iterations in [0-9.]+ s");

        Model model = ModelZoo.get("eight_schools_noncentered").create(StanData.read(EXAMPLES.resolve("eight_schools.json")));
        Result mala = Run.of(model, new Mala(Mala.Settings.defaults())).seed(42).execute();
        Result fbvi = Run.of(model, new ForwardBackwardVi(GaussianViSettings.defaults())).seed(42).execute();
        List<String> expected = new ArrayList<>();
        expected.addAll(table(mala.summary(model)));
        expected.add("");
        expected.add(String.format(Locale.ROOT, "fbvi: ELBO %.3f ± %.3f", (Double) fbvi.info().get("elbo"),
                (Double) fbvi.info().get("elbo_se")));
        expected.addAll(table(fbvi.summary(model)));
        assertThat(lines.subList(1, lines.size())).containsExactlyElementsOf(expected);
        // and the numbers make sense: posteriordb's reference mean of mu is 4.4105 (sd 3.309, from 10000 draws), within
        // five standard errors (the run's MCSE and the reference's own)
        Summary mu = mala.summary(model).stream().filter(s -> s.name().equals("mu")).findFirst().orElseThrow();
        double se = Math.hypot(mu.mcseMean(), 3.309 / Math.sqrt(10000));
        assertThat(mu.mean()).isCloseTo(4.4105, org.assertj.core.api.Assertions.within(5 * se));
        assertThat(mu.rhat()).isLessThan(1.02);
    }

    /** The example's table, formatted as it formats it. */
    private static List<String> table(List<Summary> summaries) {
        List<String> rows = new ArrayList<>();
        rows.add(String.format(Locale.ROOT, "%-15s %9s %9s %9s %9s %9s %8s %7s", "", "mean", "sd", "q5", "q95", "mcse", "ess_bulk",
                "rhat"));
        for (Summary s : summaries) {
            rows.add(String.format(Locale.ROOT, "%-15s %9.4f %9.4f %9.4f %9.4f %9.4f %8.0f %7.3f", s.name(), s.mean(), s.sd(), s.q5(),
                    s.q95(), s.mcseMean(), s.essBulk(), s.rhat()));
        }
        return rows;
    }

    /** Two otto processes started together in one folder: each gets its own default output folder, with all its files. */
    @Test
    void runsStartedTogetherGetTheirOwnFolders() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("together"));
        List<String> args = List.of(Main.class.getName(), "run", "std_normal", "--method", "fbvi", "--iterations", "20", "--draws",
                "20", "--quiet");
        var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> launch(work, args));
        var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> launch(work, args));
        for (Outcome o : List.of(first.get(), second.get())) {
            assertThat(o.status()).as(o.err()).isZero();
            assertThat(o.out() + o.err()).isEmpty();
        }
        try (Stream<Path> runs = Files.list(work.resolve("runs"))) {
            List<Path> folders = runs.sorted().toList();
            assertThat(folders).hasSize(2).allSatisfy(f -> {
                assertThat(f.getFileName().toString()).matches("std_normal-fbvi-[0-9]{8}-[0-9]{6}(-2)?");
                assertThat(f.resolve("run.json")).isNotEmptyFile();
                assertThat(Files.readAllLines(f.resolve("draws.csv")).stream().filter(l -> !l.startsWith("#")).count())
                        .isEqualTo(1 + 4 * 20);
            });
        }
    }

    private static Outcome launch(Path dir, List<String> args) {
        try {
            return java(dir, args);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}

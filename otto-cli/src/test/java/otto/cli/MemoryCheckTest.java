package otto.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static otto.cli.Otto.otto;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import otto.flow.Flow;
import otto.flow.MemoryEstimate;
import otto.flow.Run;
import otto.flow.grid.FokkerPlanck;
import otto.flow.grid.GridSettings;
import otto.models.ModelZoo;
import otto.models.StanData;
import otto.cli.Otto.Outcome;

/**
 * {@code otto run} states what a large run will hold in memory and refuses, before anything is
 * allocated, what the heap cannot hold: exit status 2, one line saying "not enough memory", what
 * dominates, the options to lower and the heap to ask for.
 */
class MemoryCheckTest {
    private static final long GIB = 1L << 30;

    @TempDir
    Path tmp;

    /** The one line of a refusal, checked to be one line of exit status 2 that allocated no output folder. */
    private String refused(Path out, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--out", out.toString()));
        Outcome o = otto(all.toArray(String[]::new));
        assertThat(o.status()).as(o.err()).isEqualTo(2);
        assertThat(o.out()).isEmpty();
        String line = o.err().trim();
        assertThat(line).doesNotContain("\n").startsWith("error: not enough memory: ");
        assertThat(out).doesNotExist();
        return line;
    }

    /** 400 million SVGD particles (some 280 GiB): refused at once, naming --particles and a heap that would do. */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void refusesHugeSvgdWithoutAllocating() {
        long start = System.nanoTime();
        String line = refused(tmp.resolve("svgd"), "run", "banana", "--method", "svgd", "--particles", "400000000");
        assertThat(line).matches("error: not enough memory: svgd needs about \\d+\\.\\d GiB \\(400000000 particles × d = 2 in some 25 "
                + "arrays\\), far more than the \\d+\\.\\d GiB Java heap; lower --particles, or run with more heap "
                + "\\(OTTO_JAVA_OPTS=-Xmx\\d+g\\)");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(10.0);
    }

    /** A 400³ grid on a 3-D model (2^26 cells is the most --grid allows; some 12 GiB): refused, naming --grid. */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void refusesAHuge3dGrid() throws IOException {
        Path data = Files.writeString(tmp.resolve("d3.json"), "{\"D\": 3}");
        Flow flow = new FokkerPlanck(FokkerPlanck.Settings.defaults().withGrid(GridSettings.defaults().withCells(400)));
        assumeTrue(flow.memory(3).bytes() > MemoryCheck.REFUSE * Runtime.getRuntime().maxMemory(),
                "this heap would hold a 400³ grid");
        String line = refused(tmp.resolve("grid"), "run", "std_normal", "--data", data.toString(), "--method", "fokker-planck",
                "--grid", "400");
        assertThat(line).contains("fokker-planck needs about", "a grid of 400 × 400 × 400 cells", "Java heap",
                "lower --grid or --density-times, or run with more heap (OTTO_JAVA_OPTS=-Xmx");
    }

    /** The chain methods keep every draw: a billion draws per chain are refused naming --chains and --draws. */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void refusesHugeChainsNamingTheOptionsGiven() throws IOException {
        assertThat(refused(tmp.resolve("mala"), "run", "funnel", "--method", "mala", "--draws", "1000000000"))
                .contains("mala needs about", "4 chains × 1000000000 draws × d = 10 kept", "lower --chains or --draws, or");
        // --particles is --chains for the chain methods: the message names what was given
        assertThat(refused(tmp.resolve("ula"), "run", "funnel", "--method", "ula", "--particles", "100000000", "--draws", "100"))
                .contains("100000000 chains × 100 draws", "lower --particles or --draws, or");
        // from a config file, the key in it
        Path config = Files.writeString(tmp.resolve("run.yaml"), "model: banana\nmethod: blob\nparticles: 400000000\n");
        assertThat(refused(tmp.resolve("blob"), "run", "--config", config.toString()))
                .contains("blob needs about", "lower " + config + ": particles, or");
        // the driver's own arrays: a time per iteration (some 30 GiB; a heap that holds them would run them)
        if (Runtime.getRuntime().maxMemory() < 24 * GIB) {
            assertThat(refused(tmp.resolve("fbvi"), "run", "banana", "--method", "fbvi", "--iterations", "2000000000"))
                    .contains("2000000000 iterations", "lower --iterations, or");
        }
    }

    /** Above a quarter of the heap, a note; above 80 % a refusal; nothing below, nothing with --quiet but the refusal. */
    @Test
    void notesLargeRunsAndRefusesWhatCannotFit() {
        MethodOptions options = new MethodOptions();
        MemoryEstimate m = new MemoryEstimate(300L << 20, "1000000 particles × d = 2 in some 16 arrays", List.of("particles"));
        StringWriter err = new StringWriter();
        MemoryCheck.check(m, GIB, "svgd", options, new PrintWriter(err), false);
        assertThat(err.toString()).isEqualTo("note: svgd needs about 300 MiB (1000000 particles × d = 2 in some 16 arrays), 29 % of "
                + "the 1.0 GiB Java heap" + System.lineSeparator());
        StringWriter quiet = new StringWriter();
        MemoryCheck.check(m, GIB, "svgd", options, new PrintWriter(quiet), true);
        assertThat(quiet.toString()).isEmpty();
        StringWriter small = new StringWriter();
        MemoryCheck.check(m, 2 * GIB, "svgd", options, new PrintWriter(small), false);
        assertThat(small.toString()).isEmpty();
        assertThatThrownBy(() -> MemoryCheck.check(m, 350L << 20, "svgd", options, new PrintWriter(new StringWriter()), true))
                .isInstanceOf(UsageException.class)
                .hasMessage("not enough memory: svgd needs about 300 MiB (1000000 particles × d = 2 in some 16 arrays), 86 % of the "
                        + "350 MiB Java heap, more than the 80 % a run can use; lower --particles, or run with more heap "
                        + "(OTTO_JAVA_OPTS=-Xmx1g)");
        MemoryEstimate matrices = new MemoryEstimate(20 * GIB, "8 matrices of d × d = 50000 × 50000", List.of());
        assertThatThrownBy(() -> MemoryCheck.check(matrices, 16 * GIB, "fbvi", options, new PrintWriter(new StringWriter()), false))
                .hasMessage("not enough memory: fbvi needs about 20.0 GiB (8 matrices of d × d = 50000 × 50000), more than the "
                        + "16.0 GiB Java heap; run with more heap (OTTO_JAVA_OPTS=-Xmx25g)");
    }

    /** A moderately large run through the command line prints the note (here, on a heap made small by the estimate's size). */
    @Test
    void aModeratelyLargeRunPrintsTheNote() {
        MethodOptions options = new MethodOptions();
        options.particles = 1000;
        Flow flow = options.flow("svgd", 2);
        Run run = Run.of(ModelZoo.get("banana").create(StanData.empty()), flow);
        MemoryEstimate m = run.memory();
        StringWriter err = new StringWriter();
        MemoryCheck.check(m, 2 * m.bytes(), "svgd", options, new PrintWriter(err), false);
        assertThat(err.toString()).startsWith("note: svgd needs about ").contains("(1000 particles × d = 2 in some 25 arrays), 50 % of");
    }

    /**
     * Every setting an estimate names maps to an option the method takes: each method with each of
     * its options that hold memory set huge is refused on a 1 GiB heap, naming that option.
     */
    @Test
    void everySettingNamedIsAnOptionOfTheMethod() {
        Map<String, String> huge = Map.of("--particles", "100000000", "--chains", "10000000", "--draws", "100000000",
                "--components", "10000000", "--samples", "100000000", "--grid", "8000", "--iterations", "1000000000",
                "--warmup", "1000000000",
                "--density-times", IntStream.rangeClosed(0, 10_000).mapToObj(Integer::toString).collect(Collectors.joining(",")));
        int checked = 0;
        for (String method : RunCommand.AVAILABLE) {
            for (Map.Entry<String, String> e : huge.entrySet()) {
                if (!MethodOptions.ACCEPTS.get(method).contains(e.getKey())) {
                    continue;
                }
                MethodOptions options = new MethodOptions();
                set(options, e.getKey(), e.getValue());
                if (e.getKey().equals("--density-times")) {
                    options.iterations = 10_000;
                }
                Flow flow = options.flow(method, 2);
                Run run = Run.of(ModelZoo.get("banana").create(StanData.empty()), flow);
                MemoryEstimate m = run.memory();
                List<String> named = new ArrayList<>();
                for (String s : m.settings()) {
                    if (!s.equals("iterations")) { // the run's, not the flow's
                        assertThat(flow.settings()).as(method + " " + e.getKey()).containsKey(s);
                    }
                    for (String o : MemoryCheck.options(s, method, options)) {
                        assertThat(MethodOptions.ACCEPTS.get(method)).as(method + ": " + s).contains(o);
                        named.add(o);
                    }
                }
                assertThat(named).as(method + " " + e.getKey() + ": " + m).contains(e.getKey());
                assertThatThrownBy(() -> MemoryCheck.check(m, GIB, method, options, new PrintWriter(new StringWriter()), false))
                        .as(method + " " + e.getKey()).hasMessageContaining(e.getKey());
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(30);
    }

    private static void set(MethodOptions o, String option, String value) {
        switch (option) {
            case "--particles" -> o.particles = Integer.valueOf(value);
            case "--chains" -> o.chains = Integer.valueOf(value);
            case "--draws" -> o.draws = Integer.valueOf(value);
            case "--components" -> o.components = Integer.valueOf(value);
            case "--samples" -> o.samples = Integer.valueOf(value);
            case "--iterations" -> o.iterations = Integer.valueOf(value);
            case "--warmup" -> o.warmup = Integer.valueOf(value);
            case "--grid" -> o.grid = value;
            case "--density-times" -> o.densityTimes = value;
            default -> throw new IllegalArgumentException(option);
        }
    }
}

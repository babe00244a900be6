package otto.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import otto.flow.Checkpoint;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * "Nothing lost": a real {@code otto run} process ({@code java -cp <the test classpath>
 * otto.cli.Main}) killed with SIGKILL at random points, several times, and resumed each time
 * with {@code otto run --resume DIR}, ends with the same files as the run that was never stopped —
 * draws.csv byte for byte, summary.csv, trace.csv but for its seconds, density.csv — and at every
 * kill every file in the run folder parses (the checkpoint passes its checksum, run.json is JSON,
 * trace.csv and the chains' draws are whole rows under their header). A chain method, a particle
 * flow, a Gaussian method and a grid method; and SIGTERM / Ctrl-C, which end the run cleanly with
 * status 143 / 130 and the files of what was done, from which it resumes too.
 */
class KillAndResumeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static Path eightSchools() {
        return Path.of("../examples/eight_schools.json").toAbsolutePath().normalize();
    }

    static String[] arguments(String args) {
        return args.replace("DATA", eightSchools().toString()).trim().split(" +");
    }

    /** {@code otto} in this JVM, for the reference runs. */
    static void ottoHere(List<String> args) {
        Otto.Outcome o = Otto.otto(args.toArray(new String[0]));
        assertThat(o.status()).as(o.err()).isZero();
    }

    /** {@code otto args…} in a new JVM. */
    Process start(List<String> args, Path out, Path err) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "otto.cli.Main"));
        command.addAll(args);
        return new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "mala, a chain method          | funnel --method mala --chains 16 --warmup 500 --draws 6000                  | 250",
            "svgd, a particle flow         | banana --method svgd --particles 300 --iterations 400                       | 20",
            "fbvi, a Gaussian method       | eight_schools_noncentered --data DATA --method fbvi --iterations 1200        | 60",
            "fokker-planck, a grid method  | banana --method fokker-planck --grid 128 --iterations 64 --density-times 0,1 | 4"})
    void killedAtRandomPointsAndResumedEndsAsTheUninterruptedRun(String what, String args, int every) throws Exception {
        List<String> run = new ArrayList<>(List.of("run"));
        run.addAll(List.of(arguments(args)));
        run.addAll(List.of("--seed", "3", "--quiet"));
        Path reference = tmp.resolve("reference");
        List<String> ref = new ArrayList<>(run);
        ref.addAll(List.of("--out", reference.toString(), "--checkpoint-every", "never"));
        ottoHere(ref);
        JsonNode timing = JSON.readTree(reference.resolve("run.json").toFile()).path("timing");
        int total = timing.path("iterations").asInt();
        // the random moment after the kill point is a little of the run's own time, so that three kills fit in it
        int pause = (int) Math.ceil(50 * timing.path("total_seconds").asDouble());   // ms: 5 % of the run

        Path dir = tmp.resolve("killed");
        Random random = new Random(what.hashCode());
        List<String> first = new ArrayList<>(run);
        first.addAll(List.of("--out", dir.toString(), "--checkpoint-every", Integer.toString(every)));
        List<String> resume = List.of("run", "--resume", dir.toString(), "--checkpoint-every", Integer.toString(every));
        int kills = 0;
        int resumedFromCheckpoint = 0;
        int lastCheckpoint = 0;
        boolean done = false;
        for (int attempt = 0; !done; attempt++) {
            boolean kill = kills < 3;
            Path out = tmp.resolve("out-" + attempt + ".txt");
            Path err = tmp.resolve("err-" + attempt + ".txt");
            Process p = start(attempt == 0 ? first : resume, out, err);
            if (kill) {
                // a random point of the run: once trace.csv shows it got past an iteration drawn at random a little
                // beyond where it stood (5 to 20 % of the run further), and a random moment later (up to 5 % of the
                // run's time: trace.csv is flushed at each checkpoint, so it lags by at most one interval)
                int target = lastCheckpoint + (int) (total * (0.05 + 0.15 * random.nextDouble()));
                waitFor(p, () -> lastTracedIteration(dir) >= target);
                Thread.sleep(random.nextInt(pause + 1));
            }
            if (kill && p.isAlive()) {
                p.destroyForcibly();
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                kills++;
                lastCheckpoint = everyFileParses(dir, lastCheckpoint);
            } else {
                assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("the run ends").isTrue();
                String e = read(err);
                if (p.exitValue() == 2 && e.contains("its run is complete")) {
                    done = true;   // the kill came after it had finished
                } else {
                    assertThat(p.exitValue()).as(e).isZero();
                    done = true;
                }
            }
            if (attempt > 0 && read(err).contains("from its checkpoint at iteration")) {
                resumedFromCheckpoint++;
            }
        }
        assertThat(kills).as("kills before the run could finish").isEqualTo(3);
        assertThat(resumedFromCheckpoint).as("resumes that went on from a checkpoint").isPositive();

        assertThat(Files.readString(dir.resolve("draws.csv"))).isEqualTo(Files.readString(reference.resolve("draws.csv")));
        assertThat(Files.readString(dir.resolve("summary.csv"))).isEqualTo(Files.readString(reference.resolve("summary.csv")));
        assertThat(withoutSeconds(dir.resolve("trace.csv"))).isEqualTo(withoutSeconds(reference.resolve("trace.csv")));
        if (Files.exists(reference.resolve("density.csv"))) {
            assertThat(Files.readString(dir.resolve("density.csv"))).isEqualTo(Files.readString(reference.resolve("density.csv")));
        }
        JsonNode json = JSON.readTree(dir.resolve("run.json").toFile());
        JsonNode refJson = JSON.readTree(reference.resolve("run.json").toFile());
        assertThat(json.path("stop_reason").asString()).isEqualTo("completed");
        assertThat(json.path("timing").path("iterations").asInt()).isEqualTo(refJson.path("timing").path("iterations").asInt());
        assertThat(json.path("result").toString()).isEqualTo(refJson.path("result").toString());
        assertThat(json.path("faults").toString()).isEqualTo(refJson.path("faults").toString());
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(Files.list(reference).map(f -> f.getFileName().toString()).toList());
        }
    }

    /**
     * SIGTERM (what a batch system sends a job it pre-empts), then Ctrl-C (SIGINT) on the resumed
     * run: each ends it cleanly, with status 143 / 130, the files of what was done (the draws so far
     * are the uninterrupted run's first ones) and a checkpoint there; the last resume ends as the
     * run that was never stopped.
     */
    @Test
    void signalsStopTheRunCleanlyAndItResumes() throws Exception {
        // 20 chains: slow enough that the signals come well before the end
        List<String> run = new ArrayList<>(List.of("run", "funnel", "--method", "mala", "--chains", "20", "--warmup", "300",
                "--draws", "2000", "--seed", "5"));
        Path reference = tmp.resolve("reference");
        List<String> ref = new ArrayList<>(run);
        ref.addAll(List.of("--out", reference.toString(), "--quiet"));
        ottoHere(ref);
        CmdStanCsv.Table all = CmdStanCsv.read(reference.resolve("draws.csv"));

        Path dir = tmp.resolve("stopped");
        List<String> first = new ArrayList<>(run);
        first.addAll(List.of("--out", dir.toString(), "--checkpoint-every", "400"));
        Path err = tmp.resolve("err.txt");
        Process p = start(first, tmp.resolve("out.txt"), err);
        waitFor(p, () -> Files.exists(dir.resolve(RunCommand.CHECKPOINT)));
        p.destroy();   // SIGTERM
        int stopped = stoppedCleanly(p, err, dir, "SIGTERM", 143, 0, all);

        Process resumed = start(List.of("run", "--resume", dir.toString(), "--checkpoint-every", "400"), tmp.resolve("out.txt"), err);
        waitFor(resumed, () -> Files.exists(dir.resolve(RunCommand.CHECKPOINT))
                && Checkpoint.read(dir.resolve(RunCommand.CHECKPOINT)).iteration() > stopped);
        // a process whose parent ignores SIGINT (a background job of a script) inherits that: Ctrl-C cannot reach it
        if (!ignores(resumed.pid(), Interrupts.SIGINT)) {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(resumed.pid())).start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
            stoppedCleanly(resumed, err, dir, "SIGINT", 130, stopped, all);
        } else {
            assertThat(resumed.waitFor(300, TimeUnit.SECONDS)).isTrue();
        }

        Process again = start(List.of("run", "--resume", dir.toString(), "--checkpoint-every", "never"), tmp.resolve("out.txt"), err);
        assertThat(again.waitFor(300, TimeUnit.SECONDS)).isTrue();
        String e = read(err);
        assertThat(again.exitValue()).as(e).isZero();
        assertThat(Files.readString(dir.resolve("draws.csv"))).isEqualTo(Files.readString(reference.resolve("draws.csv")));
        assertThat(Files.readString(dir.resolve("summary.csv"))).isEqualTo(Files.readString(reference.resolve("summary.csv")));
        assertThat(withoutSeconds(dir.resolve("trace.csv"))).isEqualTo(withoutSeconds(reference.resolve("trace.csv")));
        assertThat(dir.resolve(RunCommand.CHECKPOINT)).doesNotExist();
        assertThat(dir.resolve(LiveFiles.PARTIAL)).doesNotExist();
    }

    /** The checks of a run stopped by a signal; returns the iterations it did. */
    private static int stoppedCleanly(Process p, Path err, Path dir, String signal, int status, int after, CmdStanCsv.Table all)
            throws Exception {
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String e = read(err);
        assertThat(p.exitValue()).as(e).isEqualTo(status);
        assertThat(e).contains("interrupted (" + signal + ")", "continue with: otto run --resume " + dir);
        JsonNode json = JSON.readTree(dir.resolve("run.json").toFile());
        assertThat(json.path("stop_reason").asString()).isEqualTo("interrupted");
        int iterations = json.path("timing").path("iterations").asInt();
        assertThat(iterations).isGreaterThan(Math.max(after, 300)).isLessThan(2300);
        assertThat(e).contains("interrupted after " + iterations + " of 2300 iterations");
        assertThat(json.path("checkpoint").path("iteration").asInt()).isEqualTo(iterations);
        assertThat(Checkpoint.read(dir.resolve(RunCommand.CHECKPOINT)).iteration()).isEqualTo(iterations);
        CmdStanCsv.Table draws = CmdStanCsv.read(dir.resolve("draws.csv"));
        assertThat(draws.chains()).hasSize(20);
        for (int c = 0; c < 20; c++) {
            double[][] chain = draws.chains().get(c);
            assertThat(chain).hasNumberOfRows(iterations - 300);
            for (int i = 0; i < chain.length; i++) {
                assertThat(chain[i]).containsExactly(all.chains().get(c)[i]);
            }
        }
        assertThat(Files.readAllLines(dir.resolve("summary.csv"))).hasSize(11);   // the header, v and x.1 … x.9
        assertThat(dir.resolve(LiveFiles.PARTIAL)).doesNotExist();
        return iterations;
    }

    /** The last iteration in trace.csv (-1 if there is none yet). */
    static int lastTracedIteration(Path dir) throws IOException {
        Path trace = dir.resolve("trace.csv");
        if (!Files.exists(trace)) {
            return -1;
        }
        List<String> lines = Files.readAllLines(trace);
        if (lines.size() < 2) {
            return -1;
        }
        String last = lines.get(lines.size() - 1);
        try {
            return Integer.parseInt(last.substring(0, last.indexOf(',')));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Whether process {@code pid} ignores {@code signal} (Linux: the SigIgn mask of /proc/PID/status). */
    static boolean ignores(long pid, int signal) throws IOException {
        Path status = Path.of("/proc/" + pid + "/status");
        if (!Files.exists(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                long mask = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                return (mask & (1L << (signal - 1))) != 0;
            }
        }
        return false;
    }

    /**
     * Checks every file of a killed run's folder: the checkpoint reads whole (checksum) and is not
     * older than the last; run.json is JSON; trace.csv, the chains' files and any results are whole
     * rows under their header. Returns the checkpoint's iteration.
     */
    static int everyFileParses(Path dir, int lastCheckpoint) throws IOException {
        int at = lastCheckpoint;
        Path cp = dir.resolve(RunCommand.CHECKPOINT);
        if (Files.exists(cp)) {
            at = Checkpoint.read(cp).iteration();
            assertThat(at).as("the checkpoint's iteration").isGreaterThanOrEqualTo(lastCheckpoint);
        }
        if (Files.exists(dir.resolve("run.json"))) {
            JsonNode json = JSON.readTree(dir.resolve("run.json").toFile());
            assertThat(json.path("arguments").isArray()).isTrue();
            assertThat(json.path("stop_reason").asString()).isIn("running", "completed");
        }
        if (Files.exists(dir.resolve("trace.csv"))) {
            wholeRows(dir.resolve("trace.csv"));
        }
        Path partial = dir.resolve(LiveFiles.PARTIAL);
        if (Files.isDirectory(partial)) {
            try (Stream<Path> files = Files.list(partial)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".csv")).toList()) {
                    wholeRows(f);
                    if (Files.readAllLines(f).stream().filter(l -> !l.startsWith("#")).count() > 1) {
                        CmdStanCsv.read(f);   // (it refuses a file of a header alone: a chain still in warm-up)
                    }
                }
            }
        }
        for (String f : List.of("draws.csv", "summary.csv", "density.csv")) {
            if (Files.exists(dir.resolve(f))) {
                wholeRows(dir.resolve(f));
            }
        }
        if (Files.exists(dir.resolve("draws.csv"))) {
            CmdStanCsv.read(dir.resolve("draws.csv"));
        }
        return at;
    }

    /** A CSV file of a header and rows of as many cells, each ending its line ({@code #} lines aside). */
    static void wholeRows(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).as(file.toString()).endsWith("\n");
        List<String> lines = text.lines().filter(l -> !l.startsWith("#")).toList();
        assertThat(lines).as(file.toString()).isNotEmpty();
        int cells = lines.get(0).split(",", -1).length;
        for (int i = 1; i < lines.size(); i++) {
            assertThat(lines.get(i).split(",", -1)).as(file + " line " + (i + 1)).hasSize(cells);
        }
    }

    static List<String> withoutSeconds(Path trace) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(trace)) {
            String[] cells = line.split(",", -1);
            cells[1] = "";
            out.add(String.join(",", cells));
        }
        return out;
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    interface Condition {
        boolean holds() throws IOException;
    }

    static void waitFor(Process p, Condition c) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!c.holds() && p.isAlive()) {
            if (System.nanoTime() > until) {
                p.destroyForcibly();
                throw new AssertionError("timed out waiting for the run");
            }
            Thread.sleep(20);
        }
    }
}

package otto.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.nio.file.FileAlreadyExistsException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import otto.flow.Checkpoint;
import otto.flow.Draws;
import otto.flow.Fault;
import otto.flow.Flow;
import otto.flow.Result;
import otto.flow.RunFailedException;
import otto.flow.Run;
import otto.flow.Summaries;
import otto.model.Model;
import otto.models.ModelZoo;
import otto.models.StanData;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code otto run MODEL}: runs a method on a built-in model and writes draws, summary, trace and run.json. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        usageHelpAutoWidth = true,
        description = {"Run a method on a built-in model and write the results.",
                "Runs MODEL (see 'otto models') and writes draws.csv, summary.csv, trace.csv and run.json into --out; "
                        + "prints the posterior summary and where the files are."},
        footer = {"",
                "Methods: mala (Metropolis-adjusted Langevin, the default), ula (unadjusted Langevin), kinetic (underdamped "
                        + "Langevin, BAOAB; --adjusted for Metropolis-adjusted OBABO), svgd (Stein variational gradient descent), "
                        + "blob (the blob / kernel-score flow), fbvi (forward-backward Gaussian VI), bwvi (Bures-Wasserstein "
                        + "Gaussian VI), mixture (Gaussian-mixture VI), advi (Stan's ADVI, the baseline), fokker-planck (the "
                        + "density on a grid, d ≤ 3), jko (entropic JKO steps on a grid, d ≤ 3). See docs/methods.md.",
                "",
                "Files: draws.csv in CmdStan's layout (# settings, then a header lp__, the sampler's __ columns, chain__ "
                        + "and the parameters; all chains one after another; values on the constrained scale), "
                        + "summary.csv, trace.csv and run.json; the grid methods also write density.csv (the density at "
                        + "--density-times) and compute summary.csv from the grid by quadrature.",
                "",
                "Config file (--config FILE, YAML or JSON): one key per option, named as the long option without its "
                        + "dashes (method, chains, step-rule, data, seed, out, ...), and model for MODEL; options on the command "
                        + "line win over the file; relative paths in it are relative to its folder. See examples/eight_schools.yaml.",
                "",
                "Progress is shown on an interactive terminal only; --quiet prints nothing but errors; --verbose also prints "
                        + "(to stderr) the settings as resolved, the preconditioner or start chosen and every fault example kept. "
                        + "Exit status: 0 success, 1 the run failed, 2 bad usage or bad input, 130 / 143 stopped by Ctrl-C / SIGTERM "
                        + "(the files hold what was done; --resume continues). See docs/robustness.md.",
                "",
                "Memory: a run estimates what it will hold before it starts; above a quarter of the Java heap it says so on "
                        + "stderr, and above 80 %% it is refused (exit 2) naming the options to lower; OTTO_JAVA_OPTS=-Xmx16g "
                        + "gives the otto script a larger heap.",
                "", "Examples:",
                "  otto run eight_schools_noncentered --data examples/eight_schools.json",
                "  otto run eight_schools_noncentered --data examples/eight_schools.json \\",
                "      --method fbvi",
                "  otto run logistic_regression --data examples/logistic_regression.csv",
                "  otto run funnel --chains 8 --draws 2000 --seed 7 --out runs/funnel",
                "  otto run --resume runs/funnel    # after Ctrl-C or a crash",
                "  otto run logistic_regression --data examples/logistic_regression.csv \\",
                "      --method kinetic --preconditioner vi",
                "  otto run banana --method fokker-planck --grid 256 --box -10:12,-5:120",
                "  otto run --config examples/eight_schools.yaml",
                "  otto run --config examples/eight_schools.yaml \\",
                "      --method kinetic --seed 8 --verbose"})
final class RunCommand implements Runnable, CommandLine.IExitCodeGenerator {
    static final List<String> AVAILABLE = List.of("mala", "ula", "kinetic", "svgd", "blob", "fbvi", "bwvi", "mixture", "advi",
            "fokker-planck", "jko");
    /** The folder default output folders go in, relative to the working directory. */
    static final Path RUNS = Path.of("runs");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", completionCandidates = Candidates.Models.class,
            description = "a built-in model name (see 'otto models'); may instead be given as 'model' in --config")
    String modelName;

    @Option(names = "--config", paramLabel = "FILE", description = "read the settings from a YAML (.yaml, .yml) or JSON (.json) "
            + "file: keys are the long options without dashes, plus model; the command line wins over it")
    Path config;

    @Option(names = "--data", paramLabel = "FILE", description = "data in Stan JSON, or CSV for regressions (column y, then predictors)")
    Path data;

    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "mala", completionCandidates = Candidates.Methods.class,
            description = "mala, ula, kinetic, svgd, blob, fbvi, bwvi, mixture, advi, fokker-planck or jko (default: ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: a new folder runs/MODEL-METHOD-TIME, "
            + "with a suffix -2, -3, … when one of that name exists)")
    Path out;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "threads for batched evaluation; results do not depend on it (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--record-every", paramLabel = "N", description = "record the trace (free energy, monitors) every N iterations "
            + "(default: about 200 records per run)")
    Integer recordEvery;

    @CommandLine.Mixin
    MethodOptions options;

    @Option(names = "--checkpoint-every", paramLabel = "N|Ns|Nm|never", defaultValue = "60s",
            description = "save the run's whole state to checkpoint.bin every N iterations, or every N seconds (Ns) or minutes "
                    + "(Nm) of wall time, or never; a Ctrl-C also saves it (default: ${DEFAULT-VALUE})")
    String checkpointEvery;

    @Option(names = "--resume", paramLabel = "DIR", description = "continue the run in DIR (interrupted, killed or "
            + "stopped by a failure) from its last checkpoint, with the settings stored in DIR/run.json; the draws "
            + "come out the same as if it had never stopped")
    Path resume;

    @Option(names = "--quiet", description = "print nothing but errors")
    boolean quiet;

    @Option(names = "--verbose", description = "also print, to stderr, the settings as resolved, the preconditioner or start "
            + "chosen and every fault example kept")
    boolean verbose;

    /** Where the model name came from, for messages: empty, or {@code FILE: model: }. */
    private String modelOrigin = "";

    /** The checkpoint file in a run folder. */
    static final String CHECKPOINT = "checkpoint.bin";
    /** The lock file of a run folder while a run writes into it. */
    static final String LOCK = ".lock";
    /** Options that do not change a run's results, so a resume may give them anew. */
    private static final java.util.Set<String> NOT_OF_THE_RUN = java.util.Set.of("--resume", "--out", "--threads", "--quiet",
            "--verbose", "--checkpoint-every", "--config", "--help", "--version");
    private int exitCode;

    @Override
    public int getExitCode() {
        return exitCode;
    }

    @Override
    public void run() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        readConfig();
        if (quiet && verbose) {
            String both = options.origins.containsKey("--quiet") && options.origins.containsKey("--verbose")
                    ? config + ": quiet and verbose" : label("--quiet") + " and " + label("--verbose");
            throw new UsageException(both + " contradict each other: give one of them");
        }
        Resume resumed = resume != null ? prepareResume() : null;
        if (modelName == null) {
            throw new UsageException("a MODEL is needed: 'otto run MODEL' (see 'otto models'), or 'model' in a --config file");
        }
        Model model;
        Run run;
        Flow flow;
        try {
            ModelZoo.Entry entry = entry();
            StanData stanData = loadData(entry);
            model = entry.create(stanData);
            if (!quiet) {
                warnUnusedFields(stderr, entry, stanData);
            }
            if (threads < 1) {
                throw new UsageException(label("--threads") + " must be at least 1, got " + threads);
            }
            flow = options.flow(method, model.dimension());
            run = Run.of(model, flow).seed(seed).threads(threads);
            if (recordEvery != null) {
                if (recordEvery < 1) {
                    throw new UsageException(label("--record-every") + " must be at least 1, got " + recordEvery);
                }
                run.recordEvery(recordEvery);
            }
            run.identify("model", modelName).identify("data sha-256", digest(data));
        } catch (IllegalArgumentException e) {
            // bad names and settings, found before anything runs; the same exception during the run is a bug
            throw new UsageException(e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            throw new UsageException(label("--data") + " " + data + ": cannot read: " + e.getCause().getMessage());
        }
        MemoryCheck.before(run, method, options, stderr, quiet);
        Checkpoint.Interval interval = checkpointInterval();
        Map<String, String> identity = run.identity();
        if (resumed != null) {
            String why = resumed.checkpoint != null ? resumed.checkpoint.mismatch(identity) : mismatch(resumed.identity, identity);
            if (why != null) {
                throw new UsageException("cannot resume " + resume + ": it holds another run (" + why + ")");
            }
            if (resumed.checkpoint != null) {
                run.resume(resumed.checkpoint);
            }
        }
        if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
            throw new UsageException(label("--out") + " " + out + " exists and is not a folder");
        }
        boolean created = resumed == null && (out == null || !Files.isDirectory(out));
        Path dir = resumed != null ? resume : out != null ? createFolder(out) : newFolder(RUNS, modelName, method, LocalDateTime.now());
        FileLock lock = lock(dir);
        // Ctrl-C is handled from here until the files are written: the first stops the run cleanly
        try (Interrupts interrupts = Interrupts.install(stderr, quiet)) {
            runIn(dir, resumed, model, flow, run, interval, interrupts, stdout, stderr);
        } finally {
            unlock(dir, lock);
            if (created) {
                deleteIfEmpty(dir);   // a run that failed before it began leaves no folder behind
            }
        }
    }

    /** The run itself, in its folder (which this process holds the lock of). */
    private void runIn(Path dir, Resume resumed, Model model, Flow flow, Run run, Checkpoint.Interval interval,
                       Interrupts interrupts, PrintWriter stdout, PrintWriter stderr) {
        Map<String, String> identity = run.identity();
        Path checkpointFile = dir.resolve(CHECKPOINT);
        if (resumed == null) {
            deleteQuietly(checkpointFile);   // a checkpoint of an earlier run in the same --out folder is not this run's
        }
        run.checkpoint(checkpointFile, interval);
        if (verbose) {
            printSettings(stderr, model, flow, run, dir);
        }
        if (resumed != null && !quiet) {
            stderr.println(resumed.checkpoint != null
                    ? String.format(Locale.ROOT, "resuming %s from its checkpoint at iteration %d of %d", dir,
                    resumed.checkpoint.iteration(), resumed.checkpoint.totalIterations())
                    : "resuming " + dir + ": it has no checkpoint yet (it stopped before its first), so its run starts again from "
                    + "the beginning");
            stderr.flush();
        }
        List<String> arguments = arguments();
        Map<String, Object> extra = new java.util.LinkedHashMap<>();
        extra.put("arguments", arguments);
        extra.put("identity", identity);
        LiveFiles live = new LiveFiles(dir, model, data, flow, seed, checkpointAt -> {
            Map<String, Object> m = Output.runJsonStarted(model, data, flow, seed, threads, checkpointAt, flow.iterations());
            m.putAll(extra);
            return m;
        });
        run.listener(live);
        Progress progress = quiet ? null : Progress.forConsole(stderr);
        if (progress != null) {
            progress.startingAt(resumed != null && resumed.checkpoint != null ? resumed.checkpoint.iteration() : 0);
            run.progress(progress);
        }
        Result result;
        try {
            run.interruptWhen(done -> interrupts.requested());
            try {
                result = run.execute();
            } finally {
                live.close();
                if (progress != null) {
                    progress.done();
                }
            }
            if (Run.INTERRUPTED.equals(result.stopReason())) {
                exitCode = interrupts.status();
            }
        } catch (RuntimeException e) {
            RuntimeException failure = e;
            if (e instanceof ArithmeticException) {
                // a numerical breakdown (a failed decomposition, say): the run failed, it is not a usage error
                StackTraceElement[] at = e.getStackTrace();
                failure = new RunFailedException(method + ": " + e.getMessage()
                        + (at.length > 0 ? " (in " + at[0].getClassName() + "." + at[0].getMethodName() + ")" : "")
                        + (options.step != null ? "; a smaller --step may help" : ""), e);
            }
            if (live.started() && failure instanceof RunFailedException) {
                failure = failedMidway(dir, (RunFailedException) failure, checkpointFile, arguments, identity, model, flow);
            }
            throw failure;
        }
        boolean interrupted = exitCode != 0;
        if (verbose) {
            printChoices(stderr, result);
        }
        Draws constrained = result.draws().constrain(model);
        String notFinite = Summaries.firstNonFiniteColumn(constrained);
        List<otto.diagnostics.Summary> summaries = List.of();
        String noSummary = null;
        if (notFinite == null) {
            try {
                summaries = Summaries.of(model, result, constrained);
            } catch (IllegalArgumentException e) {
                if (!interrupted) {
                    throw e;
                }
                noSummary = constrained.draws() == 0 ? "no draws yet: the run stopped in warm-up" : e.getMessage();
            }
        }
        if (interrupted) {
            extra.put("checkpoint", Map.of("file", CHECKPOINT, "iteration", result.iterations()));
        }
        try {
            Output.write(dir, model, data, result, constrained, summaries, extra);
            live.removePartial();
            if (!interrupted) {
                Files.deleteIfExists(checkpointFile);
            }
        } catch (IOException e) {
            throw new RunFailedException("cannot write the results to " + dir + ": " + describe(e));
        }
        if (notFinite != null) {
            throw new RunFailedException("draws of " + notFinite + " are not finite (they overflow on the constrained scale): "
                    + "the result cannot be trusted; draws.csv, trace.csv and run.json are in " + dir);
        }
        if (!quiet) {
            if (noSummary != null) {
                stdout.println(noSummary);
                stdout.println("wrote " + dir + "/{draws.csv, summary.csv, trace.csv, run.json}");
            } else {
                Report.print(stdout, model, result, summaries, dir);
            }
        }
        if (interrupted) {
            stderr.printf(Locale.ROOT, "interrupted after %d of %d iterations: the files hold what was done%s; continue with: "
                            + "otto run --resume %s%n", result.iterations(), flow.iterations(),
                    constrained.draws() > 0 && result.draws().sampler().containsKey("stepsize__")
                            ? " (" + constrained.chains() + " × " + constrained.draws() + " draws)" : "", dir);
        }
        stdout.flush();
        stderr.flush();
    }

    /** The lock of a run folder: two processes never write into one (a run and its resume started twice, say). */
    private FileLock lock(Path dir) {
        try {
            FileChannel channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new UsageException(dir + " is in use: another otto run is writing into it");
            }
            return lock;
        } catch (IOException e) {
            throw new UsageException("cannot write into " + dir + ": " + describe(e));
        }
    }

    private static void unlock(Path dir, FileLock lock) {
        try {
            Files.deleteIfExists(dir.resolve(LOCK));
            lock.release();
            lock.channel().close();
        } catch (IOException ignored) {
            // the lock goes with the process anyway
        }
    }

    /** A run that failed after it started: run.json says so (the files so far stay); the message says where they are. */
    private RunFailedException failedMidway(Path dir, RunFailedException e, Path checkpointFile, List<String> arguments,
                                            Map<String, String> identity, Model model, Flow flow) {
        boolean resumable = Files.exists(checkpointFile);
        try {
            Map<String, Object> m = Output.runJsonStarted(model, data, flow, seed, threads, -1, flow.iterations());
            m.put("stop_reason", "failed");
            m.put("error", e.getMessage());
            m.put("arguments", arguments);
            m.put("identity", identity);
            if (resumable) {
                m.put("checkpoint", Map.of("file", CHECKPOINT));
            }
            Output.writeJson(dir.resolve("run.json"), m);
        } catch (IOException | RuntimeException ignored) {
            // the run failed already; its message matters more
        }
        return new RunFailedException(e.getMessage() + "; the trace" + (Files.isDirectory(dir.resolve(LiveFiles.PARTIAL))
                ? " and the draws so far are" : " so far is") + " in " + dir
                + (resumable ? " (otto run --resume " + dir + " continues from its last checkpoint)" : ""), e);
    }

    /** What a run folder says about the run to resume. */
    private record Resume(Checkpoint checkpoint, Map<String, String> identity) {
    }

    /**
     * --resume DIR: reads the folder's run.json and checkpoint, and takes the run's settings from the
     * arguments stored there (with any the command line gives again, which must then agree).
     */
    private Resume prepareResume() {
        Path dir = resume;
        String option = label("--resume");
        if (!Files.isDirectory(dir)) {
            throw new UsageException(option + " " + dir + ": " + (Files.exists(dir) ? "is not a folder" : "no such folder"));
        }
        if (config != null) {
            throw new UsageException(option + " takes the settings stored in " + dir + "/run.json; leave out --config");
        }
        if (out != null && !out.toAbsolutePath().normalize().equals(dir.toAbsolutePath().normalize())) {
            throw new UsageException(option + " " + dir + " goes on writing into " + dir + "; leave out --out");
        }
        Path json = dir.resolve("run.json");
        if (!Files.exists(json)) {
            throw new UsageException(option + " " + dir + ": no run.json: not a folder otto run wrote, or its run was killed "
                    + "before it began (start it again)");
        }
        tools.jackson.databind.JsonNode root;
        try {
            root = new tools.jackson.databind.ObjectMapper().readTree(json.toFile());
        } catch (RuntimeException e) {
            throw new UsageException(json + ": cannot read it: " + e.getMessage());
        }
        String stop = root.path("stop_reason").asString("");
        if (List.of("completed", "converged", "stopping rule").contains(stop)) {
            // a run killed just after it wrote its results may have left its checkpoint and chains' files: not needed now
            deleteQuietly(dir.resolve(CHECKPOINT));
            try {
                LiveFiles.removePartial(dir);
            } catch (IOException ignored) {
                // best effort
            }
            throw new UsageException("cannot resume " + dir + ": its run is complete (stop_reason: " + stop + "); nothing to resume");
        }
        tools.jackson.databind.JsonNode args = root.path("arguments");
        if (!args.isArray() || args.isEmpty()) {
            throw new UsageException("cannot resume " + dir + ": " + json + " has no \"arguments\" to rerun the run with "
                    + "(written by an older otto?)");
        }
        Map<String, String> identity = new java.util.LinkedHashMap<>();
        root.path("identity").properties().forEach(e -> identity.put(e.getKey(), e.getValue().asString("")));
        Checkpoint checkpoint = null;
        Path file = dir.resolve(CHECKPOINT);
        if (Files.exists(file)) {
            try {
                checkpoint = Checkpoint.read(file);
            } catch (IOException e) {
                throw new UsageException("cannot resume " + dir + ": " + e.getMessage());
            }
        }
        if (modelName == null) {
            List<String> merged = new ArrayList<>();
            args.forEach(a -> merged.add(a.asString()));
            for (CommandLine.Model.OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
                if (!NOT_OF_THE_RUN.contains(o.longestName())) {
                    if (o.arity().max == 0) {
                        merged.add(o.longestName());
                    } else {
                        for (String v : o.originalStringValues()) {
                            merged.add(o.longestName());
                            merged.add(v);
                        }
                    }
                }
            }
            RunCommand stored = new RunCommand();
            CommandLine cl = new CommandLine(stored);
            cl.setOverwrittenOptionsAllowed(true);
            try {
                cl.parseArgs(merged.toArray(new String[0]));
            } catch (CommandLine.ParameterException e) {
                throw new UsageException("cannot resume " + dir + ": its stored arguments do not parse: " + e.getMessage());
            }
            modelName = stored.modelName;
            data = stored.data;
            method = stored.method;
            seed = stored.seed;
            recordEvery = stored.recordEvery;
            options = stored.options;
        }
        return new Resume(checkpoint, identity);
    }

    private static String mismatch(Map<String, String> stored, Map<String, String> now) {
        if (stored.isEmpty()) {
            return null;
        }
        for (Map.Entry<String, String> e : stored.entrySet()) {
            if (!e.getValue().equals(now.get(e.getKey()))) {
                return e.getKey() + ": " + e.getValue() + " in " + resumeNote() + ", " + now.get(e.getKey()) + " now";
            }
        }
        return null;
    }

    private static String resumeNote() {
        return "its run.json";
    }

    /**
     * The arguments that run this run again, as run.json keeps them for --resume: the model, the
     * method, the seed, the data (absolute path) and every option given, on the command line or in
     * a config file, that changes the results.
     */
    List<String> arguments() {
        List<String> a = new ArrayList<>();
        a.add(modelName);
        a.add("--method");
        a.add(method);
        a.add("--seed");
        a.add(Long.toString(seed));
        if (data != null) {
            a.add("--data");
            a.add(data.toAbsolutePath().normalize().toString());
        }
        if (recordEvery != null) {
            a.add("--record-every");
            a.add(recordEvery.toString());
        }
        for (Map.Entry<String, Object> e : options.given().entrySet()) {
            if (e.getValue() instanceof Boolean b) {
                if (b) {
                    a.add(e.getKey());
                }
                continue;
            }
            a.add(e.getKey());
            a.add(String.valueOf(e.getValue()));
        }
        return a;
    }

    /** --checkpoint-every: N iterations, Ns seconds, Nm minutes, Nh hours, or never. */
    private Checkpoint.Interval checkpointInterval() {
        String v = checkpointEvery.trim().toLowerCase(Locale.ROOT);
        String option = label("--checkpoint-every");
        if (v.equals("never") || v.equals("off") || v.equals("0")) {
            return Checkpoint.Interval.never();
        }
        try {
            char unit = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
            if (unit == 's' || unit == 'm' || unit == 'h') {
                double x = Double.parseDouble(v.substring(0, v.length() - 1));
                return Checkpoint.Interval.seconds(x * (unit == 's' ? 1 : unit == 'm' ? 60 : 3600));
            }
            return Checkpoint.Interval.iterations(Integer.parseInt(v));
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + " '" + checkpointEvery + "': expected a number of iterations (500), of seconds (30s), "
                    + "of minutes (5m) or hours (1h), or never");
        }
    }

    /** The SHA-256 of the data file (hex), or {@code none}: a resume refuses data that changed. */
    private static String digest(Path file) {
        if (file == null) {
            return "none";
        }
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            byte[] h = md.digest(Files.readAllBytes(file));
            StringBuilder sb = new StringBuilder();
            for (byte b : h) {
                sb.append(String.format(Locale.ROOT, "%02x", b));
            }
            return sb.toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // it is replaced at the first checkpoint anyway
        }
    }

    /** Sets, from --config, every option the command line left out. */
    private void readConfig() {
        if (config == null) {
            return;
        }
        String fromFile = ConfigFile.apply(config, spec, spec.commandLine().getParseResult(), options.origins);
        if (modelName == null && fromFile != null) {
            modelName = fromFile;
            modelOrigin = config + ": model: ";
        }
    }

    /** How a message names an option: {@code --data}, or {@code FILE: data} when it came from --config. */
    private String label(String option) {
        return options.label(option);
    }

    private ModelZoo.Entry entry() {
        try {
            return ModelZoo.get(modelName);
        } catch (IllegalArgumentException e) {
            throw new UsageException(modelOrigin + e.getMessage());
        }
    }

    private StanData loadData(ModelZoo.Entry entry) {
        if (data == null) {
            if (entry.needsData()) {
                throw new UsageException("model " + entry.name() + " needs data: --data FILE with fields "
                        + String.join(", ", entry.fields().stream().filter(ModelZoo.Field::required).map(ModelZoo.Field::name).toList()));
            }
            return StanData.empty();
        }
        String option = label("--data");
        if (Files.isDirectory(data)) {
            throw new UsageException(option + " " + data + ": is a folder, not a data file");
        }
        if (!Files.exists(data)) {
            throw new UsageException(option + " " + data + ": no such file");
        }
        if (data.toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            if (!ModelsCommand.acceptsCsv(entry)) {
                throw new UsageException(option + " " + data + ": CSV data is read only by the regression models "
                        + "(logistic_regression, linear_regression, poisson_regression); give model " + entry.name()
                        + " Stan JSON data");
            }
            return StanData.fromCsv(data);
        }
        return StanData.read(data);
    }

    /** A warning for data fields the model does not read: a misspelt optional field would otherwise pass unseen. */
    private void warnUnusedFields(PrintWriter err, ModelZoo.Entry entry, StanData stanData) {
        if (data == null) {
            return;
        }
        List<String> known = entry.fields().stream().map(ModelZoo.Field::name).toList();
        List<String> unused = stanData.names().stream().filter(n -> !known.contains(n)).toList();
        if (!unused.isEmpty()) {
            err.println("note: " + label("--data") + " " + data + ": field" + (unused.size() == 1 ? " " : "s ")
                    + String.join(", ", unused) + (unused.size() == 1 ? " is" : " are") + " not read by model " + entry.name()
                    + " (ignored)");
            err.flush();
        }
    }

    /** --verbose, before the run: what runs, where it writes, and every setting with the defaults filled in. */
    private void printSettings(PrintWriter err, Model model, Flow flow, Run run, Path dir) {
        err.printf(Locale.ROOT, "run: model %s (d = %d), data %s, method %s, seed %d, threads %d, trace every %d iteration%s, "
                        + "out %s%n", model.name(), model.dimension(), data == null ? "none" : data, method, seed, threads,
                run.recordInterval(), run.recordInterval() == 1 ? "" : "s", dir);
        List<String> settings = new ArrayList<>();
        for (Map.Entry<String, Object> e : flow.settings().entrySet()) {
            settings.add(e.getKey() + " = " + text(e.getValue()));
        }
        err.println("settings (defaults filled in): " + String.join(", ", settings));
        if (config != null) {
            List<String> keys = new ArrayList<>();
            if (!modelOrigin.isEmpty()) {
                keys.add("model");
            }
            options.origins.keySet().stream().map(ConfigFile::key).sorted().forEach(keys::add);
            err.println("from " + config + ": " + (keys.isEmpty() ? "nothing (the command line gave every key it has)"
                    : String.join(", ", keys)));
        }
        err.flush();
    }

    /** --verbose, after the run: the preconditioner, start or box the method chose, and every fault example kept. */
    private static void printChoices(PrintWriter err, Result result) {
        Map<String, Object> info = result.info();
        Map<String, Object> settings = result.settings();
        if (info.get("metric_initialised_from") instanceof String origin) {
            err.println("preconditioner: " + settings.get("preconditioner") + ", " + settings.get("metric") + " metric, initialised from "
                    + (origin.equals("identity") ? "the identity (no Gaussian fit was used)" : "the " + origin + " fit")
                    + ("warmup".equals(settings.get("preconditioner")) ? ", re-estimated from the warm-up draws" : ""));
        }
        if (info.get(Result.CLOUD_PARTICLES) != null && info.get("start") instanceof String start) {
            err.println("start: " + (start.equals("laplace") ? "the Laplace fit" : "uniform in (-2, 2)^d") + ", particles moving in "
                    + info.get("metric") + " coordinates" + (info.get("start_note") instanceof String note && !note.isBlank()
                    ? " (" + note + ")" : ""));
        }
        if (info.get("box_origin") != null) {
            err.println("box: " + info.get("box") + " (" + info.get("box_origin") + "), grid " + info.get("grid")
                    + (info.get("frame") != null ? "; the box is in the grid's coordinates z from the Laplace fit (metric "
                    + info.get("metric") + "): " + info.get("frame") + "; it spans " + info.get("box_in_model_coordinates")
                    + " in the model's coordinates" : ""));
        }
        List<Fault> examples = result.faults().examples();
        if (examples.isEmpty()) {
            err.println("faults: none");
        } else {
            err.println("faults: " + result.faults().total() + " in all; the examples kept (the first "
                    + "few of each kind):");
            String unit = Report.unit(result.method());
            for (Fault f : examples) {
                List<String> where = new ArrayList<>();
                if (f.iteration() >= 0) {
                    where.add("iteration " + (f.iteration() + 1));
                }
                String which = unit + " " + (f.where() + 1);
                if (f.where() >= 0 && (f.detail() == null || !f.detail().startsWith(which))) {
                    where.add(which);
                }
                err.println("  " + f.kind() + (where.isEmpty() ? "" : " at " + String.join(", ", where))
                        + (f.detail() == null || f.detail().isBlank() ? "" : ": " + f.detail()));
            }
        }
        err.flush();
    }

    /** The value of a setting as text: arrays element by element. */
    private static String text(Object v) {
        if (v instanceof double[] a) {
            return Arrays.toString(a);
        }
        if (v instanceof int[] a) {
            return Arrays.toString(a);
        }
        if (v instanceof Object[] a) {
            return Arrays.toString(a);
        }
        return String.valueOf(v);
    }

    /** --out: the folder, created if need be. */
    private Path createFolder(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UsageException(label("--out") + " " + dir + ": cannot create the folder: " + describe(e));
        }
        if (!Files.isWritable(dir)) {
            throw new UsageException(label("--out") + " " + dir + ": the folder is not writable");
        }
        return dir;
    }

    /**
     * A new folder {@code root/MODEL-METHOD-yyyyMMdd-HHmmss}, created here: when one of that name
     * exists (another run in the same second, even in another process) the next free suffix
     * {@code -2}, {@code -3}, … is taken. Creating a folder is atomic, so two runs never share one.
     */
    static Path newFolder(Path root, String model, String method, LocalDateTime time) {
        String base = model + "-" + method + "-" + time.format(STAMP);
        try {
            Files.createDirectories(root);
            for (int k = 1; k <= 10_000; k++) {
                Path p = root.resolve(k == 1 ? base : base + "-" + k);
                try {
                    return Files.createDirectory(p);
                } catch (FileAlreadyExistsException taken) {
                    // another run took this name: try the next suffix
                }
            }
        } catch (IOException e) {
            throw new UsageException("cannot create an output folder under " + root + ": " + describe(e) + " (give one with --out DIR)");
        }
        throw new UsageException("cannot create an output folder under " + root + ": 10000 folders named " + base
                + "… exist (give one with --out DIR)");
    }

    private static void deleteIfEmpty(Path dir) {
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(dir);
            }
        } catch (IOException ignored) {
            // best effort: an empty folder left behind does no harm
        }
    }

    /** An I/O error in words: the exception's name says more than its message (often just the path). */
    static String describe(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (e instanceof java.nio.file.FileSystemException) {
            return e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        }
        return e.getMessage();
    }
}

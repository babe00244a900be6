package otto.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.FileAlreadyExistsException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
                        + "Exit status: 0 success, 1 the run failed, 2 bad usage or bad input.",
                "",
                "Memory: a run estimates what it will hold before it starts; above a quarter of the Java heap it says so on "
                        + "stderr, and above 80 % it is refused (exit 2) naming the options to lower; OTTO_JAVA_OPTS=-Xmx16g "
                        + "gives the otto script a larger heap.",
                "", "Examples:",
                "  otto run eight_schools_noncentered --data examples/eight_schools.json",
                "  otto run eight_schools_noncentered --data examples/eight_schools.json \\",
                "      --method fbvi",
                "  otto run logistic_regression --data examples/logistic_regression.csv",
                "  otto run funnel --chains 8 --draws 2000 --seed 7 --out runs/funnel",
                "  otto run logistic_regression --data examples/logistic_regression.csv \\",
                "      --method kinetic --preconditioner vi",
                "  otto run banana --method fokker-planck --grid 256 --box -10:12,-5:120",
                "  otto run --config examples/eight_schools.yaml",
                "  otto run --config examples/eight_schools.yaml --method kinetic --seed 8 --verbose"})
final class RunCommand implements Runnable {
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

    @Option(names = "--quiet", description = "print nothing but errors")
    boolean quiet;

    @Option(names = "--verbose", description = "also print, to stderr, the settings as resolved, the preconditioner or start "
            + "chosen and every fault example kept")
    boolean verbose;

    /** Where the model name came from, for messages: empty, or {@code FILE: model: }. */
    private String modelOrigin = "";

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
        } catch (IllegalArgumentException e) {
            // bad names and settings, found before anything runs; the same exception during the run is a bug
            throw new UsageException(e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            throw new UsageException(label("--data") + " " + data + ": cannot read: " + e.getCause().getMessage());
        }
        MemoryCheck.before(run, method, options, stderr, quiet);
        if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
            throw new UsageException(label("--out") + " " + out + " exists and is not a folder");
        }
        boolean created = out == null || !Files.isDirectory(out);
        Path dir = out != null ? createFolder(out) : newFolder(RUNS, modelName, method, LocalDateTime.now());
        if (verbose) {
            printSettings(stderr, model, flow, run, dir);
        }
        Progress progress = quiet ? null : Progress.forConsole(stderr);
        if (progress != null) {
            run.progress(progress);
        }
        Result result;
        try {
            result = run.execute();
        } catch (RuntimeException e) {
            if (created) {
                deleteIfEmpty(dir);
            }
            if (e instanceof ArithmeticException) {
                // a numerical breakdown (a failed decomposition, say): the run failed, it is not a usage error
                StackTraceElement[] at = e.getStackTrace();
                throw new RunFailedException(method + ": " + e.getMessage()
                        + (at.length > 0 ? " (in " + at[0].getClassName() + "." + at[0].getMethodName() + ")" : "")
                        + (options.step != null ? "; a smaller --step may help" : ""), e);
            }
            throw e;
        } finally {
            if (progress != null) {
                progress.done();
            }
        }
        if (verbose) {
            printChoices(stderr, result);
        }
        Draws constrained = result.draws().constrain(model);
        String notFinite = Summaries.firstNonFiniteColumn(constrained);
        var summaries = notFinite == null ? Summaries.of(model, result, constrained) : List.<otto.diagnostics.Summary>of();
        try {
            Output.write(dir, model, data, result, constrained, summaries);
        } catch (IOException e) {
            throw new RunFailedException("cannot write the results to " + dir + ": " + describe(e));
        }
        if (notFinite != null) {
            throw new RunFailedException("draws of " + notFinite + " are not finite (they overflow on the constrained scale): "
                    + "the result cannot be trusted; draws.csv, trace.csv and run.json are in " + dir);
        }
        if (!quiet) {
            Report.print(stdout, model, result, summaries, dir);
        }
        stdout.flush();
        stderr.flush();
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
            err.println("box: " + info.get("box") + " (" + info.get("box_origin") + "), grid " + info.get("grid"));
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

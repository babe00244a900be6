package otto.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import otto.flow.Draws;
import otto.flow.Result;
import otto.flow.RunFailedException;
import otto.flow.Run;
import otto.model.Model;
import otto.models.ModelZoo;
import otto.models.StanData;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code otto run MODEL}: runs a method on a built-in model and writes draws, summary, trace and run.json. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
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
                "Progress is shown on an interactive terminal only. Exit status: 0 success, 1 the run failed, "
                        + "2 bad usage or bad input.",
                "", "Examples:",
                "  otto run eight_schools_noncentered --data examples/eight_schools.json",
                "  otto run eight_schools_noncentered --data examples/eight_schools.json \\",
                "      --method fbvi",
                "  otto run logistic_regression --data examples/logistic_regression.csv",
                "  otto run funnel --chains 8 --draws 2000 --seed 7 --out runs/funnel",
                "  otto run logistic_regression --data examples/logistic_regression.csv \\",
                "      --method kinetic --preconditioner vi",
                "  otto run banana --method fokker-planck --grid 256 --box -10:12,-5:120"})
final class RunCommand implements Runnable {
    static final List<String> AVAILABLE = List.of("mala", "ula", "kinetic", "svgd", "blob", "fbvi", "bwvi", "mixture", "advi",
            "fokker-planck", "jko");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "a built-in model name")
    String modelName;

    @Option(names = "--data", paramLabel = "FILE", description = "data in Stan JSON, or CSV for regressions (column y, then predictors)")
    Path data;

    @Option(names = "--method", paramLabel = "NAME", defaultValue = "mala", description = "mala, ula, kinetic, svgd, blob, fbvi, bwvi, mixture, advi, "
            + "fokker-planck or jko (default: ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: a new folder under runs/)")
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

    @Override
    public void run() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Model model;
        Run run;
        try {
            ModelZoo.Entry entry = ModelZoo.get(modelName);
            StanData stanData = loadData(entry);
            model = entry.create(stanData);
            if (!quiet) {
                warnUnusedFields(stderr, entry, stanData);
            }
            if (threads < 1) {
                throw new UsageException("--threads must be at least 1, got " + threads);
            }
            run = Run.of(model, options.flow(method, model.dimension())).seed(seed).threads(threads);
            if (recordEvery != null) {
                if (recordEvery < 1) {
                    throw new UsageException("--record-every must be at least 1, got " + recordEvery);
                }
                run.recordEvery(recordEvery);
            }
        } catch (IllegalArgumentException e) {
            // bad names and settings, found before anything runs; the same exception during the run is a bug
            throw new UsageException(e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            throw new UsageException("--data " + data + ": cannot read: " + e.getCause().getMessage());
        }
        Path dir = outputFolder();
        boolean created = createFolder(dir);
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
        Draws constrained = result.draws().constrain(model);
        String notFinite = Output.firstNonFiniteColumn(constrained);
        var summaries = notFinite == null ? Output.summaries(model, result, constrained) : List.<otto.diagnostics.Summary>of();
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
    }

    private StanData loadData(ModelZoo.Entry entry) {
        if (data == null) {
            if (entry.needsData()) {
                throw new UsageException("model " + entry.name() + " needs data: --data FILE with fields "
                        + String.join(", ", entry.fields().stream().filter(ModelZoo.Field::required).map(ModelZoo.Field::name).toList()));
            }
            return StanData.empty();
        }
        if (Files.isDirectory(data)) {
            throw new UsageException("--data " + data + ": is a folder, not a data file");
        }
        if (!Files.exists(data)) {
            throw new UsageException("--data " + data + ": no such file");
        }
        if (data.toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            if (!ModelsCommand.acceptsCsv(entry)) {
                throw new UsageException("--data " + data + ": CSV data is read only by the regression models "
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
            err.println("note: --data " + data + ": field" + (unused.size() == 1 ? " " : "s ") + String.join(", ", unused)
                    + (unused.size() == 1 ? " is" : " are") + " not read by model " + entry.name() + " (ignored)");
            err.flush();
        }
    }

    private static boolean createFolder(Path dir) {
        boolean existed = Files.isDirectory(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UsageException("--out " + dir + ": cannot create the folder: " + describe(e));
        }
        if (!Files.isWritable(dir)) {
            throw new UsageException("--out " + dir + ": the folder is not writable");
        }
        return !existed;
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

    private Path outputFolder() {
        if (out != null) {
            if (Files.exists(out) && !Files.isDirectory(out)) {
                throw new UsageException("--out " + out + " exists and is not a folder");
            }
            return out;
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path base = Path.of("runs", modelName + "-" + method + "-" + stamp);
        Path p = base;
        for (int k = 2; Files.exists(p); k++) {
            p = Path.of(base + "-" + k);
        }
        return p;
    }
}

package otto.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import otto.flow.Draws;
import otto.flow.Fault;
import otto.flow.Flow;
import otto.flow.Result;
import otto.flow.RunFailedException;
import otto.flow.Run;
import otto.flow.gaussian.Advi;
import otto.flow.gaussian.BuresWassersteinVi;
import otto.flow.gaussian.ForwardBackwardVi;
import otto.flow.gaussian.MixtureVi;
import otto.flow.gaussian.GaussianViSettings;
import otto.flow.particle.Mala;
import otto.flow.particle.Metric;
import otto.model.Model;
import otto.models.ModelZoo;
import otto.models.StanData;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code otto run MODEL}: runs a method on a built-in model and writes draws, summary, trace and run.json. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a method on a built-in model (see 'otto models') and write draws.csv, summary.csv, trace.csv and run.json.",
        footer = {"", "Methods: mala (Metropolis-adjusted Langevin, default), fbvi (forward-backward Gaussian VI),",
                "bwvi (Bures-Wasserstein Gaussian VI), mixture (Gaussian-mixture VI), advi (Stan's ADVI, the baseline).",
                "See docs/methods.md.",
                "", "Examples:",
                "  otto run eight_schools_noncentered --data examples/eight_schools.json",
                "  otto run eight_schools_noncentered --data examples/eight_schools.json --method fbvi",
                "  otto run logistic_regression --data data.csv --chains 8 --draws 2000 --seed 7",
                "  otto run funnel --method mala --metric diag --out runs/funnel"})
final class RunCommand implements Runnable {
    static final List<String> AVAILABLE = List.of("mala", "fbvi", "bwvi", "mixture", "advi");
    static final List<String> PLANNED = List.of("ula", "kinetic", "svgd", "blob",
            "fokker-planck", "jko");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "a built-in model name")
    String modelName;

    @Option(names = "--data", paramLabel = "FILE", description = "data in Stan JSON, or CSV for regressions (column y, then predictors)")
    Path data;

    @Option(names = "--method", paramLabel = "NAME", defaultValue = "mala", description = "mala, fbvi, bwvi, mixture or advi (default: ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: a new folder under runs/)")
    Path out;

    @Option(names = "--threads", defaultValue = "1", description = "threads for batched evaluation; results do not depend on it (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--iterations", description = "fbvi, bwvi, mixture: flow iterations (default 400); advi: the most iterations (default 10000)")
    Integer iterations;

    @Option(names = "--step", description = "a fixed step (mala: time step ε, adapted by default; fbvi, bwvi: whitened step h; advi: η)")
    Double step;

    @Option(names = "--chains", description = "chains (mala), or chains the draws of a fitted Gaussian are laid out in (default 4)")
    Integer chains;

    @Option(names = "--draws", description = "draws per chain (default 1000)")
    Integer draws;

    @Option(names = "--warmup", description = "mala: warm-up iterations per chain (default 1000)")
    Integer warmup;

    @Option(names = "--metric", description = "mala: preconditioner dense, diag or unit (default dense)")
    String metric;

    @Option(names = "--samples", description = "fbvi, bwvi: Monte Carlo samples per iteration, even (default 10); advi: gradient draws (default 1)")
    Integer samples;

    @Option(names = "--algorithm", description = "advi: meanfield (default) or fullrank")
    String algorithm;

    @Option(names = "--covariance", description = "fbvi, bwvi: full (default) or diag")
    String covariance;

    @Option(names = "--hessian", description = "fbvi, bwvi: exact (default) or stein (gradients only; use many --samples)")
    String hessian;

    @Option(names = "--components", description = "mixture: Gaussian components (default 4)")
    Integer components;

    @Option(names = "--quiet", description = "print nothing but errors")
    boolean quiet;

    @Override
    public void run() {
        PrintWriter stdout = spec.commandLine().getOut();
        ModelZoo.Entry entry = ModelZoo.get(modelName);
        StanData stanData = loadData(entry);
        Model model = entry.create(stanData);
        Flow flow = flow();
        if (threads < 1) {
            throw new UsageException("--threads must be at least 1, got " + threads);
        }
        Path dir = outputFolder();
        Progress progress = quiet ? null : Progress.forConsole(spec.commandLine().getErr());
        Run run = Run.of(model, flow).seed(seed).threads(threads);
        if (progress != null) {
            run.progress(progress);
        }
        Result result = run.execute();
        if (progress != null) {
            progress.done();
        }
        Draws constrained = result.draws().constrain(model);
        String notFinite = Output.firstNonFiniteColumn(constrained);
        var summaries = notFinite == null ? Output.summaries(constrained) : List.<otto.diagnostics.Summary>of();
        try {
            Output.write(dir, model, data, result, constrained, summaries);
        } catch (IOException e) {
            throw new UsageException("cannot write to " + dir + ": " + e.getMessage());
        }
        if (notFinite != null) {
            throw new RunFailedException("draws of " + notFinite + " are not finite (they overflow on the constrained scale): "
                    + "the result cannot be trusted; draws.csv, trace.csv and run.json are in " + dir);
        }
        if (!quiet) {
            report(stdout, model, result, summaries, dir);
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
        if (!Files.exists(data)) {
            throw new UsageException("--data " + data + ": no such file");
        }
        return data.toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? StanData.fromCsv(data) : StanData.read(data);
    }

    Flow flow() {
        if (PLANNED.contains(method)) {
            throw new UsageException("method '" + method + "' is not available yet; available: " + String.join(", ", AVAILABLE));
        }
        positive("--iterations", iterations);
        positive("--chains", chains);
        positive("--draws", draws);
        positive("--samples", samples);
        if (warmup != null && warmup < 0) {
            throw new UsageException("--warmup must be non-negative, got " + warmup);
        }
        if (step != null && !(step > 0 && Double.isFinite(step))) {
            throw new UsageException("--step must be positive, got " + step);
        }
        switch (method) {
            case "mala": {
                notFor("mala", "--iterations", iterations);
                notFor("mala", "--samples", samples);
                notFor("mala", "--algorithm", algorithm);
                notFor("mala", "--components", components);
                notFor("mala", "--covariance", covariance);
                notFor("mala", "--hessian", hessian);
                Mala.Settings s = Mala.Settings.defaults();
                if (chains != null) {
                    s = s.withChains(chains);
                }
                if (warmup != null) {
                    s = s.withWarmup(warmup);
                }
                if (draws != null) {
                    s = s.withDraws(draws);
                }
                if (step != null) {
                    s = s.withStep(step);
                }
                if (metric != null) {
                    s = s.withMetric(Metric.parse(metric));
                }
                return new Mala(s);
            }
            case "fbvi":
            case "bwvi": {
                notFor(method, "--warmup", warmup);
                notFor(method, "--metric", metric);
                notFor(method, "--algorithm", algorithm);
                notFor(method, "--components", components);
                GaussianViSettings s = GaussianViSettings.defaults();
                if (iterations != null) {
                    if (iterations < 2) {
                        throw new UsageException("--iterations must be at least 2 for " + method + ", got " + iterations);
                    }
                    s = s.withIterations(iterations);
                }
                if (samples != null) {
                    if (samples % 2 != 0) {
                        throw new UsageException("--samples must be even for " + method + " (antithetic pairs), got " + samples);
                    }
                    s = s.withSamples(samples);
                }
                if (step != null) {
                    s = s.withStep(step);
                }
                if (draws != null) {
                    s = s.withDraws(draws);
                }
                if (chains != null) {
                    s = s.withChains(chains);
                }
                if (covariance != null) {
                    if (!covariance.equals("full") && !covariance.equals("diag")) {
                        throw new UsageException("--covariance must be full or diag, got '" + covariance + "'");
                    }
                    s = s.withDiagonal(covariance.equals("diag"));
                }
                if (hessian != null) {
                    if (!hessian.equals("exact") && !hessian.equals("stein")) {
                        throw new UsageException("--hessian must be exact or stein, got '" + hessian + "'");
                    }
                    s = s.withStein(hessian.equals("stein"));
                }
                return method.equals("fbvi") ? new ForwardBackwardVi(s) : new BuresWassersteinVi(s);
            }
            case "mixture": {
                notFor("mixture", "--warmup", warmup);
                notFor("mixture", "--metric", metric);
                notFor("mixture", "--algorithm", algorithm);
                notFor("mixture", "--step", step);
                notFor("mixture", "--samples", samples);
                notFor("mixture", "--covariance", covariance);
                notFor("mixture", "--hessian", hessian);
                positive("--components", components);
                MixtureVi.Settings s = MixtureVi.Settings.defaults();
                if (components != null) {
                    s = s.withComponents(components);
                }
                if (iterations != null) {
                    s = s.withIterations(iterations);
                }
                if (draws != null) {
                    s = s.withDraws(draws);
                }
                if (chains != null) {
                    s = s.withChains(chains);
                }
                return new MixtureVi(s);
            }
            case "advi": {
                notFor("advi", "--warmup", warmup);
                notFor("advi", "--metric", metric);
                notFor("advi", "--components", components);
                notFor("advi", "--covariance", covariance);
                notFor("advi", "--hessian", hessian);
                Advi.Settings s = Advi.Settings.defaults();
                if (algorithm != null) {
                    if (!algorithm.equals("meanfield") && !algorithm.equals("fullrank")) {
                        throw new UsageException("--algorithm must be meanfield or fullrank, got '" + algorithm + "'");
                    }
                    s = s.withFullRank(algorithm.equals("fullrank"));
                }
                if (iterations != null) {
                    s = s.withIterations(iterations);
                }
                if (samples != null) {
                    s = s.withGradSamples(samples);
                }
                if (step != null) {
                    s = s.withEta(step);
                }
                if (draws != null) {
                    s = s.withDraws(draws);
                }
                if (chains != null) {
                    s = s.withChains(chains);
                }
                return new Advi(s);
            }
            default:
                throw new UsageException("unknown method '" + method + "'; available: " + String.join(", ", AVAILABLE));
        }
    }

    private static void positive(String name, Integer v) {
        if (v != null && v < 1) {
            throw new UsageException(name + " must be at least 1, got " + v);
        }
    }

    private static void notFor(String method, String option, Object value) {
        if (value != null) {
            throw new UsageException(option + " does not apply to method " + method);
        }
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

    private static void report(PrintWriter out, Model model, Result result, List<otto.diagnostics.Summary> summaries, Path dir) {
        out.printf(Locale.ROOT, "%s on %s: %d iterations in %.2f s (seed %d)%n", result.method(), model.name(),
                result.iterations(), result.totalSeconds(), result.seed());
        out.println();
        out.print(Output.table(summaries));
        out.println();
        Map<String, Object> info = result.info();
        if (info.get("elbo") instanceof Double elbo) {
            out.printf(Locale.ROOT, "ELBO %.4f ± %.4f (Monte Carlo standard error); free energy F = -ELBO%n", elbo,
                    (Double) info.get("elbo_se"));
        }
        if (info.get("pareto_k") instanceof Double k && !k.isNaN()) {
            double logZ = info.get("log_evidence_is") instanceof Double z ? z : Double.NaN;
            out.printf(Locale.ROOT, "Pareto k̂ %.2f of the importance ratios posterior/q; importance-sampled log evidence %.4f%n", k, logZ);
            if (k > otto.diagnostics.ParetoSmoothing.UNRELIABLE) {
                out.println("warning: k̂ > 0.7: the Gaussian is a poor fit here; do not trust its means, sds or evidence");
            }
        }
        if (result.draws().sampler().containsKey("accept_stat__")) {
            double[][] acc = result.draws().sampler().get("accept_stat__");
            double s = 0;
            int n = 0;
            for (double[] c : acc) {
                for (double v : c) {
                    s += v;
                    n++;
                }
            }
            out.printf(Locale.ROOT, "mean acceptance %.3f (target 0.574)%n", s / n);
        }
        for (Map.Entry<String, Long> e : result.faults().counts().entrySet()) {
            Fault first = result.faults().examples().stream().filter(f -> f.kind().equals(e.getKey())).findFirst().orElse(null);
            out.printf(Locale.ROOT, "warning: %d × %s%s%n", e.getValue(), e.getKey().replace('_', ' '),
                    first == null ? "" : " (first at iteration " + (first.iteration() + 1) + ": " + first.detail() + ")");
        }
        long flagged = summaries.stream().filter(Output::flagged).count();
        if (flagged > 0) {
            out.println("warning: " + flagged + " quantit" + (flagged == 1 ? "y has" : "ies have")
                    + " R-hat > 1.01 or bulk ESS < 100 (marked !): run longer before trusting them");
        }
        out.println("wrote " + dir + "/{draws.csv, summary.csv, trace.csv, run.json}");
    }
}

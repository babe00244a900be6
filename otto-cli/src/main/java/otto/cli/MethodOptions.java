package otto.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import otto.flow.Flow;
import otto.flow.gaussian.Advi;
import otto.flow.gaussian.BuresWassersteinVi;
import otto.flow.gaussian.ForwardBackwardVi;
import otto.flow.gaussian.GaussianViSettings;
import otto.flow.gaussian.MixtureVi;
import otto.flow.grid.Box;
import otto.flow.grid.EntropicJko;
import otto.flow.grid.FokkerPlanck;
import otto.flow.grid.Grid;
import otto.flow.grid.GridSettings;
import otto.flow.particle.BlobFlow;
import otto.flow.particle.ChainSettings;
import otto.flow.particle.CloudStart;
import otto.flow.particle.KineticLangevin;
import otto.flow.particle.Mala;
import otto.flow.particle.Metric;
import otto.flow.particle.Preconditioner;
import otto.flow.particle.Svgd;
import otto.flow.particle.Ula;
import picocli.CommandLine.Option;

/**
 * The options of {@code otto run} that tune a method, and the method's flow built from them. An
 * option left out takes the method's default; an option the method does not take is an error
 * rather than silently ignored ({@link #ACCEPTS} says which method takes which).
 */
final class MethodOptions {
    private static final Set<String> CHAIN = Set.of("--chains", "--particles", "--warmup", "--draws", "--step", "--metric",
            "--preconditioner");
    private static final Set<String> GRID = Set.of("--grid", "--box", "--metric", "--dt", "--time", "--iterations",
            "--density-times", "--draws", "--chains");

    /** The options each method takes. */
    static final Map<String, Set<String>> ACCEPTS = Map.ofEntries(
            Map.entry("mala", CHAIN),
            Map.entry("ula", CHAIN),
            Map.entry("kinetic", union(CHAIN, Set.of("--friction", "--splitting", "--adjusted"))),
            Map.entry("svgd", Set.of("--particles", "--iterations", "--step", "--step-rule", "--kernel", "--bandwidth", "--metric",
                    "--start")),
            Map.entry("blob", Set.of("--particles", "--iterations", "--step", "--epsilon", "--metric", "--start")),
            Map.entry("fbvi", Set.of("--iterations", "--samples", "--step", "--draws", "--chains", "--covariance", "--hessian")),
            Map.entry("bwvi", Set.of("--iterations", "--samples", "--step", "--draws", "--chains", "--covariance", "--hessian")),
            Map.entry("mixture", Set.of("--components", "--iterations", "--draws", "--chains")),
            Map.entry("advi", Set.of("--algorithm", "--iterations", "--samples", "--step", "--draws", "--chains")),
            Map.entry("fokker-planck", GRID),
            Map.entry("jko", union(GRID, Set.of("--gamma"))));

    @Option(names = "--iterations", paramLabel = "N", description = "svgd, blob: flow steps (default 1000); fbvi, bwvi, mixture: "
            + "flow iterations (default 400); advi: the most iterations (default 10000); fokker-planck, jko: time steps; "
            + "ula, mala, kinetic take --warmup and --draws instead")
    Integer iterations;

    @Option(names = "--step", paramLabel = "X", description = "a fixed step (ula, kinetic: time step, from the curvature by default; "
            + "mala, adjusted kinetic: adapted by default; svgd: the step size (default 0.05); blob: fixed instead of the "
            + "Armijo-adapted step; fbvi, bwvi: whitened step h; advi: η)")
    Double step;

    @Option(names = "--particles", paramLabel = "N", description = "svgd, blob: particles (default 100); ula, mala, kinetic: the same as "
            + "--chains (chains are particles moving together)")
    Integer particles;

    @Option(names = "--chains", paramLabel = "N", description = "chains (ula, mala, kinetic), or chains the draws of a fitted "
            + "approximation are laid out in (default 4)")
    Integer chains;

    @Option(names = "--draws", paramLabel = "N", description = "draws per chain (default: ula, mala, kinetic 2000; the draws of a fitted approximation 1000)")
    Integer draws;

    @Option(names = "--warmup", paramLabel = "N", description = "ula, mala, kinetic: warm-up iterations per chain (default 1000)")
    Integer warmup;

    @Option(names = "--metric", paramLabel = "METRIC", completionCandidates = Candidates.Metrics.class,
            description = "ula, mala, kinetic: preconditioner form; svgd, blob: the "
            + "coordinates the particles move in (whitened by the Laplace fit); fokker-planck, jko: the coordinates the grid is "
            + "laid out in (unit with --box): dense, diag or unit (default dense)")
    String metric;

    @Option(names = "--preconditioner", paramLabel = "PRECOND", completionCandidates = Candidates.Preconditioners.class,
            description = "ula, mala, kinetic: preconditioner from warmup (Laplace "
            + "start, re-estimated from warm-up draws; the default), laplace or vi (a forward-backward VI pilot fit), kept fixed")
    String preconditioner;

    @Option(names = "--friction", paramLabel = "X", description = "kinetic: friction γ (default 1)")
    Double friction;

    @Option(names = "--splitting", paramLabel = "SPLITTING", completionCandidates = Candidates.Splittings.class,
            description = "kinetic: baoab (default) or obabo")
    String splitting;

    @Option(names = "--adjusted", description = "kinetic: Metropolis-adjusted OBABO (exact; the step is then adapted)")
    Boolean adjusted;

    @Option(names = "--step-rule", paramLabel = "RULE", completionCandidates = Candidates.StepRules.class,
            description = "svgd: annealed (default: AdaGrad, annealed over the second "
            + "half), adagrad or fixed")
    String stepRule;

    @Option(names = "--kernel", paramLabel = "KERNEL", completionCandidates = Candidates.Kernels.class,
            description = "svgd: rbf (default) or imq")
    String kernel;

    @Option(names = "--bandwidth", paramLabel = "X", description = "svgd: a fixed kernel bandwidth h (default: the median heuristic "
            + "med²/log n, every step)")
    Double bandwidth;

    @Option(names = "--epsilon", paramLabel = "X", description = "blob: the mollifier's width ε (default: Silverman's rule)")
    Double epsilon;

    @Option(names = "--start", paramLabel = "START", completionCandidates = Candidates.Starts.class,
            description = "svgd, blob: the initial cloud from the laplace fit (default) or "
            + "uniform in (-2, 2)^d")
    String start;

    @Option(names = "--samples", paramLabel = "N", description = "fbvi, bwvi: Monte Carlo samples per iteration, even (default 10); "
            + "advi: gradient draws (default 1)")
    Integer samples;

    @Option(names = "--algorithm", paramLabel = "ALGORITHM", completionCandidates = Candidates.Algorithms.class,
            description = "advi: meanfield (default) or fullrank")
    String algorithm;

    @Option(names = "--covariance", paramLabel = "COVARIANCE", completionCandidates = Candidates.Covariances.class,
            description = "fbvi, bwvi: full (default) or diag")
    String covariance;

    @Option(names = "--hessian", paramLabel = "HESSIAN", completionCandidates = Candidates.Hessians.class,
            description = "fbvi, bwvi: exact (default) or stein (gradients only; use many "
            + "--samples)")
    String hessian;

    @Option(names = "--components", paramLabel = "N", description = "mixture: Gaussian components (default 4)")
    Integer components;

    @Option(names = "--grid", paramLabel = "N[,N…]", description = "fokker-planck, jko: cells per axis, one for all axes or one per "
            + "axis (default fokker-planck 1024, 256, 48; jko 512, 128, 48 in 1, 2, 3-D)")
    String grid;

    @Option(names = "--box", paramLabel = "LO:HI[,…]", description = "fokker-planck, jko: the domain on the unconstrained scale, one "
            + "interval per axis or one for all, e.g. -5:5,-2:20 (default: from the Laplace fit, pushed out where the density "
            + "is still high)")
    String box;

    @Option(names = "--dt", paramLabel = "X", description = "fokker-planck, jko: the time step (default --time / --iterations)")
    Double dt;

    @Option(names = "--time", paramLabel = "T", description = "fokker-planck, jko: the final time (default 8 times the largest "
            + "Laplace variance)")
    Double time;

    @Option(names = "--density-times", paramLabel = "T[,T…]", description = "fokker-planck, jko: times at which density.csv has the "
            + "density (default: the start and the end)")
    String densityTimes;

    @Option(names = "--gamma", paramLabel = "X", description = "jko: the entropic regularisation (default max(0.04 dt, dx^2); it adds "
            + "gamma/(4 dt) to the diffusion)")
    Double gamma;

    /** How messages name an option that came from a config file ({@code FILE: key}), by option name. */
    final Map<String, String> origins = new java.util.HashMap<>();

    /** How a message names an option: {@code --chains}, or {@code run.yaml: chains} when it came from a config file. */
    String label(String option) {
        return origins.getOrDefault(option, option);
    }

    /** The options given (on the command line or in a config file), by name. */
    Map<String, Object> given() {
        Map<String, Object> m = new LinkedHashMap<>();
        Object[][] all = {{"--iterations", iterations}, {"--step", step}, {"--particles", particles}, {"--chains", chains},
                {"--draws", draws}, {"--warmup", warmup}, {"--metric", metric}, {"--preconditioner", preconditioner},
                {"--friction", friction}, {"--splitting", splitting}, {"--adjusted", adjusted}, {"--step-rule", stepRule},
                {"--kernel", kernel}, {"--bandwidth", bandwidth}, {"--epsilon", epsilon}, {"--start", start},
                {"--samples", samples}, {"--algorithm", algorithm}, {"--covariance", covariance}, {"--hessian", hessian},
                {"--components", components}, {"--grid", grid}, {"--box", box}, {"--dt", dt}, {"--time", time},
                {"--density-times", densityTimes}, {"--gamma", gamma}};
        for (Object[] o : all) {
            if (o[1] != null) {
                m.put((String) o[0], o[1]);
            }
        }
        return m;
    }

    /**
     * The flow of {@code method} with these options, for a model of the given dimension.
     *
     * @throws UsageException for an unknown method, a bad value, or an option the method does not take
     */
    Flow flow(String method, int dimension) {
        Set<String> accepted = ACCEPTS.get(method);
        if (accepted == null) {
            throw new UsageException((origins.containsKey("--method") ? label("--method") + ": " : "") + "unknown method '"
                    + method + "'; available: " + String.join(", ", RunCommand.AVAILABLE));
        }
        for (String option : given().keySet()) {
            if (!accepted.contains(option)) {
                throw new UsageException(label(option) + " does not apply to method " + method);
            }
        }
        positive("--iterations", iterations);
        positive("--particles", particles);
        positive("--chains", chains);
        positive("--draws", draws);
        positive("--samples", samples);
        positive("--components", components);
        if (warmup != null && warmup < 0) {
            throw new UsageException(label("--warmup") + " must be non-negative, got " + warmup);
        }
        positiveReal("--step", step);
        positiveReal("--friction", friction);
        positiveReal("--bandwidth", bandwidth);
        positiveReal("--epsilon", epsilon);
        positiveReal("--dt", dt);
        positiveReal("--time", time);
        positiveReal("--gamma", gamma);
        switch (method) {
            case "ula":
                return new Ula(chainSettings(method, Ula.Settings.defaults()));
            case "mala":
                return new Mala(chainSettings(method, Mala.Settings.defaults()));
            case "kinetic":
                return new KineticLangevin(kinetic());
            case "svgd":
                return new Svgd(svgd());
            case "blob":
                return new BlobFlow(blob());
            case "fbvi":
                return new ForwardBackwardVi(gaussian(method));
            case "bwvi":
                return new BuresWassersteinVi(gaussian(method));
            case "mixture":
                return new MixtureVi(mixture());
            case "advi":
                return new Advi(advi());
            default:
                return grid(method, dimension);
        }
    }

    /** The options every chain method takes, applied to its default settings. */
    private <S extends ChainSettings<S>> S chainSettings(String method, S s) {
        if (particles != null && chains != null && !particles.equals(chains)) {
            throw new UsageException(label("--particles") + " and " + label("--chains") + " are the same for " + method + "; got "
                    + particles + " and " + chains);
        }
        Integer n = chains != null ? chains : particles;
        if (n != null) {
            s = s.withChains(n);
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
            s = s.withMetric(parse("--metric", () -> Metric.parse(metric)));
        }
        if (preconditioner != null) {
            s = s.withPreconditioner(parse("--preconditioner", () -> Preconditioner.parse(preconditioner)));
        }
        return s;
    }

    private KineticLangevin.Settings kinetic() {
        KineticLangevin.Settings s = chainSettings("kinetic", KineticLangevin.Settings.defaults());
        if (friction != null) {
            s = s.withFriction(friction);
        }
        if (splitting != null) {
            s = s.withSplitting(parse("--splitting", () -> KineticLangevin.Splitting.parse(splitting)));
        }
        if (Boolean.TRUE.equals(adjusted)) {
            if (s.splitting() == KineticLangevin.Splitting.BAOAB && splitting != null) {
                throw new UsageException(label("--adjusted") + " needs --splitting obabo (its middle is a reversible leapfrog step)");
            }
            s = s.withAdjusted(true);
        }
        return s;
    }

    private Svgd.Settings svgd() {
        Svgd.Settings s = Svgd.Settings.defaults();
        if (particles != null) {
            s = s.withParticles(atLeastTwo(particles));
        }
        if (iterations != null) {
            s = s.withIterations(iterations);
        }
        if (step != null) {
            s = s.withStep(step);
        }
        if (stepRule != null) {
            s = s.withStepRule(parse("--step-rule", () -> Svgd.StepRule.parse(stepRule)));
        }
        if (kernel != null) {
            s = s.withKernel(parse("--kernel", () -> Svgd.Kernel.parse(kernel)));
        }
        if (bandwidth != null) {
            s = s.withBandwidth(bandwidth);
        }
        if (metric != null) {
            s = s.withMetric(parse("--metric", () -> Metric.parse(metric)));
        }
        if (start != null) {
            s = s.withStart(parse("--start", () -> CloudStart.parse(start)));
        }
        return s;
    }

    private BlobFlow.Settings blob() {
        BlobFlow.Settings s = BlobFlow.Settings.defaults();
        if (particles != null) {
            s = s.withParticles(atLeastTwo(particles));
        }
        if (iterations != null) {
            s = s.withIterations(iterations);
        }
        if (step != null) {
            s = s.withStep(step);
        }
        if (epsilon != null) {
            s = s.withEpsilon(epsilon);
        }
        if (metric != null) {
            s = s.withMetric(parse("--metric", () -> Metric.parse(metric)));
        }
        if (start != null) {
            s = s.withStart(parse("--start", () -> CloudStart.parse(start)));
        }
        return s;
    }

    private GaussianViSettings gaussian(String method) {
        GaussianViSettings s = GaussianViSettings.defaults();
        if (iterations != null) {
            if (iterations < 2) {
                throw new UsageException(label("--iterations") + " must be at least 2 for " + method + ", got " + iterations);
            }
            s = s.withIterations(iterations);
        }
        if (samples != null) {
            if (samples % 2 != 0) {
                throw new UsageException(label("--samples") + " must be even for " + method + " (antithetic pairs), got " + samples);
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
                throw new UsageException(label("--covariance") + " must be full or diag, got '" + covariance + "'");
            }
            s = s.withDiagonal(covariance.equals("diag"));
        }
        if (hessian != null) {
            if (!hessian.equals("exact") && !hessian.equals("stein")) {
                throw new UsageException(label("--hessian") + " must be exact or stein, got '" + hessian + "'");
            }
            s = s.withStein(hessian.equals("stein"));
        }
        return s;
    }

    private MixtureVi.Settings mixture() {
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
        return s;
    }

    private Advi.Settings advi() {
        Advi.Settings s = Advi.Settings.defaults();
        if (algorithm != null) {
            if (!algorithm.equals("meanfield") && !algorithm.equals("fullrank")) {
                throw new UsageException(label("--algorithm") + " must be meanfield or fullrank, got '" + algorithm + "'");
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
        return s;
    }

    private Flow grid(String method, int dimension) {
        if (dimension > Grid.MAX_DIMENSION) {
            throw new UsageException("grid methods need d ≤ 3; this model has d = " + dimension);
        }
        GridSettings g = method.equals("jko") ? EntropicJko.Settings.defaults().grid() : FokkerPlanck.Settings.defaults().grid();
        if (grid != null) {
            g = g.withCells(cells(grid, dimension));
        }
        if (box != null) {
            try {
                g = g.withBox(Box.parse(box, dimension));
            } catch (IllegalArgumentException e) {
                throw new UsageException(label("--box") + " " + e.getMessage().replaceFirst("^box ", ""));
            }
        }
        if (metric != null) {
            Metric m = parse("--metric", () -> Metric.parse(metric));
            if (box != null && m != Metric.UNIT) {
                throw new UsageException(label("--metric") + " " + metric + " does not go with --box: a box is in the model's "
                        + "coordinates (the unit metric); leave out --box to lay the grid out in " + metric + " coordinates");
            }
            g = g.withMetric(m);
        }
        if (dt != null) {
            g = g.withDt(dt);
        }
        if (time != null) {
            g = g.withTime(time);
        }
        if (iterations != null) {
            if (dt != null && time != null) {
                throw new UsageException(label("--iterations") + " does not apply when --dt and --time are both given (they fix the steps)");
            }
            g = g.withSteps(iterations);
        }
        if (densityTimes != null) {
            g = g.withDensityTimes(times(densityTimes));
        }
        if (draws != null) {
            g = g.withDraws(draws);
        }
        if (chains != null) {
            g = g.withChains(chains);
        }
        if (method.equals("fokker-planck")) {
            return new FokkerPlanck(FokkerPlanck.Settings.defaults().withGrid(g));
        }
        EntropicJko.Settings s = EntropicJko.Settings.defaults().withGrid(g);
        if (gamma != null) {
            s = s.withGamma(gamma);
        }
        return new EntropicJko(s);
    }

    /** {@code N} or {@code N,N…}: cells per axis, each at least 2. */
    private int[] cells(String text, int dimension) {
        String option = label("--grid");
        String[] parts = text.split(",");
        if (parts.length != 1 && parts.length != dimension) {
            throw new UsageException(option + " " + text + ": " + parts.length + " counts for " + dimension + " axes; give one for"
                    + " every axis or one per axis");
        }
        int[] c = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                c[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UsageException(option + " " + text + ": '" + parts[i].trim() + "' is not a whole number of cells");
            }
            if (c[i] < 2) {
                throw new UsageException(option + " " + text + ": at least 2 cells per axis, got " + c[i]);
            }
        }
        long total = 1;
        for (int i = 0; i < dimension; i++) {
            total *= c[parts.length == 1 ? 0 : i];
        }
        if (total > 64L * 1024 * 1024) {
            throw new UsageException(option + " " + text + ": " + total + " cells in all is more than 2^26");
        }
        return c;
    }

    /** {@code T,T…}: non-negative times. */
    private double[] times(String text) {
        String option = label("--density-times");
        String[] parts = text.split(",");
        double[] t = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                t[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UsageException(option + " " + text + ": '" + parts[i].trim() + "' is not a number");
            }
            if (!(t[i] >= 0) || !Double.isFinite(t[i])) {
                throw new UsageException(option + " " + text + ": times must be finite and non-negative, got " + parts[i].trim());
            }
        }
        return t;
    }

    private int atLeastTwo(int particles) {
        if (particles < 2) {
            throw new UsageException(label("--particles") + " must be at least 2, got " + particles);
        }
        return particles;
    }

    private <T> T parse(String option, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(label(option) + ": " + e.getMessage());
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.Set<String> u = new java.util.HashSet<>(a);
        u.addAll(b);
        return Set.copyOf(u);
    }

    private void positiveReal(String name, Double v) {
        if (v != null && !(v > 0 && Double.isFinite(v))) {
            throw new UsageException(label(name) + " must be positive, got " + v);
        }
    }

    private void positive(String name, Integer v) {
        if (v != null && v < 1) {
            throw new UsageException(label(name) + " must be at least 1, got " + v);
        }
    }
}

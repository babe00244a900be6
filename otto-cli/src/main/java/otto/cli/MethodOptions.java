package otto.cli;

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
import otto.flow.particle.Mala;
import otto.flow.particle.Metric;
import picocli.CommandLine.Option;

/**
 * The options of {@code otto run} that tune a method, and the method's flow built from them. An
 * option left out takes the method's default; an option the method does not take is an error
 * rather than silently ignored.
 */
final class MethodOptions {
    @Option(names = "--iterations", paramLabel = "N", description = "fbvi, bwvi, mixture: flow iterations (default 400); advi: the most iterations (default 10000)")
    Integer iterations;

    @Option(names = "--step", paramLabel = "X", description = "a fixed step (mala: time step ε, adapted by default; fbvi, bwvi: whitened step h; advi: η)")
    Double step;

    @Option(names = "--particles", paramLabel = "N", description = "particle methods (svgd, blob; not available yet): number of particles")
    Integer particles;

    @Option(names = "--chains", paramLabel = "N", description = "chains (mala), or chains the draws of a fitted Gaussian are laid out in (default 4)")
    Integer chains;

    @Option(names = "--draws", paramLabel = "N", description = "draws per chain (default 1000)")
    Integer draws;

    @Option(names = "--warmup", paramLabel = "N", description = "mala: warm-up iterations per chain (default 1000)")
    Integer warmup;

    @Option(names = "--metric", paramLabel = "NAME", description = "mala: preconditioner dense, diag or unit (default dense)")
    String metric;

    @Option(names = "--samples", paramLabel = "N", description = "fbvi, bwvi: Monte Carlo samples per iteration, even (default 10); advi: gradient draws (default 1)")
    Integer samples;

    @Option(names = "--algorithm", paramLabel = "NAME", description = "advi: meanfield (default) or fullrank")
    String algorithm;

    @Option(names = "--covariance", paramLabel = "NAME", description = "fbvi, bwvi: full (default) or diag")
    String covariance;

    @Option(names = "--hessian", paramLabel = "NAME", description = "fbvi, bwvi: exact (default) or stein (gradients only; use many --samples)")
    String hessian;

    @Option(names = "--components", paramLabel = "N", description = "mixture: Gaussian components (default 4)")
    Integer components;

    @Option(names = "--grid", paramLabel = "N[,N…]", description = "fokker-planck, jko: cells per axis, one for all axes or one per axis (default fokker-planck 1024, 256, 48; jko 512, 128, 48 in 1, 2, 3-D)")
    String grid;

    @Option(names = "--box", paramLabel = "LO:HI[,…]", description = "fokker-planck, jko: the domain on the unconstrained scale, one interval per axis or one for all, e.g. -5:5,-2:20 (default: from the Laplace fit, pushed out where the density is still high)")
    String box;

    @Option(names = "--dt", paramLabel = "X", description = "fokker-planck, jko: the time step (default --time / --iterations)")
    Double dt;

    @Option(names = "--time", paramLabel = "T", description = "fokker-planck, jko: the final time (default 8 times the largest Laplace variance)")
    Double time;

    @Option(names = "--density-times", paramLabel = "T[,T…]", description = "fokker-planck, jko: times at which density.csv has the density (default: the start and the end)")
    String densityTimes;

    @Option(names = "--gamma", paramLabel = "X", description = "jko: the entropic regularisation (default max(0.04 dt, dx^2); it adds gamma/(4 dt) to the diffusion)")
    Double gamma;

    /**
     * The flow of {@code method} with these options.
     *
     * @throws UsageException for an unknown or planned method, a bad value, or an option the method does not take
     */
    Flow flow(String method, int dimension) {
        if (RunCommand.PLANNED.contains(method)) {
            throw new UsageException("method '" + method + "' is not available yet; available: " + String.join(", ", RunCommand.AVAILABLE));
        }
        if (!RunCommand.AVAILABLE.contains(method)) {
            throw new UsageException("unknown method '" + method + "'; available: " + String.join(", ", RunCommand.AVAILABLE)
                    + " (planned: " + String.join(", ", RunCommand.PLANNED) + ")");
        }
        notFor(method, "--particles", particles);
        boolean gridMethod = method.equals("fokker-planck") || method.equals("jko");
        if (!gridMethod) {
            notFor(method, "--grid", grid);
            notFor(method, "--box", box);
            notFor(method, "--dt", dt);
            notFor(method, "--time", time);
            notFor(method, "--density-times", densityTimes);
        }
        if (!method.equals("jko")) {
            notFor(method, "--gamma", gamma);
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
                    try {
                        s = s.withMetric(Metric.parse(metric));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("--metric: " + e.getMessage());
                    }
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
            case "fokker-planck":
            case "jko": {
                for (String[] o : new String[][] {{"--step", str(step)}, {"--warmup", str(warmup)}, {"--metric", metric},
                        {"--samples", str(samples)}, {"--algorithm", algorithm}, {"--covariance", covariance},
                        {"--hessian", hessian}, {"--components", str(components)}}) {
                    notFor(method, o[0], o[1]);
                }
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
                        throw new UsageException("--box " + e.getMessage().replaceFirst("^box ", ""));
                    }
                }
                if (dt != null) {
                    positiveReal("--dt", dt);
                    g = g.withDt(dt);
                }
                if (time != null) {
                    positiveReal("--time", time);
                    g = g.withTime(time);
                }
                if (iterations != null) {
                    if (dt != null && time != null) {
                        throw new UsageException("--iterations does not apply when --dt and --time are both given (they fix the steps)");
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
                    positiveReal("--gamma", gamma);
                    s = s.withGamma(gamma);
                }
                return new EntropicJko(s);
            }
            default:
                throw new UsageException("unknown method '" + method + "'; available: " + String.join(", ", RunCommand.AVAILABLE));
        }
    }

    /** {@code N} or {@code N,N…}: cells per axis, each at least 2. */
    private static int[] cells(String text, int dimension) {
        String[] parts = text.split(",");
        if (parts.length != 1 && parts.length != dimension) {
            throw new UsageException("--grid " + text + ": " + parts.length + " counts for " + dimension + " axes; give one for"
                    + " every axis or one per axis");
        }
        int[] c = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                c[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UsageException("--grid " + text + ": '" + parts[i].trim() + "' is not a whole number of cells");
            }
            if (c[i] < 2) {
                throw new UsageException("--grid " + text + ": at least 2 cells per axis, got " + c[i]);
            }
        }
        long total = 1;
        for (int i = 0; i < dimension; i++) {
            total *= c[parts.length == 1 ? 0 : i];
        }
        if (total > 64L * 1024 * 1024) {
            throw new UsageException("--grid " + text + ": " + total + " cells in all is more than 2^26");
        }
        return c;
    }

    /** {@code T,T…}: non-negative times. */
    private static double[] times(String text) {
        String[] parts = text.split(",");
        double[] t = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                t[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UsageException("--density-times " + text + ": '" + parts[i].trim() + "' is not a number");
            }
            if (!(t[i] >= 0) || !Double.isFinite(t[i])) {
                throw new UsageException("--density-times " + text + ": times must be finite and non-negative, got " + parts[i].trim());
            }
        }
        return t;
    }

    private static void positiveReal(String name, double v) {
        if (!(v > 0 && Double.isFinite(v))) {
            throw new UsageException(name + " must be positive, got " + v);
        }
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
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
}

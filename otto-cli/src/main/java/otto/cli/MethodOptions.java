package otto.cli;

import otto.flow.Flow;
import otto.flow.gaussian.Advi;
import otto.flow.gaussian.BuresWassersteinVi;
import otto.flow.gaussian.ForwardBackwardVi;
import otto.flow.gaussian.GaussianViSettings;
import otto.flow.gaussian.MixtureVi;
import otto.flow.particle.ChainSettings;
import otto.flow.particle.KineticLangevin;
import otto.flow.particle.Mala;
import otto.flow.particle.Metric;
import otto.flow.particle.Preconditioner;
import otto.flow.particle.Ula;
import picocli.CommandLine.Option;

/**
 * The options of {@code otto run} that tune a method, and the method's flow built from them. An
 * option left out takes the method's default; an option the method does not take is an error
 * rather than silently ignored.
 */
final class MethodOptions {
    /** The chain methods: they share chains, warm-up, draws, step, metric and preconditioner. */
    private static final java.util.List<String> CHAINS = java.util.List.of("ula", "mala", "kinetic");

    @Option(names = "--iterations", paramLabel = "N", description = "fbvi, bwvi, mixture: flow iterations (default 400); advi: the most iterations (default 10000); "
            + "ula, mala, kinetic take --warmup and --draws instead")
    Integer iterations;

    @Option(names = "--step", paramLabel = "X", description = "a fixed step (ula, kinetic: time step, from the curvature by default; mala, adjusted kinetic: "
            + "adapted by default; fbvi, bwvi: whitened step h; advi: η)")
    Double step;

    @Option(names = "--particles", paramLabel = "N", description = "ula, mala, kinetic: the same as --chains (chains are particles moving together)")
    Integer particles;

    @Option(names = "--chains", paramLabel = "N", description = "chains (ula, mala, kinetic), or chains the draws of a fitted Gaussian are laid out in (default 4)")
    Integer chains;

    @Option(names = "--draws", paramLabel = "N", description = "draws per chain (default 1000)")
    Integer draws;

    @Option(names = "--warmup", paramLabel = "N", description = "ula, mala, kinetic: warm-up iterations per chain (default 1000)")
    Integer warmup;

    @Option(names = "--metric", paramLabel = "NAME", description = "ula, mala, kinetic: preconditioner form dense, diag or unit (default dense)")
    String metric;

    @Option(names = "--preconditioner", paramLabel = "NAME", description = "ula, mala, kinetic: preconditioner from warmup (Laplace start, "
            + "re-estimated from warm-up draws; the default), laplace or vi (a forward-backward VI pilot fit), kept fixed")
    String preconditioner;

    @Option(names = "--friction", paramLabel = "X", description = "kinetic: friction γ (default 1)")
    Double friction;

    @Option(names = "--splitting", paramLabel = "NAME", description = "kinetic: baoab (default) or obabo")
    String splitting;

    @Option(names = "--adjusted", description = "kinetic: Metropolis-adjusted OBABO (exact; the step is then adapted)")
    boolean adjusted;

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

    /**
     * The flow of {@code method} with these options.
     *
     * @throws UsageException for an unknown or planned method, a bad value, or an option the method does not take
     */
    Flow flow(String method) {
        if (RunCommand.PLANNED.contains(method)) {
            throw new UsageException("method '" + method + "' is not available yet; available: " + String.join(", ", RunCommand.AVAILABLE));
        }
        if (!RunCommand.AVAILABLE.contains(method)) {
            throw new UsageException("unknown method '" + method + "'; available: " + String.join(", ", RunCommand.AVAILABLE)
                    + " (planned: " + String.join(", ", RunCommand.PLANNED) + ")");
        }
        if (!CHAINS.contains(method)) {
            notFor(method, "--particles", particles);
            notFor(method, "--preconditioner", preconditioner);
            notFor(method, "--friction", friction);
            notFor(method, "--splitting", splitting);
            notFor(method, "--adjusted", adjusted ? Boolean.TRUE : null);
        }
        positive("--iterations", iterations);
        positive("--particles", particles);
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
            case "ula":
                return new Ula(chainSettings(method, Ula.Settings.defaults()));
            case "mala":
                return new Mala(chainSettings(method, Mala.Settings.defaults()));
            case "kinetic": {
                KineticLangevin.Settings s = chainSettings(method, KineticLangevin.Settings.defaults());
                if (friction != null) {
                    if (!(friction > 0 && Double.isFinite(friction))) {
                        throw new UsageException("--friction must be positive, got " + friction);
                    }
                    s = s.withFriction(friction);
                }
                if (splitting != null) {
                    s = s.withSplitting(parse("--splitting", () -> KineticLangevin.Splitting.parse(splitting)));
                }
                if (adjusted) {
                    if (s.splitting() == KineticLangevin.Splitting.BAOAB && splitting != null) {
                        throw new UsageException("--adjusted needs --splitting obabo (its middle is a reversible leapfrog step)");
                    }
                    s = s.withAdjusted(true);
                }
                return new KineticLangevin(s);
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
                throw new UsageException("unknown method '" + method + "'; available: " + String.join(", ", RunCommand.AVAILABLE));
        }
    }

    /** The options every chain method takes, applied to its default settings; the rest are refused. */
    private <S extends ChainSettings<S>> S chainSettings(String method, S s) {
        notFor(method, "--iterations", iterations);
        notFor(method, "--samples", samples);
        notFor(method, "--algorithm", algorithm);
        notFor(method, "--components", components);
        notFor(method, "--covariance", covariance);
        notFor(method, "--hessian", hessian);
        if (!method.equals("kinetic")) {
            notFor(method, "--friction", friction);
            notFor(method, "--splitting", splitting);
            notFor(method, "--adjusted", adjusted ? Boolean.TRUE : null);
        }
        if (particles != null && chains != null && !particles.equals(chains)) {
            throw new UsageException("--particles and --chains are the same for " + method + "; got " + particles + " and " + chains);
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

    private static <T> T parse(String option, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
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
}

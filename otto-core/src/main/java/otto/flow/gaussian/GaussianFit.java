package otto.flow.gaussian;

import java.util.Map;
import otto.diagnostics.ParetoSmoothing;
import otto.energy.Estimate;
import otto.energy.FreeEnergy;
import otto.flow.Draws;
import otto.flow.Evaluator;
import otto.flow.RunContext;
import otto.math.SpecialFunctions;

/**
 * What every Gaussian method reports about its fitted {@code q}: independent draws (laid out like
 * a sampler's chains, with {@code lp__}), the free energy with its standard error, and the draws
 * used as importance samples of the posterior — the evidence {@code log mean(π̃/q)} and the Pareto
 * k̂ of the ratios, which says whether q can be trusted (Yao, Vehtari, Simpson, Gelman 2018).
 * Random streams 1 (draws) and 2 (free energy) of the run are used.
 *
 * <p>The free energy {@code E_q[V] - H(q)}: with {@code elboPairs = 0}, from the draws themselves
 * (their log densities are computed anyway): the mean of {@code V} over the independent draws, its
 * standard error {@code sd(V)/√n}; no further evaluation of the target. Otherwise from that many
 * fresh antithetic pairs ({@link FreeEnergy#ofGaussian}).
 */
final class GaussianFit {
    private final Gaussian q;
    private final Draws draws;
    private final Estimate freeEnergy;
    private final double paretoK;
    private final double logEvidence;

    GaussianFit(Gaussian q, Evaluator evaluator, RunContext context, int chainCount, int perChain, int elboPairs,
                int iteration) {
        this.q = q;
        int d = q.dimension();
        var stream = context.stream(1);
        double[][] chains = new double[chainCount][perChain * d];
        double[][] lp = new double[chainCount][perChain];
        double[] logRatios = new double[chainCount * perChain];
        for (int c = 0; c < chainCount; c++) {
            for (int i = 0; i < perChain; i++) {
                System.arraycopy(q.sample(stream), 0, chains[c], i * d, d);
            }
            evaluator.evaluate(chains[c], perChain, lp[c], null);
            for (int i = 0; i < perChain; i++) {
                double l = lp[c][i];
                logRatios[c * perChain + i] = Double.isNaN(l) ? Double.NEGATIVE_INFINITY
                        : l - q.logDensity(java.util.Arrays.copyOfRange(chains[c], i * d, (i + 1) * d));
            }
        }
        this.draws = Draws.unconstrained(d, chains, Map.of("lp__", lp));
        this.paretoK = ParetoSmoothing.of(logRatios).khat();
        this.logEvidence = SpecialFunctions.logSumExp(logRatios) - Math.log(logRatios.length);
        Estimate f = null;
        try {
            f = elboPairs == 0 ? fromDraws(q, lp) : FreeEnergy.ofGaussian(q, evaluator, elboPairs, context.stream(2));
        } catch (ArithmeticException e) {
            context.fault("non_finite_log_density", iteration, -1, "final ELBO: " + e.getMessage());
        }
        this.freeEnergy = f;
    }

    /** {@code mean(-lp) - H(q)} over the independent draws, with its standard error. */
    private static Estimate fromDraws(Gaussian q, double[][] lp) {
        double sum = 0.0;
        int n = 0;
        for (double[] chain : lp) {
            for (double l : chain) {
                if (!Double.isFinite(l)) {
                    throw new ArithmeticException("the log density is not finite at a draw from the Gaussian: " + l);
                }
                sum -= l;
                n++;
            }
        }
        double mean = sum / n;
        double ss = 0.0;
        for (double[] chain : lp) {
            for (double l : chain) {
                ss += (-l - mean) * (-l - mean);
            }
        }
        double se = n > 1 ? Math.sqrt(ss / (n - 1.0) / n) : Double.NaN;
        return new Estimate(mean - q.entropy(), se, n);
    }

    Draws draws() {
        return draws;
    }

    /** Adds mean, covariance, free energy, ELBO and its standard error, evidence and k̂. */
    void describe(Map<String, Object> m) {
        m.put("mean", q.mean());
        m.put("covariance", q.covariance());
        if (freeEnergy != null) {
            m.put("free_energy", freeEnergy.value());
            m.put("elbo", -freeEnergy.value());
            m.put("elbo_se", freeEnergy.standardError());
        }
        m.put("pareto_k", paretoK);
        m.put("log_evidence_is", logEvidence);
    }
}

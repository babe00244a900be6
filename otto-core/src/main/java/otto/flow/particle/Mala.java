package otto.flow.particle;

import java.util.LinkedHashMap;
import java.util.Map;
import otto.flow.Flow;
import otto.flow.FlowState;
import otto.flow.MemoryEstimate;
import otto.flow.RunContext;
import otto.math.Dense;
import otto.model.Target;

/**
 * The Metropolis-adjusted Langevin algorithm: several chains, each proposing an Euler–Maruyama
 * step of the preconditioned Langevin diffusion {@code dθ = Σ∇log π dt + √2 Σ^{½} dW},
 * {@code θ' = θ + ε Σ ∇log π(θ) + √(2ε) L ξ} ({@code Σ = L Lᵀ}), accepted by Metropolis–Hastings
 * so that {@code π} is exactly stationary.
 *
 * <p>Warm-up follows Stan: the step size {@code ε} of each chain is tuned by dual averaging to an
 * acceptance rate near 0.574 (optimal for MALA). The preconditioner {@code Σ} comes from the
 * Laplace approximation and is re-estimated from the pooled warm-up draws in doubling windows
 * ({@link Preconditioner#WARMUP}, the default), or is taken from the Laplace approximation or a
 * Gaussian VI pilot fit and kept fixed; starts and windows are described in
 * {@link LangevinChains}. Proposals whose log density or gradient is not finite are rejected and
 * counted as faults. All chains are evaluated in one batched call per iteration.
 */
public final class Mala implements Flow {
    /**
     * Settings of MALA.
     *
     * @param chains           number of chains (≥ 1)
     * @param warmup           warm-up iterations per chain (≥ 0), not kept
     * @param draws            kept draws per chain (≥ 1)
     * @param step             a fixed step size {@code ε > 0}, or NaN to adapt it in warm-up
     * @param targetAcceptance the acceptance rate the step size is tuned to, in (0, 1)
     * @param metric           the preconditioner's form
     * @param preconditioner   where the preconditioner comes from
     * @param initRadius       chains first look for a start uniformly in {@code (-r, r)^d}
     */
    public record Settings(int chains, int warmup, int draws, double step, double targetAcceptance,
                           Metric metric, Preconditioner preconditioner, double initRadius) implements ChainSettings<Settings> {
        public Settings {
            new LangevinChains.Layout(chains, warmup, draws, metric, preconditioner, initRadius);
            if (!Double.isNaN(step) && !(step > 0 && Double.isFinite(step))) {
                throw new IllegalArgumentException("step must be positive and finite, got " + step);
            }
            if (!(targetAcceptance > 0 && targetAcceptance < 1)) {
                throw new IllegalArgumentException("target acceptance must be in (0, 1), got " + targetAcceptance);
            }
        }

        /**
         * 4 chains, 1000 warm-up iterations and 2000 draws each, adapted step, dense metric adapted in
         * warm-up. 2000 draws, as for every chain method (Stan keeps 1000 of NUTS): MALA keeps about
         * one effective draw in six to ten, and with 1000 a chain nine seeds in ten of the README's
         * eight-schools run flagged quantities at R-hat above 1.01, none of ten with 2000 (unadjusted
         * kinetic Langevin: five seeds of six, and one of six; ULA, whose step is set for its bias, needs
         * longer still).
         */
        public static Settings defaults() {
            return new Settings(4, 1000, 2000, Double.NaN, 0.574, Metric.DENSE, Preconditioner.WARMUP, 2.0);
        }

        @Override
        public Settings withChains(int v) {
            return new Settings(v, warmup, draws, step, targetAcceptance, metric, preconditioner, initRadius);
        }

        @Override
        public Settings withWarmup(int v) {
            return new Settings(chains, v, draws, step, targetAcceptance, metric, preconditioner, initRadius);
        }

        @Override
        public Settings withDraws(int v) {
            return new Settings(chains, warmup, v, step, targetAcceptance, metric, preconditioner, initRadius);
        }

        @Override
        public Settings withStep(double v) {
            return new Settings(chains, warmup, draws, v, targetAcceptance, metric, preconditioner, initRadius);
        }

        @Override
        public Settings withMetric(Metric v) {
            return new Settings(chains, warmup, draws, step, targetAcceptance, v, preconditioner, initRadius);
        }

        @Override
        public Settings withPreconditioner(Preconditioner v) {
            return new Settings(chains, warmup, draws, step, targetAcceptance, metric, v, initRadius);
        }

        LangevinChains.Layout layout() {
            return new LangevinChains.Layout(chains, warmup, draws, metric, preconditioner, initRadius);
        }
    }

    private final Settings settings;

    public Mala(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "mala";
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        settings.layout().describe(m);
        m.put("step", Double.isNaN(settings.step()) ? "adapt" : settings.step());
        m.put("target_acceptance", settings.targetAcceptance());
        return m;
    }

    @Override
    public MemoryEstimate memory(int dimension) {
        return LangevinChains.memory(settings.chains(), settings.draws(), dimension);
    }

    @Override
    public int iterations() {
        return settings.warmup() + settings.draws();
    }

    @Override
    public FlowState start(Target target, RunContext context) {
        return new State(target, context, settings);
    }

    private static final class State extends LangevinChains {
        private final Settings s;
        private final double[] y;
        private final double[] lpY;
        private final double[] gY;
        private final double[][] xis;
        private final double[] alphas;
        private final DualAveraging[] adapt;
        private final double[] drift;
        private final double[] noise;

        State(Target target, RunContext context, Settings s) {
            super(target, context, s.layout(), true);
            this.s = s;
            y = new double[chains * d];
            lpY = new double[chains];
            gY = new double[chains * d];
            xis = new double[chains][d];
            alphas = new double[chains];
            adapt = new DualAveraging[chains];
            drift = new double[d];
            noise = new double[d];
            for (int c = 0; c < chains; c++) {
                step[c] = Double.isNaN(s.step()) ? initialStep(c) : s.step();
                adapt[c] = new DualAveraging(s.targetAcceptance(), step[c]);
            }
        }

        @Override
        void saveOwn(otto.flow.StateWriter out) throws java.io.IOException {
            DualAveraging.save(adapt, out);
        }

        @Override
        void restoreOwn(otto.flow.StateReader in) throws java.io.IOException {
            DualAveraging.restore(adapt, s.targetAcceptance(), in);
        }

        /** Stan's heuristic: double or halve ε until the acceptance of one proposal crosses 0.8. */
        private double initialStep(int c) {
            double eps = 1.0;
            double[] xi = new double[d];
            double a = trialAcceptance(c, eps, xi);
            int direction = a > 0.8 ? 1 : -1;
            for (int k = 0; k < 50; k++) {
                double next = direction > 0 ? eps * 2.0 : eps * 0.5;
                a = trialAcceptance(c, next, xi);
                eps = next;
                if (direction > 0 ? !(a > 0.8) : a > 0.8) {
                    break;
                }
            }
            return eps;
        }

        private double trialAcceptance(int c, double eps, double[] xi) {
            rng[c].nextGaussian(xi);
            double[] prop = new double[d];
            propose(c, eps, xi, prop, 0);
            double[] lpp = new double[1];
            double[] gp = new double[d];
            evaluator.evaluate(prop, 1, lpp, gp);
            if (!finiteAt(lpp, gp, 0)) {
                return 0.0;
            }
            return Math.min(1.0, Math.exp(logAcceptance(c, eps, xi, prop, 0, lpp[0], gp, 0)));
        }

        /** {@code out = x_c + ε Σ g_c + √(2ε) L ξ}, written at offset {@code o} of {@code out}. */
        private void propose(int c, double eps, double[] xi, double[] out, int o) {
            double sq = Math.sqrt(2.0 * eps);
            precondition(g, c * d, drift, 0);
            colour(xi, noise, 0);
            for (int i = 0; i < d; i++) {
                out[o + i] = x[c * d + i] + eps * drift[i] + sq * noise[i];
            }
        }

        /** log of the Metropolis–Hastings ratio for chain c's proposal at {@code prop[o..]}. */
        private double logAcceptance(int c, double eps, double[] xi, double[] prop, int o, double lpProp,
                                     double[] gProp, int go) {
            double forward = 0.0;
            for (double v : xi) {
                forward += v * v;
            }
            forward *= -0.5;
            double[] r = drift;
            precondition(gProp, go, r, 0);
            for (int i = 0; i < d; i++) {
                r[i] = x[c * d + i] - prop[o + i] - eps * r[i];
            }
            Dense.solveLower(chol, d, r, r);
            double reverse = 0.0;
            for (double v : r) {
                reverse += v * v;
            }
            reverse *= -1.0 / (4.0 * eps);
            return lpProp - lp[c] + reverse - forward;
        }

        @Override
        public void step(int iteration) {
            for (int c = 0; c < chains; c++) {
                rng[c].nextGaussian(xis[c]);
                propose(c, step[c], xis[c], y, c * d);
            }
            evaluator.evaluate(y, chains, lpY, gY);
            boolean warm = iteration < warmup;
            for (int c = 0; c < chains; c++) {
                double alpha;
                if (!finiteAt(lpY, gY, c)) {
                    alpha = 0.0;
                    rejectNonFinite(iteration, c, lpY[c]);
                } else {
                    double la = logAcceptance(c, step[c], xis[c], y, c * d, lpY[c], gY, c * d);
                    alpha = la >= 0 ? 1.0 : Math.exp(la);
                    if (rng[c].nextDouble() < alpha) {
                        System.arraycopy(y, c * d, x, c * d, d);
                        System.arraycopy(gY, c * d, g, c * d, d);
                        lp[c] = lpY[c];
                    }
                }
                alphas[c] = alpha;
                accepted(alpha);
                if (warm && Double.isNaN(s.step())) {
                    step[c] = adapt[c].update(alpha);
                    if (iteration == warmup - 1) {
                        step[c] = adapt[c].averagedStep();
                    }
                }
            }
            if (finish(iteration, alphas) && Double.isNaN(s.step())) {
                for (int c = 0; c < chains; c++) {
                    step[c] = initialStep(c);
                    adapt[c].restart(step[c]);
                }
            }
        }
    }
}

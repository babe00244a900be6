package otto.flow.particle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import otto.flow.Draws;
import otto.flow.Evaluator;
import otto.flow.Flow;
import otto.flow.FlowState;
import otto.flow.Monitors;
import otto.flow.RandomStream;
import otto.flow.RunContext;
import otto.flow.RunFailedException;
import otto.flow.gaussian.Laplace;
import otto.math.Dense;
import otto.math.Vectors;
import otto.model.Target;

/**
 * The Metropolis-adjusted Langevin algorithm: several chains, each proposing an Euler–Maruyama
 * step of the preconditioned Langevin diffusion {@code dθ = Σ∇log π dt + √2 Σ^{½} dW},
 * {@code θ' = θ + ε Σ ∇log π(θ) + √(2ε) L ξ} ({@code Σ = L Lᵀ}), accepted by Metropolis–Hastings
 * so that {@code π} is exactly stationary.
 *
 * <p>Warm-up follows Stan: the step size {@code ε} of each chain is tuned by dual averaging to an
 * acceptance rate near 0.574 (optimal for MALA); the preconditioner {@code Σ} starts from the
 * Laplace approximation when one exists (and the chains then start from its draws, widened
 * twofold, rather than uniformly in (-2, 2)) and is re-estimated at the end of doubling windows from
 * the draws of all chains pooled (a window with fewer than {@code 4d} pooled draws is merged into
 * the next rather than trusted). Proposals whose log density or gradient is not finite are
 * rejected and counted as faults. All chains are evaluated in one batched call per iteration.
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
     * @param initRadius       chains start uniformly in {@code (-r, r)^d} on the unconstrained scale
     */
    public record Settings(int chains, int warmup, int draws, double step, double targetAcceptance,
                           Metric metric, double initRadius) {
        public Settings {
            if (chains < 1) {
                throw new IllegalArgumentException("chains must be at least 1, got " + chains);
            }
            if (warmup < 0) {
                throw new IllegalArgumentException("warmup must be non-negative, got " + warmup);
            }
            if (draws < 1) {
                throw new IllegalArgumentException("draws must be at least 1, got " + draws);
            }
            if (!Double.isNaN(step) && !(step > 0 && Double.isFinite(step))) {
                throw new IllegalArgumentException("step must be positive and finite, got " + step);
            }
            if (!(targetAcceptance > 0 && targetAcceptance < 1)) {
                throw new IllegalArgumentException("target acceptance must be in (0, 1), got " + targetAcceptance);
            }
            if (!(initRadius > 0)) {
                throw new IllegalArgumentException("init radius must be positive, got " + initRadius);
            }
        }

        /** 4 chains, 1000 warm-up iterations and 1000 draws each, adapted step, dense metric. */
        public static Settings defaults() {
            return new Settings(4, 1000, 1000, Double.NaN, 0.574, Metric.DENSE, 2.0);
        }

        public Settings withChains(int v) {
            return new Settings(v, warmup, draws, step, targetAcceptance, metric, initRadius);
        }

        public Settings withWarmup(int v) {
            return new Settings(chains, v, draws, step, targetAcceptance, metric, initRadius);
        }

        public Settings withDraws(int v) {
            return new Settings(chains, warmup, v, step, targetAcceptance, metric, initRadius);
        }

        public Settings withStep(double v) {
            return new Settings(chains, warmup, draws, v, targetAcceptance, metric, initRadius);
        }

        public Settings withMetric(Metric v) {
            return new Settings(chains, warmup, draws, step, targetAcceptance, v, initRadius);
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
        m.put("chains", settings.chains());
        m.put("warmup", settings.warmup());
        m.put("draws", settings.draws());
        m.put("step", Double.isNaN(settings.step()) ? "adapt" : settings.step());
        m.put("target_acceptance", settings.targetAcceptance());
        m.put("metric", settings.metric().name().toLowerCase(java.util.Locale.ROOT));
        m.put("init_radius", settings.initRadius());
        return m;
    }

    @Override
    public int iterations() {
        return settings.warmup() + settings.draws();
    }

    @Override
    public FlowState start(Target target, RunContext context) {
        return new State(target, context, settings);
    }

    private static final class State implements FlowState {
        private final Settings s;
        private final RunContext context;
        private final Evaluator evaluator;
        private final int d;
        private final int chains;
        private final double[] x;
        private final double[] lp;
        private final double[] g;
        private final double[] y;
        private final double[] lpY;
        private final double[] gY;
        private final double[] step;
        private final DualAveraging[] adapt;
        private final RandomStream[] rng;
        private double[] cov;
        private double[] chol;
        private final List<int[]> windows;
        private double[] windowSum;
        private double[] windowOuter;
        private int windowCount;
        private final double[][] kept;
        private final double[][] logDensity;
        private final double[][] acceptStat;
        private final double[][] stepSize;
        private double acceptSum;
        private int acceptN;
        private long rejectedNonFinite;
        private final String metricOrigin;

        State(Target target, RunContext context, Settings s) {
            this.s = s;
            this.context = context;
            this.evaluator = context.evaluator();
            this.d = target.dimension();
            this.chains = s.chains();
            x = new double[chains * d];
            lp = new double[chains];
            g = new double[chains * d];
            y = new double[chains * d];
            lpY = new double[chains];
            gY = new double[chains * d];
            step = new double[chains];
            adapt = new DualAveraging[chains];
            rng = new RandomStream[chains];
            for (int c = 0; c < chains; c++) {
                rng[c] = context.stream(c);
                initialise(target, c);
            }
            cov = Dense.identity(d);
            String origin = "identity";
            if (s.metric() != Metric.UNIT && s.warmup() > 0) {
                double[] start = java.util.Arrays.copyOfRange(x, 0, d);
                Laplace.Fit fit = Laplace.find(target, start, 100);
                if (fit.covariance() != null && Vectors.allFinite(fit.covariance())) {
                    cov = s.metric() == Metric.DIAGONAL ? diagonalOf(fit.covariance()) : fit.covariance();
                    origin = "laplace";
                    double[] l = Dense.cholesky(fit.covariance(), d);
                    if (l != null) {
                        for (int c = 0; c < chains; c++) {
                            startNear(target, c, fit.mode(), l);
                        }
                    }
                }
            }
            metricOrigin = origin;
            chol = Dense.cholesky(cov, d);
            if (chol == null) {
                cov = Dense.identity(d);
                chol = Dense.identity(d);
            }
            windows = new WarmupSchedule(s.warmup()).windows();
            resetWindow();
            for (int c = 0; c < chains; c++) {
                step[c] = Double.isNaN(s.step()) ? initialStep(c) : s.step();
                adapt[c] = new DualAveraging(s.targetAcceptance(), step[c]);
            }
            kept = new double[chains][s.draws() * d];
            logDensity = new double[chains][s.draws()];
            acceptStat = new double[chains][s.draws()];
            stepSize = new double[chains][s.draws()];
        }

        private void initialise(Target target, int c) {
            boolean found = tryStart(target, c, point -> {
                for (int i = 0; i < d; i++) {
                    point[i] = rng[c].nextUniform(-s.initRadius(), s.initRadius());
                }
            });
            if (!found) {
                throw new RunFailedException("chain " + (c + 1) + ": no initial point with a finite log density and gradient in 100 "
                        + "tries uniformly in (-" + s.initRadius() + ", " + s.initRadius() + ")^" + d);
            }
        }

        /**
         * Moves chain c's start to a draw from the Laplace approximation, widened twofold so that
         * the chains start overdispersed (R-hat stays meaningful) but past the transient; keeps
         * the uniform start if no such draw has a finite log density in 100 tries.
         */
        private void startNear(Target target, int c, double[] mode, double[] l) {
            double[] xi = new double[d];
            tryStart(target, c, point -> {
                rng[c].nextGaussian(xi);
                Dense.multiplyLower(l, d, xi, point);
                for (int i = 0; i < d; i++) {
                    point[i] = mode[i] + 2.0 * point[i];
                }
            });
        }

        /** Draws up to 100 candidate starts for chain c; takes the first with a finite density and gradient. */
        private boolean tryStart(Target target, int c, java.util.function.Consumer<double[]> candidate) {
            double[] p = new double[d];
            double[] grad = new double[d];
            for (int attempt = 0; attempt < 100; attempt++) {
                candidate.accept(p);
                double v = target.logDensity(p, grad);
                if (Double.isFinite(v) && Vectors.allFinite(grad)) {
                    System.arraycopy(p, 0, x, c * d, d);
                    System.arraycopy(grad, 0, g, c * d, d);
                    lp[c] = v;
                    return true;
                }
            }
            return false;
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
            if (!Double.isFinite(lpp[0]) || !Vectors.allFinite(gp)) {
                return 0.0;
            }
            return Math.min(1.0, Math.exp(logAcceptance(c, eps, xi, prop, 0, lpp[0], gp, 0)));
        }

        /** {@code out = x_c + ε Σ g_c + √(2ε) L ξ}, written at offset {@code o} of {@code out}. */
        private void propose(int c, double eps, double[] xi, double[] out, int o) {
            double sq = Math.sqrt(2.0 * eps);
            for (int i = 0; i < d; i++) {
                double drift = 0.0;
                double noise = 0.0;
                int row = i * d;
                for (int j = 0; j < d; j++) {
                    drift += cov[row + j] * g[c * d + j];
                }
                for (int j = 0; j <= i; j++) {
                    noise += chol[row + j] * xi[j];
                }
                out[o + i] = x[c * d + i] + eps * drift + sq * noise;
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
            double[] r = new double[d];
            for (int i = 0; i < d; i++) {
                double drift = 0.0;
                int row = i * d;
                for (int j = 0; j < d; j++) {
                    drift += cov[row + j] * gProp[go + j];
                }
                r[i] = x[c * d + i] - prop[o + i] - eps * drift;
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
            double[][] xis = new double[chains][d];
            for (int c = 0; c < chains; c++) {
                rng[c].nextGaussian(xis[c]);
                propose(c, step[c], xis[c], y, c * d);
            }
            evaluator.evaluate(y, chains, lpY, gY);
            boolean warm = iteration < s.warmup();
            for (int c = 0; c < chains; c++) {
                double alpha;
                if (!Double.isFinite(lpY[c]) || !Vectors.allFinite(gY, c * d, d)) {
                    alpha = 0.0;
                    rejectedNonFinite++;
                    context.fault("non_finite_log_density", iteration, c,
                            "chain " + (c + 1) + ": proposal rejected, log density " + lpY[c]
                                    + (Double.isFinite(lpY[c]) ? " with a non-finite gradient" : ""));
                } else {
                    double la = logAcceptance(c, step[c], xis[c], y, c * d, lpY[c], gY, c * d);
                    alpha = la >= 0 ? 1.0 : Math.exp(la);
                    if (rng[c].nextDouble() < alpha) {
                        System.arraycopy(y, c * d, x, c * d, d);
                        System.arraycopy(gY, c * d, g, c * d, d);
                        lp[c] = lpY[c];
                    }
                }
                acceptSum += alpha;
                acceptN++;
                if (warm) {
                    if (Double.isNaN(s.step())) {
                        step[c] = adapt[c].update(alpha);
                        if (iteration == s.warmup() - 1) {
                            step[c] = adapt[c].averagedStep();
                        }
                    }
                } else {
                    int k = iteration - s.warmup();
                    System.arraycopy(x, c * d, kept[c], k * d, d);
                    logDensity[c][k] = lp[c];
                    acceptStat[c][k] = alpha;
                    stepSize[c][k] = step[c];
                }
            }
            if (warm && s.metric() != Metric.UNIT) {
                adaptMetric(iteration);
            }
        }

        private void adaptMetric(int iteration) {
            for (int[] w : windows) {
                if (iteration >= w[0] && iteration < w[1]) {
                    for (int c = 0; c < chains; c++) {
                        accumulate(c);
                    }
                    if (iteration == w[1] - 1) {
                        updateMetric();
                    }
                    return;
                }
            }
        }

        private void accumulate(int c) {
            windowCount++;
            for (int i = 0; i < d; i++) {
                double xi = x[c * d + i];
                windowSum[i] += xi;
                for (int j = 0; j <= i; j++) {
                    windowOuter[i * d + j] += xi * x[c * d + j];
                }
            }
        }

        /**
         * The covariance of the window's draws, pooled over chains, shrunk towards the current
         * metric as towards a prior worth {@code 4d} draws: {@code (n Σ̂ + 4d Σ_old) / (n + 4d)}.
         * (Stan shrinks towards {@code 10⁻³ I}; shrinking towards the Laplace or previous estimate
         * keeps an early window of poorly mixed draws from undoing a good metric.)
         */
        private void updateMetric() {
            int n = windowCount;
            if (n < Math.max(10, 4 * d)) {
                return; // too few draws for a covariance in d dimensions: carry them into the next window
            }
            double prior = 4.0 * d;
            double[] next = new double[d * d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j <= i; j++) {
                    double c = (windowOuter[i * d + j] - windowSum[i] * windowSum[j] / n) / (n - 1.0);
                    c = (n * c + prior * cov[i * d + j]) / (n + prior);
                    next[i * d + j] = c;
                    next[j * d + i] = c;
                }
            }
            if (s.metric() == Metric.DIAGONAL) {
                next = diagonalOf(next);
            }
            double[] l = Dense.cholesky(next, d);
            if (l != null) {
                cov = next;
                chol = l;
                for (int c = 0; c < chains; c++) {
                    if (Double.isNaN(s.step())) {
                        step[c] = initialStep(c);
                        adapt[c].restart(step[c]);
                    }
                }
            } else {
                context.fault("metric_not_positive_definite", -1, -1,
                        "the covariance estimated from " + n + " warm-up draws is not positive definite; kept the previous metric");
            }
            resetWindow();
        }

        private void resetWindow() {
            windowSum = new double[d];
            windowOuter = new double[d * d];
            windowCount = 0;
        }

        private static double[] diagonalOf(double[] a) {
            int d = (int) Math.round(Math.sqrt(a.length));
            double[] out = new double[d * d];
            for (int i = 0; i < d; i++) {
                out[i * d + i] = a[i * d + i];
            }
            return out;
        }

        @Override
        public void record(Monitors m) {
            double meanLp = 0.0;
            double meanStep = 0.0;
            for (int c = 0; c < chains; c++) {
                meanLp += lp[c] / chains;
                meanStep += step[c] / chains;
            }
            m.put("lp_mean", meanLp);
            m.put("accept_rate", acceptN == 0 ? Double.NaN : acceptSum / acceptN);
            m.put("step_size", meanStep);
            m.put("rejected_non_finite", rejectedNonFinite);
            acceptSum = 0.0;
            acceptN = 0;
        }

        @Override
        public Draws draws() {
            Map<String, double[][]> sampler = new LinkedHashMap<>();
            sampler.put("lp__", logDensity);
            sampler.put("accept_stat__", acceptStat);
            sampler.put("stepsize__", stepSize);
            return Draws.unconstrained(d, kept, sampler);
        }

        @Override
        public Map<String, Object> info() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("step_size", step.clone());
            m.put("metric_initialised_from", metricOrigin);
            m.put("rejected_non_finite", rejectedNonFinite);
            return m;
        }
    }
}

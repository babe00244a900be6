package otto.flow.particle;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import otto.flow.Draws;
import otto.flow.Evaluator;
import otto.flow.FlowState;
import otto.flow.Monitors;
import otto.flow.RandomStream;
import otto.flow.Result;
import otto.flow.RunContext;
import otto.flow.RunFailedException;
import otto.flow.gaussian.ForwardBackwardVi;
import otto.flow.gaussian.GaussianViSettings;
import otto.flow.gaussian.Laplace;
import otto.math.Dense;
import otto.math.Vectors;
import otto.model.Target;

/**
 * What the chain methods (ULA, MALA, kinetic Langevin) share: several chains, each with its own
 * random stream (stream {@code c} for chain {@code c}), evaluated together in one batched call
 * per iteration; starts; the preconditioner {@code Σ = LLᵀ} and its adaptation; the kept draws
 * after warm-up with CmdStan's sampler columns; the common monitors and fault handling.
 *
 * <p>Starts: every chain first finds a point with a finite log density and gradient uniformly in
 * {@code (-r, r)^d}. Unless the metric is {@link Metric#UNIT}, a Gaussian fit of the target is
 * then made (the Laplace approximation, or for {@link Preconditioner#VI} a forward–backward VI
 * pilot run) and the chains move to draws from it widened twofold — overdispersed, so R-hat
 * stays meaningful, but past the transient. The fit's covariance is the first metric.
 */
abstract class LangevinChains implements FlowState {
    /** Iterations of the forward–backward VI pilot run behind {@link Preconditioner#VI}. */
    static final int PILOT_ITERATIONS = 200;

    /**
     * The settings every chain method has.
     *
     * @param chains         number of chains (≥ 1)
     * @param warmup         warm-up iterations per chain (≥ 0), not kept
     * @param draws          kept draws per chain (≥ 1)
     * @param metric         the preconditioner's form
     * @param preconditioner where the preconditioner comes from
     * @param initRadius     first starts are uniform in {@code (-r, r)^d} on the unconstrained scale
     */
    record Layout(int chains, int warmup, int draws, Metric metric, Preconditioner preconditioner, double initRadius) {
        Layout {
            if (chains < 1) {
                throw new IllegalArgumentException("chains must be at least 1, got " + chains);
            }
            if (warmup < 0) {
                throw new IllegalArgumentException("warmup must be non-negative, got " + warmup);
            }
            if (draws < 1) {
                throw new IllegalArgumentException("draws must be at least 1, got " + draws);
            }
            if (metric == null || preconditioner == null) {
                throw new IllegalArgumentException("metric and preconditioner must be given");
            }
            if (!(initRadius > 0 && Double.isFinite(initRadius))) {
                throw new IllegalArgumentException("init radius must be positive and finite, got " + initRadius);
            }
        }

        void describe(Map<String, Object> m) {
            m.put("chains", chains);
            m.put("warmup", warmup);
            m.put("draws", draws);
            m.put("metric", metric.name().toLowerCase(java.util.Locale.ROOT));
            m.put("preconditioner", metric == Metric.UNIT ? "none" : preconditioner.label());
            m.put("init_radius", initRadius);
        }
    }

    final Target target;
    final RunContext context;
    final Evaluator evaluator;
    final int d;
    final int chains;
    final int warmup;
    /** Current positions, log densities and gradients, chain after chain. */
    final double[] x;
    final double[] lp;
    final double[] g;
    final RandomStream[] rng;
    /** Each chain's step size. */
    final double[] step;
    /** The preconditioner Σ and its lower Cholesky factor L. */
    double[] cov;
    double[] chol;
    private final Layout layout;
    private final boolean adjusted;
    private final WindowedCovariance windows;
    private final String metricOrigin;
    private final double[][] kept;
    private final double[][] keptLp;
    private final double[][] keptAccept;
    private final double[][] keptStep;
    private double acceptSum;
    private int acceptN;
    private long rejectedNonFinite;

    /**
     * @param adjusted whether the method has a Metropolis–Hastings acceptance (its draws then
     *                 carry {@code accept_stat__} and it reports an acceptance rate)
     */
    LangevinChains(Target target, RunContext context, Layout layout, boolean adjusted) {
        this.target = target;
        this.context = context;
        this.evaluator = context.evaluator();
        this.layout = layout;
        this.adjusted = adjusted;
        this.d = target.dimension();
        this.chains = layout.chains();
        this.warmup = layout.warmup();
        x = new double[chains * d];
        lp = new double[chains];
        g = new double[chains * d];
        step = new double[chains];
        rng = new RandomStream[chains];
        for (int c = 0; c < chains; c++) {
            rng[c] = context.stream(c);
            startUniformly(c);
        }
        cov = Dense.identity(d);
        String origin = "identity";
        if (layout.metric() != Metric.UNIT) {
            double[][] fit = fit();
            if (fit != null) {
                double[] l = Dense.cholesky(fit[1], d);
                if (l != null) {
                    cov = layout.metric() == Metric.DIAGONAL ? diagonalOf(fit[1]) : fit[1];
                    origin = layout.preconditioner() == Preconditioner.VI ? "vi" : "laplace";
                    for (int c = 0; c < chains; c++) {
                        startNear(c, fit[0], l);
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
        windows = layout.metric() != Metric.UNIT && layout.preconditioner() == Preconditioner.WARMUP && warmup > 0
                ? new WindowedCovariance(warmup, d, layout.metric() == Metric.DIAGONAL) : null;
        kept = new double[chains][layout.draws() * d];
        keptLp = new double[chains][layout.draws()];
        keptAccept = adjusted ? new double[chains][layout.draws()] : null;
        keptStep = new double[chains][layout.draws()];
    }

    /** {@code [mean, covariance]} of the Gaussian fit the preconditioner starts from, or null. */
    private double[][] fit() {
        if (layout.preconditioner() == Preconditioner.VI) {
            try {
                Result pilot = context.pilot(new ForwardBackwardVi(GaussianViSettings.defaults()
                        .withIterations(PILOT_ITERATIONS).withDraws(1).withChains(1)));
                if (pilot.info().get("mean") instanceof double[] m && pilot.info().get("covariance") instanceof double[] s
                        && Vectors.allFinite(s)) {
                    return new double[][] {m, s};
                }
            } catch (RunFailedException | ArithmeticException e) {
                context.fault("pilot_failed", -1, -1, "the forward-backward VI pilot failed (" + e.getMessage()
                        + "); the preconditioner starts from the Laplace approximation instead");
            }
        }
        Laplace.Fit fit = Laplace.find(target, java.util.Arrays.copyOfRange(x, 0, d), 100);
        if (fit.covariance() != null && Vectors.allFinite(fit.covariance())) {
            return new double[][] {fit.mode(), fit.covariance()};
        }
        return null;
    }

    private void startUniformly(int c) {
        double r = layout.initRadius();
        boolean found = tryStart(c, point -> {
            for (int i = 0; i < d; i++) {
                point[i] = rng[c].nextUniform(-r, r);
            }
        });
        if (!found) {
            throw new RunFailedException("chain " + (c + 1) + ": no initial point with a finite log density and gradient in 100 "
                    + "tries uniformly in (-" + r + ", " + r + ")^" + d);
        }
    }

    /**
     * Moves chain c's start to a draw from {@code N(mean, LLᵀ)} widened twofold; keeps the
     * uniform start if no such draw has a finite log density in 100 tries.
     */
    private void startNear(int c, double[] mean, double[] l) {
        double[] xi = new double[d];
        tryStart(c, point -> {
            rng[c].nextGaussian(xi);
            Dense.multiplyLower(l, d, xi, point);
            for (int i = 0; i < d; i++) {
                point[i] = mean[i] + 2.0 * point[i];
            }
        });
    }

    /** Draws up to 100 candidate starts for chain c; takes the first with a finite density and gradient. */
    private boolean tryStart(int c, Consumer<double[]> candidate) {
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

    /** {@code out[oo..] = Σ v[o..]}. */
    final void precondition(double[] v, int o, double[] out, int oo) {
        for (int i = 0; i < d; i++) {
            double s = 0.0;
            int row = i * d;
            for (int j = 0; j < d; j++) {
                s += cov[row + j] * v[o + j];
            }
            out[oo + i] = s;
        }
    }

    /** {@code out[oo..] = L ξ}. */
    final void colour(double[] xi, double[] out, int oo) {
        for (int i = 0; i < d; i++) {
            double s = 0.0;
            int row = i * d;
            for (int j = 0; j <= i; j++) {
                s += chol[row + j] * xi[j];
            }
            out[oo + i] = s;
        }
    }

    /** Whether chain c's values in {@code lps}, {@code grads} are finite. */
    final boolean finiteAt(double[] lps, double[] grads, int c) {
        return Double.isFinite(lps[c]) && Vectors.allFinite(grads, c * d, d);
    }

    /** Counts and logs a move of chain c rejected (or undone) because the log density or gradient was not finite. */
    final void rejectNonFinite(int iteration, int c, double value) {
        rejectedNonFinite++;
        context.fault("non_finite_log_density", iteration, c, "chain " + (c + 1) + ": move rejected, log density " + value
                + (Double.isFinite(value) ? " with a non-finite gradient" : ""));
    }

    /** Adds chain c's acceptance probability to the acceptance monitor. */
    final void accepted(double alpha) {
        acceptSum += alpha;
        acceptN++;
    }

    /**
     * After an iteration: in warm-up, feeds the windowed metric estimate (and returns true when
     * the metric changed); after warm-up, keeps every chain's draw.
     */
    final boolean finish(int iteration, double[] acceptStats) {
        if (iteration >= warmup) {
            int k = iteration - warmup;
            for (int c = 0; c < chains; c++) {
                System.arraycopy(x, c * d, kept[c], k * d, d);
                keptLp[c][k] = lp[c];
                keptStep[c][k] = step[c];
                if (adjusted) {
                    keptAccept[c][k] = acceptStats[c];
                }
            }
            return false;
        }
        if (windows == null) {
            return false;
        }
        double[] next = windows.observe(iteration, x, chains, cov);
        if (next == null) {
            return false;
        }
        double[] l = Dense.cholesky(next, d);
        if (l == null) {
            context.fault("metric_not_positive_definite", iteration, -1,
                    "the covariance estimated from the warm-up draws is not positive definite; kept the previous metric");
            return false;
        }
        cov = next;
        chol = l;
        return true;
    }

    /**
     * The stiffness of the target in preconditioned coordinates: the median over chains of the
     * spectral radius of {@code Lᵀ(-∇²log π)L} at their current points; 1 where it cannot be
     * estimated (then the preconditioner is taken as the scale).
     */
    final double stiffness() {
        double[] r = new double[chains];
        double[] p = new double[d];
        int n = 0;
        for (int c = 0; c < chains; c++) {
            System.arraycopy(x, c * d, p, 0, d);
            double v = Curvature.spectralRadius(target, p, chol);
            if (v > 0 && Double.isFinite(v)) {
                r[n++] = v;
            }
        }
        if (n == 0) {
            return 1.0;
        }
        java.util.Arrays.sort(r, 0, n);
        return n % 2 == 1 ? r[n / 2] : 0.5 * (r[n / 2 - 1] + r[n / 2]);
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
        if (adjusted) {
            m.put("accept_rate", acceptN == 0 ? Double.NaN : acceptSum / acceptN);
        }
        m.put("step_size", meanStep);
        m.put("rejected_non_finite", rejectedNonFinite);
        acceptSum = 0.0;
        acceptN = 0;
    }

    @Override
    public Draws draws() {
        Map<String, double[][]> sampler = new LinkedHashMap<>();
        sampler.put("lp__", keptLp);
        if (adjusted) {
            sampler.put("accept_stat__", keptAccept);
        }
        sampler.put("stepsize__", keptStep);
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

    static double[] diagonalOf(double[] a) {
        int d = (int) Math.round(Math.sqrt(a.length));
        double[] out = new double[d * d];
        for (int i = 0; i < d; i++) {
            out[i * d + i] = a[i * d + i];
        }
        return out;
    }
}

package otto.flow.particle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.io.IOException;
import otto.flow.Checkpointable;
import otto.flow.Draws;
import otto.flow.Evaluator;
import otto.flow.FlowState;
import otto.flow.IncrementalDraws;
import otto.flow.MemoryEstimate;
import otto.flow.Monitors;
import otto.flow.RandomStream;
import otto.flow.Result;
import otto.flow.RunContext;
import otto.flow.RunFailedException;
import otto.flow.StateReader;
import otto.flow.StateWriter;
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
 * <p>The chains' current points are a cloud whose law follows the flow: with enough chains
 * ({@link CloudMonitors#minimum(int)}) the trace records its free energy and kernel Stein
 * discrepancy.
 *
 * <p>Starts: every chain first finds a point with a finite log density and gradient uniformly in
 * {@code (-r, r)^d}. Unless the metric is {@link Metric#UNIT}, a Gaussian fit of the target is
 * then made (the Laplace approximation, or for {@link Preconditioner#VI} a forward–backward VI
 * pilot run) and the chains move to draws from it widened twofold — overdispersed, so R-hat
 * stays meaningful, but past the transient (less widened where twofold lands implausibly far
 * down, see {@link #startNear}). The fit's covariance is the first metric.
 */
abstract class LangevinChains implements FlowState, IncrementalDraws, Checkpointable {
    /**
     * The memory of a chain method: every chain's draws after warm-up are kept (d values and up to
     * three sampler columns each), and the result's constrained copy and the summaries' working
     * arrays are of the same order (three copies in all); each chain has some twelve d-vectors and
     * eight numbers of state and its random stream; a dense metric is a few d × d matrices.
     */
    static MemoryEstimate memory(int chains, int draws, int d) {
        MemoryEstimate kept = new MemoryEstimate(MemoryEstimate.draws(chains, draws, d, 3, 3), chains + " chains × " + draws
                + " draws × d = " + d + " kept", List.of("chains", "draws"));
        long perChain = MemoryEstimate.doubles(12.0 * chains * d + 8.0 * chains) + (long) chains * MemoryEstimate.STREAM_BYTES;
        MemoryEstimate state = new MemoryEstimate(perChain, chains + " chains × d = " + d + " of state", List.of("chains"));
        MemoryEstimate metric = new MemoryEstimate(MemoryEstimate.doubles(4.0 * d * d), "d × d = " + d + " × " + d
                + " metric matrices", List.of());
        return MemoryEstimate.sum(kept, state, metric);
    }

    /**
     * A move of an unadjusted method that lowers the log density by more than this is a
     * divergence (Stan's threshold for a trajectory's energy error): it is rejected, counted, and
     * the chain's default step is halved.
     */
    static final double DIVERGENCE = 1000.0;

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
            if ((long) warmup + draws > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("warmup + draws must be at most " + Integer.MAX_VALUE + " iterations, got "
                        + ((long) warmup + draws));
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
    /** Each chain's factor on its default step: halved at every divergence, kept when the step is re-chosen. */
    final double[] stepScale;
    /** The preconditioner Σ and its lower Cholesky factor L. */
    double[] cov;
    double[] chol;
    private final Layout layout;
    private final boolean adjusted;
    private final WindowedCovariance windows;
    private final String metricOrigin;
    /** The centre of the Gaussian fit the chains started around, or null. */
    private double[] fitCentre;
    private final double[][] kept;
    private final double[][] keptLp;
    private final double[][] keptAccept;
    private final double[][] keptStep;
    /** Unadjusted methods: per kept draw, 1 if the move that led to it was rejected as divergent (Stan's divergent__). */
    private final double[][] keptDivergent;
    /** Unadjusted methods: which chains' moves diverged in the current iteration. */
    private final boolean[] divergedNow;
    /** Draws kept so far per chain. */
    private int keptCount;
    private double acceptSum;
    private int acceptN;
    private long rejectedNonFinite;
    private long divergent;

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
        stepScale = new double[chains];
        java.util.Arrays.fill(stepScale, 1.0);
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
                    fitCentre = fit[0].clone();
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
        keptDivergent = adjusted ? null : new double[chains][layout.draws()];
        divergedNow = new boolean[chains];
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
        boolean found = tryStart(c, 100, point -> {
            for (int i = 0; i < d; i++) {
                point[i] = rng[c].nextUniform(-r, r);
            }
        }, v -> true);
        if (!found) {
            throw new RunFailedException("chain " + (c + 1) + ": no initial point with a finite log density and gradient in 100 "
                    + "tries uniformly in (-" + r + ", " + r + ")^" + d);
        }
    }

    /**
     * Moves chain c's start to a draw from {@code N(mean, f²LLᵀ)}, widened {@code f = 2} times if
     * such a draw is plausible: its log density no further below the centre's than a Gaussian's
     * draws would be, {@code -2Δlog π ≤ f²(d + 5√(2d))} (the χ²_d mean plus five sds). Where the
     * posterior is curved, twice-widened draws can land in regions thousands of nats down, stiff
     * enough to stall an unadjusted chain; then narrower widenings (1.5, 1, ½) are tried, 25
     * draws each. If none is plausible the uniform start is kept.
     */
    private void startNear(int c, double[] mean, double[] l) {
        double centre = target.logDensity(mean, null);
        double[] xi = new double[d];
        for (double f : new double[] {2.0, 1.5, 1.0, 0.5}) {
            double floor = centre - 0.5 * f * f * (d + 5.0 * Math.sqrt(2.0 * d));
            boolean found = tryStart(c, 25, point -> {
                rng[c].nextGaussian(xi);
                Dense.multiplyLower(l, d, xi, point);
                for (int i = 0; i < d; i++) {
                    point[i] = mean[i] + f * point[i];
                }
            }, v -> !(v < floor));
            if (found) {
                return;
            }
        }
    }

    /**
     * Draws up to {@code tries} candidate starts for chain c; takes the first with a finite density
     * and gradient that {@code accept} accepts.
     */
    private boolean tryStart(int c, int tries, Consumer<double[]> candidate, java.util.function.DoublePredicate accept) {
        double[] p = new double[d];
        double[] grad = new double[d];
        for (int attempt = 0; attempt < tries; attempt++) {
            candidate.accept(p);
            double v = target.logDensity(p, grad);
            if (Double.isFinite(v) && Vectors.allFinite(grad) && accept.test(v)) {
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

    /**
     * Whether an unadjusted move of chain c to a point with log density {@code lpNew} diverges
     * (see {@link #DIVERGENCE}); if so it is counted and logged and, when {@code adaptStep}, the
     * chain's step is halved.
     */
    final boolean diverges(int iteration, int c, double lpNew, boolean adaptStep) {
        if (!(lpNew < lp[c] - DIVERGENCE)) {
            return false;
        }
        divergent++;
        divergedNow[c] = true;
        context.fault("divergent_move", iteration, c, String.format(java.util.Locale.ROOT,
                "chain %d: a move would lower the log density from %.6g to %.6g; rejected%s", c + 1, lp[c], lpNew,
                adaptStep ? String.format(java.util.Locale.ROOT, ", step halved to %.4g", step[c] * 0.5) : ""));
        if (adaptStep) {
            step[c] *= 0.5;
            stepScale[c] *= 0.5;
        }
        return true;
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
                } else {
                    keptDivergent[c][k] = divergedNow[c] ? 1 : 0;
                }
            }
            java.util.Arrays.fill(divergedNow, false);
            keptCount = k + 1;
            return false;
        }
        java.util.Arrays.fill(divergedNow, false);
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
     * The stiffness of the target in preconditioned coordinates: the spectral radius of
     * {@code Lᵀ(-∇²log π)L} at the centre of the Gaussian fit before the first iteration (the
     * overdispersed starts may lie in far stiffer regions than the posterior's bulk; a chain
     * there halves its own step when it diverges), later the median over the chains' current
     * points; 1 where it cannot be estimated (then the preconditioner is taken as the scale).
     */
    final double stiffness() {
        if (fitCentre != null) {
            double v = Curvature.spectralRadius(target, fitCentre, chol);
            fitCentre = null;
            if (v > 0 && Double.isFinite(v)) {
                return v;
            }
        }
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
        if (!adjusted) {
            m.put("divergent", divergent);
        }
        CloudMonitors.record(m, x, lp, g, chains, d, 0.0, context.parallel());
        acceptSum = 0.0;
        acceptN = 0;
    }

    /** The draws kept so far (all of them once the run is complete; fewer when it was interrupted). */
    @Override
    public Draws draws() {
        return keptCount == layout.draws() ? drawsOf(kept, keptLp, adjusted ? keptAccept : keptDivergent, keptStep)
                : keptDraws(0);
    }

    @Override
    public int keptDraws() {
        return keptCount;
    }

    @Override
    public Draws keptDraws(int from) {
        int n = Math.max(0, keptCount - from);
        double[][] x = new double[chains][];
        double[][] l = new double[chains][];
        double[][] a = new double[chains][];
        double[][] st = new double[chains][];
        double[][] per = adjusted ? keptAccept : keptDivergent;
        for (int c = 0; c < chains; c++) {
            x[c] = java.util.Arrays.copyOfRange(kept[c], from * d, (from + n) * d);
            l[c] = java.util.Arrays.copyOfRange(keptLp[c], from, from + n);
            a[c] = java.util.Arrays.copyOfRange(per[c], from, from + n);
            st[c] = java.util.Arrays.copyOfRange(keptStep[c], from, from + n);
        }
        return drawsOf(x, l, a, st);
    }

    /**
     * The draws with CmdStan's sampler columns: {@code lp__}, then {@code accept_stat__} for the
     * adjusted methods, {@code stepsize__}, and {@code divergent__} for the unadjusted ones
     * (whose divergent moves are rejected: the draw repeats the one before).
     *
     * @param perDraw the acceptance statistics (adjusted) or the divergence flags (unadjusted)
     */
    private Draws drawsOf(double[][] x, double[][] l, double[][] perDraw, double[][] st) {
        Map<String, double[][]> sampler = new LinkedHashMap<>();
        sampler.put("lp__", l);
        if (adjusted) {
            sampler.put("accept_stat__", perDraw);
        }
        sampler.put("stepsize__", st);
        if (!adjusted) {
            sampler.put("divergent__", perDraw);
        }
        return Draws.unconstrained(d, x, sampler);
    }

    /**
     * Saves what the chains share: positions, log densities, gradients, steps and their scales,
     * the metric and its warm-up windows, the kept draws so far, the monitors' sums and the fault
     * counters; then the method's own part ({@link #saveOwn}).
     */
    @Override
    public final void save(StateWriter out) throws IOException {
        out.section("chains");
        out.doubles(x);
        out.doubles(lp);
        out.doubles(g);
        out.doubles(step);
        out.doubles(stepScale);
        out.doubles(cov);
        out.doubles(chol);
        out.doubles(fitCentre);
        out.writeBoolean(windows != null);
        if (windows != null) {
            windows.save(out);
        }
        out.writeInt(keptCount);
        for (int c = 0; c < chains; c++) {
            out.doubles(kept[c], keptCount * d);
            out.doubles(keptLp[c], keptCount);
            out.doubles(adjusted ? keptAccept[c] : keptDivergent[c], keptCount);
            out.doubles(keptStep[c], keptCount);
        }
        out.writeDouble(acceptSum);
        out.writeInt(acceptN);
        out.writeLong(rejectedNonFinite);
        out.writeLong(divergent);
        out.section("own");
        saveOwn(out);
    }

    @Override
    public final void restore(StateReader in) throws IOException {
        in.section("chains");
        in.doublesInto(x);
        in.doublesInto(lp);
        in.doublesInto(g);
        in.doublesInto(step);
        in.doublesInto(stepScale);
        cov = in.doubles(d * d);
        chol = in.doubles(d * d);
        fitCentre = in.doubles();
        boolean hasWindows = in.readBoolean();
        if (hasWindows != (windows != null)) {
            throw new IllegalStateException("the checkpoint does not fit this run: its metric adaptation differs");
        }
        if (windows != null) {
            windows.restore(in);
        }
        int k = in.readInt();
        if (k < 0 || k > layout.draws()) {
            throw new IllegalStateException("the checkpoint does not fit this run: " + k + " kept draws of " + layout.draws());
        }
        keptCount = k;
        for (int c = 0; c < chains; c++) {
            System.arraycopy(in.doubles(k * d), 0, kept[c], 0, k * d);
            System.arraycopy(in.doubles(k), 0, keptLp[c], 0, k);
            System.arraycopy(in.doubles(k), 0, adjusted ? keptAccept[c] : keptDivergent[c], 0, k);
            System.arraycopy(in.doubles(k), 0, keptStep[c], 0, k);
        }
        acceptSum = in.readDouble();
        acceptN = in.readInt();
        rejectedNonFinite = in.readLong();
        divergent = in.readLong();
        in.section("own");
        restoreOwn(in);
    }

    /** Saves the method's own changing state (its adaptation, velocities …). */
    abstract void saveOwn(StateWriter out) throws IOException;

    /** Restores what {@link #saveOwn} wrote. */
    abstract void restoreOwn(StateReader in) throws IOException;

    @Override
    public Map<String, Object> info() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step_size", step.clone());
        m.put("metric_initialised_from", metricOrigin);
        m.put("rejected_non_finite", rejectedNonFinite);
        if (!adjusted) {
            m.put("divergent", divergent);
        }
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

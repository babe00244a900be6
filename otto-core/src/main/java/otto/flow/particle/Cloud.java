package otto.flow.particle;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import otto.flow.Draws;
import otto.flow.Evaluator;
import otto.flow.MemoryEstimate;
import otto.flow.RandomStream;
import otto.flow.RunContext;
import otto.flow.RunFailedException;
import otto.flow.gaussian.Laplace;
import otto.math.Dense;
import otto.math.Vectors;
import otto.model.Target;

/**
 * A cloud of {@code n} particles with the log density and gradient at each, as the deterministic
 * particle flows keep it: the current cloud (always finite), a trial cloud, and the batched
 * evaluation of the trial that finds the particles where the target is not finite.
 *
 * <p><b>Coordinates.</b> The flows move the particles in coordinates {@code z} with
 * {@code θ = m + L z}: with the {@link Metric#DENSE} metric {@code m} and {@code L} are the
 * Laplace approximation's mode and covariance factor ({@code Σ = L Lᵀ}), with
 * {@link Metric#DIAGONAL} its mode and marginal standard deviations, and with {@link Metric#UNIT}
 * (or when there is no usable Laplace approximation) {@code θ = z}. The target is evaluated at
 * {@code θ}; gradients are returned in {@code z} ({@code Lᵀ ∇_θ log π}); log densities are the
 * target's own (the constant {@code log |det L|} is left to the flows); draws are mapped back to
 * {@code θ}.
 *
 * <p><b>Streams.</b> Particle {@code i} draws its start from the run's stream {@code i}; stream
 * {@code n} is the method's own (the Laplace search's start, random pairs for the bandwidth).
 */
final class Cloud {
    private static final int TRIES = 100;
    /** A Laplace fit is rejected when its draws fall this many times {@code d/2 + 1} below the mode on average. */
    static final double LAPLACE_DROP = 10.0;

    final int n;
    final int d;
    private final String method;
    private final RunContext context;
    private final Evaluator evaluator;
    /** The method's own random stream (stream {@code n}). */
    final RandomStream own;
    /** Current positions ({@code z}), log densities and gradients in {@code z}. */
    double[] x;
    double[] lp;
    double[] g;
    /** Trial positions, log densities and gradients. */
    double[] y;
    double[] lpY;
    double[] gY;
    /** {@code laplace} or {@code uniform}: where the initial cloud came from. */
    final String origin;
    /** Why the cloud did not start from the Laplace approximation (null if it did). */
    final String startNote;
    /** The metric used: {@code unit}, {@code diagonal} or {@code dense} (from the Laplace approximation). */
    final String metric;
    /**
     * The target's standard deviation along each coordinate the flow moves in, from the Laplace
     * approximation when one was accepted (all ones in coordinates whitened by it), else null.
     */
    final double[] targetSpread;
    /** {@code log |det L|}: the Jacobian of {@code z ↦ θ} (0 for the unit metric). */
    final double logDetMap;
    private final double[] shift;
    private final double[] map;
    private final double[][] mapRows;
    private final double[][] mapColumns;
    private final boolean diagonalMap;
    private final double[] theta;
    private final double[] gTheta;

    Cloud(String method, Target target, RunContext context, int n, CloudStart start, double radius, Metric wanted) {
        this.method = method;
        this.context = context;
        this.evaluator = context.evaluator();
        this.n = n;
        this.d = target.dimension();
        if (d < 1) {
            throw new RunFailedException(method + ": the target has dimension " + d);
        }
        x = new double[n * d];
        lp = new double[n];
        g = new double[n * d];
        y = new double[n * d];
        lpY = new double[n];
        gY = new double[n * d];
        RandomStream[] rng = new RandomStream[n];
        for (int i = 0; i < n; i++) {
            rng[i] = context.stream(i);
        }
        own = context.stream(n);
        double[] mode = null;
        double[] chol = null;
        double[] cov = null;
        double modeLogDensity = Double.NaN;
        if (start == CloudStart.LAPLACE || wanted != Metric.UNIT) {
            double[] p = new double[d];
            double[] grad = new double[d];
            for (int attempt = 0; attempt < TRIES; attempt++) {
                for (int k = 0; k < d; k++) {
                    p[k] = own.nextUniform(-radius, radius);
                }
                double v = target.logDensity(p, grad);
                if (Double.isFinite(v) && Vectors.allFinite(grad)) {
                    Laplace.Fit fit = Laplace.find(target, p, 100);
                    if (fit.covariance() != null && Vectors.allFinite(fit.covariance()) && Vectors.allFinite(fit.mode())) {
                        chol = Dense.cholesky(fit.covariance(), d);
                        mode = chol == null ? null : fit.mode();
                        cov = fit.covariance();
                        modeLogDensity = fit.logDensity();
                    }
                    break;
                }
            }
        }
        String why = mode == null ? "no Laplace approximation (no finite start, or the Hessian at the mode is not negative definite)" : null;
        double[] thetaStart = new double[n * d];
        boolean[] fromLaplace = new boolean[n];
        if (mode != null) {
            draw(rng, radius, mode, chol, true, thetaStart, fromLaplace);
            // Under the Laplace approximation lp(mode) - lp(draw) is χ²_d / 2, of mean d/2. A fit
            // whose draws fall far further is much wider than the target (a mode where the
            // Hessian nearly vanishes gives a huge covariance): it is not used.
            double drop = 0.0;
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (fromLaplace[i]) {
                    drop += modeLogDensity - lp[i];
                    m++;
                }
            }
            drop /= Math.max(1, m);
            if (m > 0 && drop > LAPLACE_DROP * (0.5 * d + 1)) {
                why = "the Laplace approximation was rejected: its draws lie " + (float) drop + " below the mode's log density on "
                        + "average, against d/2 = " + 0.5 * d + " for a good fit";
                mode = null;
            }
        }
        if (mode == null || start == CloudStart.UNIFORM) {
            draw(rng, radius, null, null, false, thetaStart, fromLaplace);
        }
        if (start == CloudStart.UNIFORM) {
            why = "uniform start requested" + (mode == null && wanted != Metric.UNIT ? "; unit metric: " + why : "");
        }
        startNote = why;
        origin = mode != null && start == CloudStart.LAPLACE ? "laplace" : "uniform";
        // the coordinates the flow moves in
        Metric used = mode == null ? Metric.UNIT : wanted;
        metric = used.name().toLowerCase(java.util.Locale.ROOT);
        if (mode == null) {
            targetSpread = null;
        } else {
            targetSpread = new double[d];
            for (int k = 0; k < d; k++) {
                targetSpread[k] = used == Metric.UNIT ? Math.sqrt(cov[k * d + k]) : 1.0;
            }
        }
        if (used == Metric.UNIT) {
            shift = null;
            map = null;
            mapRows = null;
            mapColumns = null;
            diagonalMap = false;
            theta = null;
            gTheta = null;
            logDetMap = 0.0;
            System.arraycopy(thetaStart, 0, x, 0, n * d);
        } else {
            shift = mode.clone();
            diagonalMap = used == Metric.DIAGONAL;
            if (diagonalMap) {
                map = new double[d];
                for (int k = 0; k < d; k++) {
                    map[k] = Math.sqrt(cov[k * d + k]);
                }
            } else {
                map = chol;
            }
            mapRows = new double[d][d];
            mapColumns = new double[d][d];
            if (!diagonalMap) {
                for (int k = 0; k < d; k++) {
                    for (int l = 0; l <= k; l++) {
                        mapRows[k][l] = map[k * d + l];
                        mapColumns[l][k] = map[k * d + l];
                    }
                }
            }
            double ld = 0.0;
            for (int k = 0; k < d; k++) {
                ld += Math.log(diagonalMap ? map[k] : map[k * d + k]);
            }
            logDetMap = ld;
            theta = new double[n * d];
            gTheta = new double[n * d];
            double[] r = new double[d];
            double[] zi = new double[d];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < d; k++) {
                    r[k] = thetaStart[i * d + k] - shift[k];
                }
                if (diagonalMap) {
                    for (int k = 0; k < d; k++) {
                        zi[k] = r[k] / map[k];
                    }
                } else {
                    Dense.solveLower(map, d, r, zi);
                }
                System.arraycopy(zi, 0, x, i * d, d);
            }
            // gradients of the start, in z
            System.arraycopy(g, 0, gTheta, 0, n * d);
            toZ(gTheta, g);
        }
    }

    /**
     * Draws every particle (into {@code out}, on the θ scale, with {@link #lp} and, on the θ
     * scale, {@link #g}) from {@code N(mode, LLᵀ)} when {@code laplace} (falling back to uniform
     * for a particle with no finite draw in {@value #TRIES} tries), or uniformly in
     * {@code (-r, r)^d}, each from its own stream, in batched evaluations; marks which came from
     * the Laplace approximation.
     */
    private void draw(RandomStream[] rng, double radius, double[] mode, double[] chol, boolean laplace, double[] out,
                      boolean[] fromLaplace) {
        boolean[] pending = new boolean[n];
        Arrays.fill(pending, true);
        Arrays.fill(fromLaplace, false);
        double[] xi = new double[d];
        int[] index = new int[n];
        int rounds = laplace ? 2 * TRIES : TRIES;
        for (int round = 0; round < rounds; round++) {
            boolean gaussian = laplace && round < TRIES;
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (!pending[i]) {
                    continue;
                }
                int o = m * d;
                if (gaussian) {
                    rng[i].nextGaussian(xi);
                    for (int k = 0; k < d; k++) {
                        double s = 0.0;
                        for (int l = 0; l <= k; l++) {
                            s += chol[k * d + l] * xi[l];
                        }
                        y[o + k] = mode[k] + s;
                    }
                } else {
                    for (int k = 0; k < d; k++) {
                        y[o + k] = rng[i].nextUniform(-radius, radius);
                    }
                }
                index[m++] = i;
            }
            if (m == 0) {
                return;
            }
            evaluator.evaluate(y, m, lpY, gY);
            for (int t = 0; t < m; t++) {
                if (Double.isFinite(lpY[t]) && Vectors.allFinite(gY, t * d, d)) {
                    int i = index[t];
                    System.arraycopy(y, t * d, out, i * d, d);
                    System.arraycopy(gY, t * d, g, i * d, d);
                    lp[i] = lpY[t];
                    pending[i] = false;
                    fromLaplace[i] = gaussian;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (pending[i]) {
                throw new RunFailedException(method + ": particle " + (i + 1) + ": no initial point with a finite log density "
                        + "and gradient in " + TRIES + " tries uniformly in (-" + radius + ", " + radius + ")^" + d
                        + (laplace ? " (nor in " + TRIES + " draws from the Laplace approximation)" : ""));
            }
        }
    }

    /**
     * {@code θ = m + L z} for all particles of {@code z} into {@code out}, across the run's threads
     * (each particle on its own, so the split does not matter), as {@code Σ_l z_l L[:, l]}: loops
     * over rows of {@code Lᵀ} that the JIT vectorises.
     */
    private void toTheta(double[] z, double[] out) {
        context.parallel().forRanges(n, (from, to) -> {
            double[] t = new double[d];
            for (int i = from; i < to; i++) {
                int o = i * d;
                if (diagonalMap) {
                    for (int k = 0; k < d; k++) {
                        out[o + k] = shift[k] + map[k] * z[o + k];
                    }
                    continue;
                }
                System.arraycopy(shift, 0, t, 0, d);
                for (int l = 0; l < d; l++) {
                    double a = z[o + l];
                    double[] column = mapColumns[l];
                    for (int k = l; k < d; k++) {
                        t[k] = Math.fma(a, column[k], t[k]);
                    }
                }
                System.arraycopy(t, 0, out, o, d);
            }
        });
    }

    /** Gradients {@code Lᵀ ∇_θ} for all particles of {@code gradTheta} into {@code out}, as {@code Σ_l ∇_l L[l, :]}. */
    private void toZ(double[] gradTheta, double[] out) {
        context.parallel().forRanges(n, (from, to) -> {
            double[] t = new double[d];
            for (int i = from; i < to; i++) {
                int o = i * d;
                if (diagonalMap) {
                    for (int k = 0; k < d; k++) {
                        out[o + k] = map[k] * gradTheta[o + k];
                    }
                    continue;
                }
                java.util.Arrays.fill(t, 0.0);
                for (int l = 0; l < d; l++) {
                    double a = gradTheta[o + l];
                    double[] row = mapRows[l];
                    for (int k = 0; k <= l; k++) {
                        t[k] = Math.fma(a, row[k], t[k]);
                    }
                }
                System.arraycopy(t, 0, out, o, d);
            }
        });
    }

    /**
     * Evaluates the trial cloud {@link #y} in one batched call. Every particle whose log density or
     * gradient is not finite is recorded as a fault ({@code non_finite_log_density} or
     * {@code non_finite_gradient}, with what is done about it); returns the first such particle,
     * or -1 if all are finite.
     */
    int evaluateTrial(int iteration, String action) {
        if (map == null) {
            evaluator.evaluate(y, n, lpY, gY);
        } else {
            toTheta(y, theta);
            evaluator.evaluate(theta, n, lpY, gTheta);
            toZ(gTheta, gY);
        }
        int first = -1;
        for (int i = 0; i < n; i++) {
            boolean finiteLp = Double.isFinite(lpY[i]);
            if (finiteLp && Vectors.allFinite(gY, i * d, d)) {
                continue;
            }
            if (first < 0) {
                first = i;
            }
            context.fault(finiteLp ? "non_finite_gradient" : "non_finite_log_density", iteration, i,
                    describe(i) + ": " + action);
        }
        return first;
    }

    /** What is wrong with trial particle {@code i}. */
    String describe(int i) {
        return "particle " + (i + 1) + ": log density " + lpY[i]
                + (Double.isFinite(lpY[i]) ? " with a non-finite gradient" : "");
    }

    /** Makes the trial cloud the current one. */
    void accept() {
        double[] t = x;
        x = y;
        y = t;
        t = lp;
        lp = lpY;
        lpY = t;
        t = g;
        g = gY;
        gY = t;
    }

    /** The cloud's k-NN free energy and kernel Stein discrepancy into {@code m} (see {@link CloudMonitors}). */
    void recordEnergy(otto.flow.Monitors m) {
        CloudMonitors.record(m, x, lp, g, n, d, logDetMap, context.parallel());
    }

    /** As {@link #recordEnergy}, the k-NN free energy under {@link CloudMonitors#KNN_FREE_ENERGY}. */
    void recordKnnEnergy(otto.flow.Monitors m) {
        CloudMonitors.record(m, x, lp, g, n, d, logDetMap, context.parallel(), CloudMonitors.KNN_FREE_ENERGY,
                CloudMonitors.KNN_FREE_ENERGY + "_se");
    }

    /** The mean log density of the current cloud. */
    double meanLogDensity() {
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            s += lp[i];
        }
        return s / n;
    }

    /** Per-coordinate standard deviations of the current cloud in {@code z} (1 where a coordinate does not vary). */
    double[] spread() {
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                mean[k] += x[i * d + k] / n;
            }
        }
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                double t = x[i * d + k] - mean[k];
                sd[k] += t * t;
            }
        }
        for (int k = 0; k < d; k++) {
            sd[k] = Math.sqrt(sd[k] / (n - 1));
            if (!(sd[k] > 0) || !Double.isFinite(sd[k])) {
                sd[k] = 1.0;
            }
        }
        return sd;
    }

    /** The current cloud on the θ scale as one chain of {@code n} draws (particle order), with {@code lp__}. */
    Draws draws() {
        double[] out = x.clone();
        if (map != null) {
            toTheta(x, out);
        }
        Map<String, double[][]> sampler = new LinkedHashMap<>();
        sampler.put("lp__", new double[][] {lp.clone()});
        return Draws.unconstrained(d, new double[][] {out}, sampler);
    }

    /** Saves the current cloud (positions, log densities, gradients). */
    void save(otto.flow.StateWriter out) throws java.io.IOException {
        out.section("cloud");
        out.doubles(x);
        out.doubles(lp);
        out.doubles(g);
    }

    /** Restores what {@link #save} wrote. */
    void restore(otto.flow.StateReader in) throws java.io.IOException {
        in.section("cloud");
        in.doublesInto(x);
        in.doublesInto(lp);
        in.doublesInto(g);
    }

    /**
     * The memory of a particle flow of {@code n} particles in {@code d} dimensions that holds
     * {@code arrays} arrays of {@code n × (d + 1)} values (the cloud, its trial, the flow's own work
     * arrays, the draws and their constrained copy), and the run's random stream of every particle.
     */
    static MemoryEstimate memory(int n, int d, int arrays) {
        long bytes = MemoryEstimate.doubles((double) arrays * n * (d + 1)) + (long) n * MemoryEstimate.STREAM_BYTES;
        return new MemoryEstimate(bytes, n + " particles × d = " + d + " in some " + arrays + " arrays", List.of("particles"));
    }

    /** The facts of the start for a flow's info. */
    void describeStart(Map<String, Object> info) {
        info.put(otto.flow.Result.CLOUD_PARTICLES, n);
        info.put("start", origin);
        if (startNote != null) {
            info.put("start_note", startNote);
        }
        info.put("metric", metric);
    }
}

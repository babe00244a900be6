package otto.flow.particle;

import java.util.LinkedHashMap;
import java.util.Map;
import otto.flow.Draws;
import otto.flow.Evaluator;
import otto.flow.RandomStream;
import otto.flow.RunContext;
import otto.flow.RunFailedException;
import otto.flow.gaussian.Laplace;
import otto.math.Dense;
import otto.math.Vectors;
import otto.model.Target;

/**
 * A cloud of {@code n} particles in {@code ℝ^d} with the log density and gradient at each, as the
 * deterministic particle flows keep it: the current cloud (always finite), a trial cloud, and
 * the batched evaluation of the trial that finds the particles where the target is not finite.
 * Particle {@code i} draws its start from the run's stream {@code i}; stream {@code n} is the
 * method's own (the Laplace search's start, random pairs for the bandwidth).
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
    /** Current positions, log densities and gradients ({@code n × d}, {@code n}, {@code n × d}). */
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

    Cloud(String method, Target target, RunContext context, int n, CloudStart start, double radius) {
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
        double modeLogDensity = Double.NaN;
        if (start == CloudStart.LAPLACE) {
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
                        modeLogDensity = fit.logDensity();
                    }
                    break;
                }
            }
        }
        String why = start == CloudStart.UNIFORM ? "uniform start requested"
                : mode == null ? "no Laplace approximation (no finite start, or the Hessian at the mode is not negative definite)"
                : null;
        if (mode != null) {
            boolean[] fromLaplace = draw(target, rng, radius, mode, chol, true);
            // Under the Laplace approximation lp(mode) - lp(draw) is χ²_d / 2, of mean d/2. A fit
            // whose draws fall far further is much wider than the target (a mode where the
            // Hessian nearly vanishes gives a huge covariance): start uniformly instead.
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
        if (mode == null) {
            draw(target, rng, radius, null, null, false);
        }
        startNote = why;
        origin = mode != null ? "laplace" : "uniform";
    }

    /**
     * Draws every particle from {@code N(mode, LLᵀ)} (when {@code laplace}, falling back to uniform
     * for a particle with no finite draw in {@value #TRIES} tries) or uniformly in
     * {@code (-r, r)^d}, each from its own stream, in batched evaluations. Returns which particles
     * came from the Laplace approximation.
     */
    private boolean[] draw(Target target, RandomStream[] rng, double radius, double[] mode, double[] chol, boolean laplace) {
        boolean[] pending = new boolean[n];
        boolean[] fromLaplace = new boolean[n];
        java.util.Arrays.fill(pending, true);
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
                return fromLaplace;
            }
            evaluator.evaluate(y, m, lpY, gY);
            for (int t = 0; t < m; t++) {
                if (Double.isFinite(lpY[t]) && Vectors.allFinite(gY, t * d, d)) {
                    int i = index[t];
                    System.arraycopy(y, t * d, x, i * d, d);
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
        return fromLaplace;
    }

    /**
     * Evaluates the trial cloud {@link #y} in one batched call. Every particle whose log density or
     * gradient is not finite is recorded as a fault ({@code non_finite_log_density} or
     * {@code non_finite_gradient}, with what is done about it); returns the first such particle,
     * or -1 if all are finite.
     */
    int evaluateTrial(int iteration, String action) {
        evaluator.evaluate(y, n, lpY, gY);
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

    /** The mean log density of the current cloud. */
    double meanLogDensity() {
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            s += lp[i];
        }
        return s / n;
    }

    /** Per-coordinate standard deviations of the current cloud (1 where a coordinate does not vary). */
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

    /** The current cloud as one chain of {@code n} draws (particle order), with {@code lp__}. */
    Draws draws() {
        Map<String, double[][]> sampler = new LinkedHashMap<>();
        sampler.put("lp__", new double[][] {lp.clone()});
        return Draws.unconstrained(d, new double[][] {x.clone()}, sampler);
    }
}

package otto.flow.gaussian;

import java.util.LinkedHashMap;
import java.util.Map;
import otto.flow.Draws;
import otto.flow.Evaluator;
import otto.flow.FlowState;
import otto.flow.Monitors;
import otto.flow.RandomStream;
import otto.flow.RunContext;
import otto.flow.RunFailedException;
import otto.math.Dense;
import otto.math.Vectors;
import otto.model.Target;

/**
 * The machinery the Gaussian flows share: the Gaussian {@code N(m, Σ)} in whitened coordinates
 * {@code θ = m₀ + A z} (Gaussians and the free energy are invariant under affine maps, up to the
 * constant {@code log |det A|}, so this is the same flow, preconditioned), started from the
 * Laplace approximation and re-whitened every few iterations in the first half; expectations from
 * antithetic pairs {@code m ± Lξ} and exact Hessians of the target; the mean step
 * {@code m' = m - h Ê[∇V]} (cut back to length √d in whitened units); a step
 * {@code h = min(¼, ½ / ρ(Ê[∇²V]))} from the spectral radius of the curvature; recovery from
 * numerical faults (back to the last saved state, half the step); Polyak–Ruppert averaging over
 * the second half; at the end the free energy with its standard error, and the draws used as
 * importance samples for the evidence and Pareto k̂. What differs between methods is the
 * {@link CovarianceStep}.
 */
final class GaussianViState implements FlowState, otto.flow.Checkpointable {
    private static final double INITIAL_STEP_FACTOR = 0.5;
    /**
     * The largest step in whitened coordinates. Where V is not convex the flow has a region it
     * cannot come back from (a covariance so wide that E_q[∇²V] is negative); with h ≤ ¼ one step
     * can at most add ½ to a unit covariance, which keeps a Student-t(3) fit from overshooting
     * into it (it did with h = ½ and h = 1).
     */
    private static final double MAX_STEP = 0.25;
    private final GaussianViSettings s;
    private final CovarianceStep covarianceStep;
    private final Target target;
    private final RunContext context;
    private final Evaluator evaluator;
    private final RandomStream rng;
    private final int d;
    private final int averageFrom;
    /** θ = origin + A z, A lower triangular. */
    private double[] origin;
    private double[] a;
    private double[] mz;
    private double[] sz;
    private double[] lz;
    private double h;
    private double stepFactor = INITIAL_STEP_FACTOR;
    private double[][] saved;
    private int restarts;
    private double lastFreeEnergy = Double.NaN;
    private double[] meanSum;
    private double[] covSum;
    private int averaged;
    private int skipped;
    private Gaussian result;
    private GaussianFit output;
    /** The fixed standard normals of the common-random-numbers free-energy monitor, or null. */
    private double[] monitorNormals;
    /** Early stopping: sums over the current window, the previous window's average, agreements in a row. */
    private double[] windowMean;
    private double[] windowCov;
    private int windowCount;
    private Gaussian previousWindow;
    private int agreements;
    private Gaussian convergedFit;

    GaussianViState(Target target, RunContext context, GaussianViSettings s, CovarianceStep covarianceStep) {
        this.s = s;
        this.covarianceStep = covarianceStep;
        this.target = target;
        this.context = context;
        this.evaluator = context.evaluator();
        this.rng = context.stream(0);
        this.d = target.dimension();
        this.averageFrom = s.iterations() / 2;
        double[] start = new double[d];
        boolean ok = false;
        double[] g = new double[d];
        for (int attempt = 0; attempt < 100 && !ok; attempt++) {
            for (int i = 0; i < d; i++) {
                start[i] = rng.nextUniform(-s.initRadius(), s.initRadius());
            }
            double v = target.logDensity(start, g);
            ok = Double.isFinite(v) && Vectors.allFinite(g);
        }
        if (!ok) {
            throw new RunFailedException("no initial point with a finite log density and gradient in 100 tries");
        }
        Laplace.Fit fit = s.laplaceStart() ? Laplace.find(target, start, 100) : new Laplace.Fit(start, Double.NaN, null, 0, false);
        origin = fit.mode();
        a = fit.covariance() == null ? null : Dense.cholesky(fit.covariance(), d);
        if (a != null && s.diagonal()) {
            a = new double[d * d];
            for (int i = 0; i < d; i++) {
                a[i * d + i] = Math.sqrt(fit.covariance()[i * d + i]);
            }
        }
        if (a == null) {
            a = Dense.identity(d);
            if (s.laplaceStart()) {
                context.fault("laplace_failed", 0, -1, "no negative-definite Hessian at the mode found; starting from N(x, I)");
            }
        }
        if (s.monitorPairs() > 0) {
            monitorNormals = new double[s.monitorPairs() * d];
            context.stream(3).nextGaussian(monitorNormals);
        }
        mz = new double[d];
        sz = Dense.identity(d);
        lz = Dense.identity(d);
        save();
        meanSum = new double[d];
        covSum = new double[d * d];
        windowMean = new double[d];
        windowCov = new double[d * d];
    }

    @Override
    public void step(int iteration) {
        int pairs = s.samples() / 2;
        int n = 2 * pairs;
        double[] zs = new double[n * d];
        double[] thetas = new double[n * d];
        double[] xi = new double[d];
        double[] w = new double[d];
        for (int p = 0; p < pairs; p++) {
            rng.nextGaussian(xi);
            Dense.multiplyLower(lz, d, xi, w);
            for (int i = 0; i < d; i++) {
                zs[2 * p * d + i] = mz[i] + w[i];
                zs[(2 * p + 1) * d + i] = mz[i] - w[i];
            }
        }
        double[] th = new double[d];
        for (int k = 0; k < n; k++) {
            Dense.multiplyLower(a, d, java.util.Arrays.copyOfRange(zs, k * d, (k + 1) * d), th);
            for (int i = 0; i < d; i++) {
                thetas[k * d + i] = origin[i] + th[i];
            }
        }
        double[] lp = new double[n];
        double[] grads = new double[n * d];
        evaluator.evaluate(thetas, n, lp, grads);
        for (int k = 0; k < n; k++) {
            if (!Double.isFinite(lp[k]) || !Vectors.allFinite(grads, k * d, d)) {
                context.fault("non_finite_log_density", iteration, k,
                        "log density " + lp[k] + " at a sample of q; restarted from the last saved state with half the step");
                restore(iteration);
                return;
            }
        }
        // Ê[∇V] in θ, then in z: Aᵀ ∇V
        double[] gradV = new double[d];
        double meanV = 0.0;
        for (int k = 0; k < n; k++) {
            meanV -= lp[k] / n;
            for (int i = 0; i < d; i++) {
                gradV[i] -= grads[k * d + i] / n;
            }
        }
        double[] gz = new double[d];
        Dense.multiplyTransposed(a, d, d, gradV, gz);
        double[] hz;
        if (s.stein()) {
            hz = steinCurvature(zs, grads, n);
        } else {
            double[] hessV = new double[d * d];
            int hs = s.hessianSamples();
            target.meanHessian(java.util.Arrays.copyOf(thetas, hs * d), hs, hessV);
            for (int i = 0; i < d * d; i++) {
                hessV[i] = -hessV[i];
            }
            if (!Vectors.allFinite(hessV)) {
                context.fault("non_finite_hessian", iteration, -1,
                        "Hessian not finite at a sample of q; restarted from the last saved state with half the step");
                restore(iteration);
                return;
            }
            hz = Dense.congruence(Dense.transpose(a, d, d), hessV, d);
        }
        if (s.diagonal()) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    if (i != j) {
                        hz[i * d + j] = 0.0;
                    }
                }
            }
        }
        // the step from the spectral radius: a negative curvature (V not convex) must not
        // expand M = I - hĤ by more than 1 + stepFactor per iteration either
        Dense.SymmetricEigen curvature = Dense.symmetricEigen(hz, d);
        double radius = Math.max(Math.abs(curvature.max()), Math.abs(curvature.min()));
        double step = Double.isNaN(s.step())
                ? Math.min(MAX_STEP, radius > 0 ? stepFactor / radius : stepFactor)
                : s.step() * stepFactor / INITIAL_STEP_FACTOR;
        h = step;
        lastFreeEnergy = meanV - entropyOfCurrent();
        // forward step on the potential; in whitened coordinates q has unit covariance, so a
        // mean step longer than √d (a noisy gradient far in a tail) is cut back to that length
        double norm = 0.0;
        for (int i = 0; i < d; i++) {
            norm += gz[i] * gz[i];
        }
        norm = Math.sqrt(norm) * step;
        double cut = norm > Math.sqrt(d) ? Math.sqrt(d) / norm : 1.0;
        for (int i = 0; i < d; i++) {
            mz[i] -= cut * step * gz[i];
        }
        double[] next = covarianceStep.apply(sz, hz, step, d);
        double[] nextChol = next == null || !Vectors.allFinite(next) ? null : Dense.cholesky(next, d);
        if (nextChol == null) {
            context.fault("covariance_not_positive_definite", iteration, -1,
                    "the covariance step lost definiteness; restarted from the last saved state with half the step");
            restore(iteration);
            return;
        }
        sz = next;
        lz = nextChol;
        if (iteration < averageFrom && (iteration + 1) % s.rewhitenEvery() == 0) {
            rewhiten();
        }
        if ((iteration + 1) % s.rewhitenEvery() == 0 && Double.isFinite(lastFreeEnergy)) {
            save();
        }
        accumulate(iteration);
        window(iteration);
    }

    /**
     * The early-stopping test (when the tolerance is positive): the Gaussian averaged over each
     * window of {@code rewhitenEvery} iterations is compared with the previous window's; when every
     * mean moved by less than {@code tolerance} sds and every sd by less than {@code tolerance}
     * (relative) at two window ends in a row, the run has converged and the fit is the average of
     * the last two windows.
     */
    private void window(int iteration) {
        if (!(s.tolerance() > 0) || convergedFit != null) {
            return;
        }
        Gaussian q = current();
        double[] m = q.mean();
        double[] c = q.covariance();
        for (int i = 0; i < d; i++) {
            windowMean[i] += m[i];
        }
        for (int i = 0; i < d * d; i++) {
            windowCov[i] += c[i];
        }
        windowCount++;
        if ((iteration + 1) % s.rewhitenEvery() != 0) {
            return;
        }
        double[] wm = new double[d];
        double[] wc = new double[d * d];
        for (int i = 0; i < d; i++) {
            wm[i] = windowMean[i] / windowCount;
        }
        for (int i = 0; i < d * d; i++) {
            wc[i] = windowCov[i] / windowCount;
        }
        java.util.Arrays.fill(windowMean, 0.0);
        java.util.Arrays.fill(windowCov, 0.0);
        windowCount = 0;
        Gaussian w;
        try {
            w = new Gaussian(wm, wc);
        } catch (IllegalArgumentException e) {
            previousWindow = null;
            agreements = 0;
            return;
        }
        if (previousWindow != null) {
            double[] pm = previousWindow.mean();
            double[] pc = previousWindow.covariance();
            boolean close = true;
            for (int i = 0; i < d && close; i++) {
                double sd = Math.sqrt(wc[i * d + i]);
                double psd = Math.sqrt(pc[i * d + i]);
                close = Math.abs(wm[i] - pm[i]) < s.tolerance() * sd && Math.abs(sd / psd - 1.0) < s.tolerance();
            }
            agreements = close ? agreements + 1 : 0;
            if (agreements >= 2) {
                double[] am = new double[d];
                double[] ac = new double[d * d];
                for (int i = 0; i < d; i++) {
                    am[i] = 0.5 * (wm[i] + pm[i]);
                }
                for (int i = 0; i < d * d; i++) {
                    ac[i] = 0.5 * (wc[i] + pc[i]);
                }
                convergedFit = new Gaussian(am, ac);
            }
        }
        previousWindow = w;
    }

    @Override
    public boolean converged() {
        return convergedFit != null;
    }

    @Override
    public void save(otto.flow.StateWriter out) throws java.io.IOException {
        out.section("gaussian");
        out.doubles(origin);
        out.doubles(a);
        out.doubles(mz);
        out.doubles(sz);
        out.doubles(lz);
        out.writeDouble(h);
        out.writeDouble(stepFactor);
        out.doubles(saved);
        out.writeInt(restarts);
        out.writeDouble(lastFreeEnergy);
        out.doubles(meanSum);
        out.doubles(covSum);
        out.writeInt(averaged);
        out.writeInt(skipped);
        out.doubles(windowMean);
        out.doubles(windowCov);
        out.writeInt(windowCount);
        saveGaussian(out, previousWindow);
        out.writeInt(agreements);
        saveGaussian(out, convergedFit);
    }

    @Override
    public void restore(otto.flow.StateReader in) throws java.io.IOException {
        in.section("gaussian");
        origin = in.doubles(d);
        a = in.doubles(d * d);
        mz = in.doubles(d);
        sz = in.doubles(d * d);
        lz = in.doubles(d * d);
        h = in.readDouble();
        stepFactor = in.readDouble();
        saved = in.doubleRows();
        restarts = in.readInt();
        lastFreeEnergy = in.readDouble();
        meanSum = in.doubles(d);
        covSum = in.doubles(d * d);
        averaged = in.readInt();
        skipped = in.readInt();
        windowMean = in.doubles(d);
        windowCov = in.doubles(d * d);
        windowCount = in.readInt();
        previousWindow = readGaussian(in);
        agreements = in.readInt();
        convergedFit = readGaussian(in);
        result = null;
        output = null;
    }

    static void saveGaussian(otto.flow.StateWriter out, Gaussian g) throws java.io.IOException {
        out.writeBoolean(g != null);
        if (g != null) {
            out.doubles(g.mean());
            out.doubles(g.covariance());
        }
    }

    static Gaussian readGaussian(otto.flow.StateReader in) throws java.io.IOException {
        return in.readBoolean() ? new Gaussian(in.doubles(), in.doubles()) : null;
    }

    private void save() {
        saved = new double[][] {origin.clone(), a.clone(), mz.clone(), sz.clone(), lz.clone()};
    }

    /** Goes back to the last saved state and halves the step: the recovery from a numerical fault. */
    private void restore(int iteration) {
        skipped++;
        restarts++;
        stepFactor *= 0.5;
        if (restarts > 30) {
            throw new RunFailedException("forward-backward VI: 30 restarts after numerical faults (last at iteration "
                    + (iteration + 1) + "); the target may be improper or the Gaussian family unsuitable");
        }
        previousWindow = null;
        agreements = 0;
        java.util.Arrays.fill(windowMean, 0.0);
        java.util.Arrays.fill(windowCov, 0.0);
        windowCount = 0;
        if (saved != null) {
            origin = saved[0].clone();
            a = saved[1].clone();
            mz = saved[2].clone();
            sz = saved[3].clone();
            lz = saved[4].clone();
        }
        accumulate(iteration);
    }

    /**
     * Stein's lemma in whitened coordinates: {@code E[∇²V] = Σ⁻¹ E[(z - m)∇V(z)ᵀ]}, estimated
     * from the samples' gradients and symmetrised.
     */
    private double[] steinCurvature(double[] zs, double[] grads, int n) {
        double[] cross = new double[d * d];
        double[] gz = new double[d];
        double[] gTheta = new double[d];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < d; i++) {
                gTheta[i] = -grads[k * d + i];
            }
            Dense.multiplyTransposed(a, d, d, gTheta, gz);
            for (int i = 0; i < d; i++) {
                double zi = zs[k * d + i] - mz[i];
                for (int j = 0; j < d; j++) {
                    cross[i * d + j] += zi * gz[j] / n;
                }
            }
        }
        double[] h = Dense.multiply(Dense.inverseFromCholesky(lz, d), cross, d, d, d);
        Dense.symmetrize(h, d);
        return h;
    }

    /** Re-centres and re-scales the coordinates so that the current q is N(0, I) in z. */
    private void rewhiten() {
        double[] shift = new double[d];
        Dense.multiplyLower(a, d, mz, shift);
        for (int i = 0; i < d; i++) {
            origin[i] += shift[i];
        }
        a = Dense.multiply(a, lz, d, d, d);
        mz = new double[d];
        sz = Dense.identity(d);
        lz = Dense.identity(d);
    }

    private void accumulate(int iteration) {
        if (iteration < averageFrom) {
            return;
        }
        Gaussian q = current();
        double[] m = q.mean();
        double[] c = q.covariance();
        for (int i = 0; i < d; i++) {
            meanSum[i] += m[i];
        }
        for (int i = 0; i < d * d; i++) {
            covSum[i] += c[i];
        }
        averaged++;
    }

    private double entropyOfCurrent() {
        double logDetA = 0.0;
        for (int i = 0; i < d; i++) {
            logDetA += Math.log(Math.abs(a[i * d + i]));
        }
        return 0.5 * (d * (Math.log(2.0 * Math.PI) + 1.0) + 2.0 * logDetA
                + Dense.logDeterminantFromCholesky(lz, d));
    }

    /** The current Gaussian in θ coordinates. */
    private Gaussian current() {
        double[] m = new double[d];
        Dense.multiplyLower(a, d, mz, m);
        for (int i = 0; i < d; i++) {
            m[i] += origin[i];
        }
        return new Gaussian(m, Dense.congruence(a, sz, d));
    }

    /**
     * The free energy of the current q from the fixed normals: {@code mean V(m ± Lξ_j) - H(q)}, with
     * its standard error over the pairs; NaN where the target is not finite at a point.
     */
    private double[] commonRandomFreeEnergy() {
        Gaussian q = current();
        int pairs = s.monitorPairs();
        double[] points = new double[2 * pairs * d];
        double[] xi = new double[d];
        double[] out = new double[d];
        for (int p = 0; p < pairs; p++) {
            System.arraycopy(monitorNormals, p * d, xi, 0, d);
            q.transform(xi, out);
            System.arraycopy(out, 0, points, 2 * p * d, d);
            for (int i = 0; i < d; i++) {
                xi[i] = -xi[i];
            }
            q.transform(xi, out);
            System.arraycopy(out, 0, points, (2 * p + 1) * d, d);
        }
        double[] lp = new double[2 * pairs];
        evaluator.evaluate(points, 2 * pairs, lp, null);
        double sum = 0.0;
        double sumSq = 0.0;
        for (int p = 0; p < pairs; p++) {
            double v = -0.5 * (lp[2 * p] + lp[2 * p + 1]);
            sum += v;
            sumSq += v * v;
        }
        double mean = sum / pairs;
        double se = Math.sqrt(Math.max(0.0, (sumSq - pairs * mean * mean) / (pairs - 1.0)) / pairs);
        return Double.isFinite(mean) ? new double[] {mean - q.entropy(), se} : new double[] {Double.NaN, Double.NaN};
    }

    @Override
    public void record(Monitors monitors) {
        if (monitorNormals != null) {
            double[] f = commonRandomFreeEnergy();
            monitors.put(Monitors.FREE_ENERGY, f[0]);
            monitors.put(Monitors.FREE_ENERGY_SE, f[1]);
        } else {
            monitors.put(Monitors.FREE_ENERGY, lastFreeEnergy);
        }
        monitors.put("step_size", h);
        monitors.put("skipped_steps", skipped);
    }

    /** The averaged Gaussian of the second half. */
    Gaussian fitted() {
        if (result == null && convergedFit != null) {
            result = convergedFit;
        }
        if (result == null) {
            if (averaged == 0) {
                result = current();
            } else {
                double[] m = new double[d];
                double[] c = new double[d * d];
                for (int i = 0; i < d; i++) {
                    m[i] = meanSum[i] / averaged;
                }
                for (int i = 0; i < d * d; i++) {
                    c[i] = covSum[i] / averaged;
                }
                result = new Gaussian(m, c);
            }
        }
        return result;
    }

    @Override
    public Draws draws() {
        if (output == null) {
            output = new GaussianFit(fitted(), evaluator, context, s.chains(), s.draws(), s.elboPairs(), s.iterations());
        }
        return output.draws();
    }

    @Override
    public Map<String, Object> info() {
        Map<String, Object> m = new LinkedHashMap<>();
        draws();
        output.describe(m);
        m.put("averaged_iterations", convergedFit != null ? 2 * s.rewhitenEvery() : averaged);
        m.put("skipped_steps", skipped);
        m.put("restarts", restarts);
        return m;
    }
}

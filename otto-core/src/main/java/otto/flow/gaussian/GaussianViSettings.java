package otto.flow.gaussian;

/**
 * Settings of the Gaussian flows (forward–backward and Bures–Wasserstein VI).
 *
 * @param iterations      iterations (≥ 2)
 * @param samples         Monte Carlo samples per iteration for {@code Ê[∇V]} (even: antithetic pairs)
 * @param hessianSamples  how many of those also get an exact Hessian for {@code Ê[∇²V]} (≥ 1)
 * @param step            a fixed step {@code h} in whitened coordinates, or NaN for {@code min(¼, ½ / ρ(Ê[∇²V]))}
 * @param rewhitenEvery   iterations between refreshes of the whitening map (first half only)
 * @param draws           draws per chain from the final Gaussian
 * @param chains          chains the draws are split into (for a layout like a sampler's)
 * @param elboPairs       antithetic pairs for the final free-energy estimate, or 0 (the default)
 *                        to estimate it from the draws, whose log densities are computed anyway
 * @param initRadius      the Laplace search starts uniformly in {@code (-r, r)^d}
 * @param diagonal        restrict q to diagonal covariances (mean-field): only the diagonal of
 *                        {@code Ê[∇²V]} enters the covariance step
 * @param stein           estimate {@code Ê[∇²V]} from gradients alone by Stein's lemma,
 *                        {@code Σ⁻¹ Ê[(X - m)∇V(X)ᵀ]} (symmetrised), instead of exact Hessians — a
 *                        fallback for targets without Hessians; it needs many samples
 * @param monitorPairs    0 for the cheap free-energy monitor (each step's own samples); otherwise
 *                        the trace's free energy is estimated from this many antithetic pairs
 *                        of fixed standard normals, the same at every record (common random
 *                        numbers: consecutive values differ by the change of q, not by noise)
 * @param laplaceStart    start from the Laplace approximation (and whiten with it); otherwise from
 *                        {@code N(x₀, I)} at the first point found in {@code (-r, r)^d}
 * @param tolerance       stop early, once the Gaussian averaged over the last {@code rewhitenEvery}
 *                        iterations differs from the one averaged over the window before by less than
 *                        this in every mean (in units of its sd) and every sd (relative), for two
 *                        windows in a row; the fit is then the average of the last two windows.
 *                        0 never stops early (the Polyak average of the second half of all iterations)
 */
public record GaussianViSettings(int iterations, int samples, int hessianSamples, double step, int rewhitenEvery,
                                 int draws, int chains, int elboPairs, double initRadius, boolean diagonal,
                                 boolean stein, int monitorPairs, boolean laplaceStart, double tolerance) {
    public GaussianViSettings {
        if (iterations < 2) {
            throw new IllegalArgumentException("iterations must be at least 2, got " + iterations);
        }
        if (samples < 2 || samples % 2 != 0) {
            throw new IllegalArgumentException("samples must be an even number ≥ 2 (antithetic pairs), got " + samples);
        }
        if (hessianSamples < 1 || hessianSamples > samples) {
            throw new IllegalArgumentException("hessian samples must be in [1, samples], got " + hessianSamples);
        }
        if (!Double.isNaN(step) && !(step > 0 && Double.isFinite(step))) {
            throw new IllegalArgumentException("step must be positive and finite, got " + step);
        }
        if (rewhitenEvery < 1) {
            throw new IllegalArgumentException("rewhiten interval must be at least 1, got " + rewhitenEvery);
        }
        if (draws < 1 || chains < 1) {
            throw new IllegalArgumentException("draws and chains must be at least 1");
        }
        if (elboPairs < 0 || elboPairs == 1) {
            throw new IllegalArgumentException("ELBO pairs must be 0 (from the draws) or at least 2, got " + elboPairs);
        }
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be in [0, 1), got " + tolerance);
        }
        if (monitorPairs < 0 || monitorPairs == 1) {
            throw new IllegalArgumentException("monitor pairs must be 0 (off) or at least 2, got " + monitorPairs);
        }
    }

    /**
     * At most 400 iterations (stopping early at tolerance 0.005), 10 samples (4 with Hessians),
     * adaptive step, 4 × 1000 draws (which also give the final ELBO), full covariance, exact Hessians.
     */
    public static GaussianViSettings defaults() {
        return new GaussianViSettings(400, 10, 4, Double.NaN, 10, 1000, 4, 0, 2.0, false, false, 0, true, DEFAULT_TOLERANCE);
    }

    /** The default early-stopping tolerance. */
    public static final double DEFAULT_TOLERANCE = 0.005;

    public GaussianViSettings withIterations(int v) {
        return new GaussianViSettings(v, samples, hessianSamples, step, rewhitenEvery, draws, chains, elboPairs, initRadius, diagonal, stein, monitorPairs, laplaceStart, tolerance);
    }

    public GaussianViSettings withSamples(int v) {
        return new GaussianViSettings(iterations, v, Math.min(hessianSamples, v), step, rewhitenEvery, draws, chains, elboPairs, initRadius, diagonal, stein, monitorPairs, laplaceStart, tolerance);
    }

    public GaussianViSettings withStep(double v) {
        return new GaussianViSettings(iterations, samples, hessianSamples, v, rewhitenEvery, draws, chains, elboPairs, initRadius, diagonal, stein, monitorPairs, laplaceStart, tolerance);
    }

    public GaussianViSettings withDraws(int v) {
        return new GaussianViSettings(iterations, samples, hessianSamples, step, rewhitenEvery, v, chains, elboPairs, initRadius, diagonal, stein, monitorPairs, laplaceStart, tolerance);
    }

    public GaussianViSettings withChains(int v) {
        return new GaussianViSettings(iterations, samples, hessianSamples, step, rewhitenEvery, draws, v, elboPairs, initRadius, diagonal, stein, monitorPairs, laplaceStart, tolerance);
    }

    public GaussianViSettings withDiagonal(boolean v) {
        return new GaussianViSettings(iterations, samples, hessianSamples, step, rewhitenEvery, draws, chains, elboPairs, initRadius, v, stein, monitorPairs, laplaceStart, tolerance);
    }

    public GaussianViSettings withStein(boolean v) {
        return new GaussianViSettings(iterations, samples, hessianSamples, step, rewhitenEvery, draws, chains, elboPairs, initRadius, diagonal, v, monitorPairs, laplaceStart, tolerance);
    }

    public GaussianViSettings withHessianSamples(int v) {
        return new GaussianViSettings(iterations, samples, v, step, rewhitenEvery, draws, chains, elboPairs, initRadius, diagonal, stein, monitorPairs, laplaceStart, tolerance);
    }

    public GaussianViSettings withMonitorPairs(int v) {
        return new GaussianViSettings(iterations, samples, hessianSamples, step, rewhitenEvery, draws, chains, elboPairs, initRadius, diagonal, stein, v, laplaceStart, tolerance);
    }

    public GaussianViSettings withLaplaceStart(boolean v) {
        return new GaussianViSettings(iterations, samples, hessianSamples, step, rewhitenEvery, draws, chains, elboPairs, initRadius, diagonal, stein, monitorPairs, v, tolerance);
    }

    public GaussianViSettings withElboPairs(int v) {
        return new GaussianViSettings(iterations, samples, hessianSamples, step, rewhitenEvery, draws, chains, v, initRadius, diagonal, stein, monitorPairs, laplaceStart, tolerance);
    }

    public GaussianViSettings withTolerance(double v) {
        return new GaussianViSettings(iterations, samples, hessianSamples, step, rewhitenEvery, draws, chains, elboPairs, initRadius, diagonal, stein, monitorPairs, laplaceStart, v);
    }

    /** The settings by name, for {@code run.json} and the draws file. */
    public java.util.Map<String, Object> describe() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("iterations", iterations);
        m.put("samples", samples);
        m.put("hessian_samples", hessianSamples);
        m.put("step", Double.isNaN(step) ? "adapt" : step);
        m.put("rewhiten_every", rewhitenEvery);
        m.put("draws", draws);
        m.put("chains", chains);
        m.put("elbo_pairs", elboPairs == 0 ? "draws" : elboPairs);
        m.put("covariance", diagonal ? "diag" : "full");
        m.put("hessian", stein ? "stein" : "exact");
        if (monitorPairs > 0) {
            m.put("monitor_pairs", monitorPairs);
        }
        if (!laplaceStart) {
            m.put("start", "uniform");
        }
        m.put("tolerance", tolerance);
        return m;
    }
}

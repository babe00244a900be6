package otto.flow.grid;

import java.util.Arrays;
import otto.flow.Parallel;

/**
 * Steps of the entropic JKO scheme (Peyré 2015) on a grid:
 *
 * <pre>  ρ_{k+1} = argmin_ρ  W²_γ(ρ_k, ρ) / (2τ) + F_T(ρ),
 *   W²_γ(p, q) = min_{P ∈ Π(p, q)} Σ_ij P_ij |x_i - x_j|² + γ Σ_ij P_ij log P_ij,</pre>
 *
 * with {@code F_T(ρ) = ∫ρV + T∫ρ log ρ}, in cell masses {@code p_i = ρ_i Δx^d}. The minimiser is
 * {@code P = diag(a) K diag(b)} with the Gibbs kernel {@code K_ij = exp(-|x_i - x_j|²/γ)}, found by
 * the KL-proximal (Sinkhorn-type) iterations
 *
 * <pre>  a ← p / (K b),    b ← prox_{σF}(Kᵀa) / (Kᵀa),    σ = 2τ/γ,
 *   prox_{σF}(z) = argmin_q σF_T(q) + KL(q | z) = exp((log z - σT - σV) / (1 + σT)),</pre>
 *
 * the proximal map of the free energy being explicit. Everything is done on the logarithms of
 * {@code a}, {@code b} (nothing over- or underflows), and the kernel, being a product of 1-D
 * Gaussians, is applied as 1-D convolutions along each axis in turn (never an N × N matrix): each
 * line is shifted by its maximum, exponentiated, convolved with the kernel truncated where it falls
 * below {@code 1e-300}, and its logarithm taken; the outputs whose sum is too small for that to
 * be exact to rounding (far tails, next to cells outside the support) are recomputed by an exact
 * log-sum-exp over the kernel's window, or over the whole line when terms beyond the window could
 * matter. The iterations stop when the first marginal of P matches
 * {@code ρ_k} to {@code tolerance} in total mass ({@code Σ|a ⊙ Kb - p|}); the new density is the
 * second marginal, rescaled to the mass of {@code ρ_k} (the iterations conserve it only to their
 * tolerance). The logarithm of {@code b} is kept between steps as the next step's start.
 *
 * <p><b>The entropic diffusion.</b> The entropy of the coupling spreads every transported cell by
 * a Gaussian of variance {@code γ/2} per axis in each step of length τ: the scheme follows
 * {@code ∂ρ = (T + γ/(4τ))Δρ + ∇·(ρ∇V)}, the Fokker–Planck equation at the effective
 * temperature {@code T + γ/(4τ)}, and its stationary state is {@code ∝ exp(-V/(T + γ/(4τ)))}. (In
 * the convention where the cost is {@code ½|x - y|²} and the JKO step {@code W²/τ}, the same extra
 * term reads {@code (γ/2τ)Δρ}.) For a Gaussian target of variance s² the fixed point has variance
 * {@code s²(T + γ/(4τ)) + O(γ²/τ)} exactly.
 */
public final class EntropicJkoSolver {
    /** Kernel values below this are dropped. */
    static final double KERNEL_FLOOR = 1e-300;
    /** {@code -log KERNEL_FLOOR}. */
    static final double KERNEL_LOG_FLOOR = -Math.log(KERNEL_FLOOR);
    /** Convolution sums below this (relative to the line's largest term) are recomputed exactly. */
    static final double EXACT_BELOW = 1e-280;
    /** Over-relaxation of the iterations (see {@link #iterate}). */
    static final double OMEGA = 1.5;

    /**
     * What one step did.
     *
     * @param iterations    Sinkhorn iterations
     * @param converged     whether the marginal error fell below the tolerance with finite values
     * @param marginalError {@code Σ|a ⊙ Kb - p|} at the end
     * @param massDefect    relative mass error of the second marginal before rescaling
     */
    public record Step(int iterations, boolean converged, double marginalError, double massDefect) {
    }

    private final Grid grid;
    private final Potential potential;
    private final double temperature;
    private final Parallel parallel;
    private final double tolerance;
    private final int maxIterations;
    private final int[] dims = new int[3];
    private final double[] spacing = new double[3];
    private final double[] vt;
    private final boolean[] active;
    private final int n;
    private double[] beta;
    private double betaGamma = Double.NaN;
    private final double[] bufA;
    private final double[] bufB;

    /**
     * @param tolerance     the first-marginal error (total mass) at which the iterations stop
     * @param maxIterations the most iterations per step
     */
    public EntropicJkoSolver(Potential v, double temperature, Parallel parallel, double tolerance, int maxIterations) {
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be positive and finite, got " + temperature);
        }
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be in (0, 1), got " + tolerance);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("the most iterations must be at least 1, got " + maxIterations);
        }
        this.grid = v.grid();
        this.potential = v;
        this.temperature = temperature;
        this.parallel = parallel;
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
        int d = grid.dimension();
        Arrays.fill(dims, 1);
        Arrays.fill(spacing, 1.0);
        for (int a = 0; a < d; a++) {
            dims[3 - d + a] = grid.cells(a);
            spacing[3 - d + a] = grid.spacing(a);
        }
        this.n = grid.size();
        double[] raw = v.raw();
        double min = v.minimum();
        vt = new double[n];
        active = new boolean[n];
        for (int i = 0; i < n; i++) {
            double s = (raw[i] - min) / temperature;
            active[i] = raw[i] < Double.POSITIVE_INFINITY && s <= FokkerPlanckSolver.CUTOFF;
            vt[i] = active[i] ? raw[i] - min : Double.POSITIVE_INFINITY;
        }
        bufA = new double[n];
        bufB = new double[n];
    }

    /** The grid. */
    public Grid grid() {
        return grid;
    }

    /** Whether cell {@code i} takes part (in the support, within the cut-off of the FP solver). */
    public boolean active(int i) {
        return active[i];
    }

    /** The effective temperature {@code T + γ/(4τ)} the scheme follows. */
    public double effectiveTemperature(double tau, double gamma) {
        return temperature + gamma / (4.0 * tau);
    }

    /**
     * One step of length {@code tau} with regularisation {@code gamma} from {@code rho} into
     * {@code out} (a different array). When the iterations do not converge, {@code out} holds
     * the last iterate (a positive density of the right mass) and {@link Step#converged()} is false.
     */
    public Step step(double[] rho, double tau, double gamma, double[] out) {
        return step(rho, tau, gamma, false, out);
    }

    /**
     * As {@link #step(double[], double, double, double[])}; with {@code compensate} the proximal
     * map uses the temperature {@code T - γ/(4τ)} instead of T, so that the scheme's effective
     * temperature is T itself (its stationary state the posterior, to {@code O(γ²/τ)}).
     *
     * @throws IllegalArgumentException if {@code γ/(4τ) ≥ T} and {@code compensate}
     */
    public Step step(double[] rho, double tau, double gamma, boolean compensate, double[] out) {
        if (!(tau > 0) || !Double.isFinite(tau)) {
            throw new IllegalArgumentException("the time step must be positive and finite, got " + tau);
        }
        if (!(gamma > 0) || !Double.isFinite(gamma)) {
            throw new IllegalArgumentException("gamma must be positive and finite, got " + gamma);
        }
        double vol = grid.cellVolume();
        double[] lp = new double[n];
        Functionals.Sum m0 = new Functionals.Sum();
        for (int i = 0; i < n; i++) {
            double p = active[i] ? rho[i] * vol : 0.0;
            lp[i] = p > 0 ? Math.log(p) : Double.NEGATIVE_INFINITY;
            m0.add(p);
        }
        double mass0 = m0.value();
        if (beta == null || gamma != betaGamma) {
            beta = new double[n];
            for (int i = 0; i < n; i++) {
                beta[i] = active[i] ? 0.0 : Double.NEGATIVE_INFINITY;
            }
            betaGamma = gamma;
        }
        double proxT = temperature;
        if (compensate) {
            proxT = temperature - gamma / (4.0 * tau);
            if (!(proxT > 0)) {
                throw new IllegalArgumentException("cannot compensate the entropic diffusion γ/(4τ) = " + gamma / (4.0 * tau)
                        + ": it is not below the temperature " + temperature + "; use a smaller gamma or a longer step");
            }
        }
        Kernel kernel = new Kernel(gamma);
        double[] beta0 = beta.clone();
        Result res = iterate(kernel, lp, mass0, tau, gamma, proxT, OMEGA);
        if (res.diverged && OMEGA != 1.0) {
            System.arraycopy(beta0, 0, beta, 0, n);
            res = iterate(kernel, lp, mass0, tau, gamma, proxT, 1.0);
        }
        Functionals.Sum m1 = new Functionals.Sum();
        for (int i = 0; i < n; i++) {
            double q = Math.exp(res.lq[i]);
            out[i] = q;
            m1.add(q);
        }
        double mass1 = m1.value();
        if (res.diverged || !(mass1 > 0) || !Double.isFinite(mass1)) {
            beta = null;
            return new Step(res.iterations, false, res.error, Double.NaN);
        }
        double scale = mass0 / mass1 / vol;
        for (int i = 0; i < n; i++) {
            out[i] *= scale;
        }
        return new Step(res.iterations, res.error <= tolerance, res.error, mass1 / mass0 - 1.0);
    }

    private record Result(double[] lq, int iterations, double error, boolean diverged) {
    }

    /**
     * The iterations, over-relaxed by {@code omega} in the log domain
     * ({@code log b ← log b + ω (log b_new - log b)}, likewise for a): ω = 1 is the plain scheme;
     * larger ω converges several times faster when it converges, and the caller falls back to
     * ω = 1 when it does not (a non-finite value, or an error 100 times above its best).
     */
    private Result iterate(Kernel kernel, double[] lp, double mass0, double tau, double gamma, double proxT, double omega) {
        double sigma = 2.0 * tau / gamma;
        double sT = sigma * proxT;
        double[] alpha = new double[n];
        double[] kb = new double[n];
        double[] ka = new double[n];
        double[] lq = new double[n];
        double err = Double.POSITIVE_INFINITY;
        double best = Double.POSITIVE_INFINITY;
        int it = 0;
        while (it < maxIterations) {
            kernel.logApply(beta, kb);
            if (it > 0) {
                Functionals.Sum e = new Functionals.Sum();
                for (int i = 0; i < n; i++) {
                    if (lp[i] > Double.NEGATIVE_INFINITY) {
                        e.add(Math.abs(Math.exp(alpha[i] + kb[i]) - Math.exp(lp[i])));
                    }
                }
                err = e.value() / mass0;
                if (!Double.isFinite(err) || err > 100 * best) {
                    return new Result(lq, it, err, true);
                }
                best = Math.min(best, err);
                if (err <= tolerance) {
                    break;
                }
            }
            for (int i = 0; i < n; i++) {
                double na = lp[i] == Double.NEGATIVE_INFINITY ? Double.NEGATIVE_INFINITY : lp[i] - kb[i];
                alpha[i] = it == 0 || !(na > Double.NEGATIVE_INFINITY) || !(alpha[i] > Double.NEGATIVE_INFINITY) ? na
                        : alpha[i] + omega * (na - alpha[i]);
            }
            kernel.logApply(alpha, ka);
            for (int i = 0; i < n; i++) {
                if (!active[i] || ka[i] == Double.NEGATIVE_INFINITY) {
                    lq[i] = Double.NEGATIVE_INFINITY;
                    beta[i] = Double.NEGATIVE_INFINITY;
                } else {
                    double nb = (ka[i] - sT - sigma * vt[i]) / (1.0 + sT) - ka[i];
                    beta[i] = beta[i] > Double.NEGATIVE_INFINITY ? beta[i] + omega * (nb - beta[i]) : nb;
                    lq[i] = beta[i] + ka[i];
                }
            }
            it++;
        }
        return new Result(lq, it, err, false);
    }

    /** Saves the dual potential the next step starts from (it is kept between steps). */
    void save(otto.flow.StateWriter out) throws java.io.IOException {
        out.doubles(beta);
        out.writeDouble(betaGamma);
    }

    void restore(otto.flow.StateReader in) throws java.io.IOException {
        double[] b = in.doubles();
        if (b != null && b.length != n) {
            throw new IllegalStateException("the checkpoint does not fit this run: a dual potential of " + b.length + " cells, not " + n);
        }
        beta = b;
        betaGamma = in.readDouble();
    }

    /** Forgets the dual potential kept between steps (the next step starts from b = 1). */
    public void reset() {
        beta = null;
    }

    /** The separable Gibbs kernel, applied in the log domain. */
    private final class Kernel {
        final double gamma;
        final double[][] weights = new double[3][];

        Kernel(double gamma) {
            this.gamma = gamma;
            for (int ax = 0; ax < 3; ax++) {
                if (dims[ax] == 1) {
                    continue;
                }
                double h = spacing[ax];
                int reach = (int) Math.min(dims[ax] - 1, Math.floor(Math.sqrt(-Math.log(KERNEL_FLOOR) * gamma) / h));
                double[] w = new double[reach + 1];
                for (int k = 0; k <= reach; k++) {
                    w[k] = Math.exp(-(k * h) * (k * h) / gamma);
                }
                weights[ax] = w;
            }
        }

        /** {@code out = log(K exp(f))}. */
        void logApply(double[] f, double[] out) {
            double[] src = f;
            boolean first = true;
            for (int ax = 2; ax >= 0; ax--) {
                if (dims[ax] == 1) {
                    continue;
                }
                double[] dst = first ? bufA : (src == bufA ? bufB : bufA);
                convolve(ax, src, dst);
                src = dst;
                first = false;
            }
            System.arraycopy(src, 0, out, 0, n);
        }

        private void convolve(int ax, double[] src, double[] dst) {
            int len = dims[ax];
            int stride = ax == 2 ? 1 : ax == 1 ? dims[2] : dims[1] * dims[2];
            int lines = n / len;
            int perBlock = Math.max(1, Stencil.BLOCK_CELLS / len);
            int blocks = (lines + perBlock - 1) / perBlock;
            double[] w = weights[ax];
            double h = spacing[ax];
            parallel.forEach(blocks, blk -> {
                double[] e = new double[len];
                double[] line = new double[len];
                double[] res = new double[len];
                int from = blk * perBlock;
                int to = Math.min(lines, from + perBlock);
                for (int l = from; l < to; l++) {
                    int start = lineStart(ax, l);
                    double max = Double.NEGATIVE_INFINITY;
                    for (int k = 0; k < len; k++) {
                        double v = src[start + k * stride];
                        line[k] = v;
                        if (v > max) {
                            max = v;
                        }
                    }
                    if (max == Double.NEGATIVE_INFINITY) {
                        for (int k = 0; k < len; k++) {
                            dst[start + k * stride] = Double.NEGATIVE_INFINITY;
                        }
                        continue;
                    }
                    for (int k = 0; k < len; k++) {
                        e[k] = Math.exp(line[k] - max);
                    }
                    int reach = w.length - 1;
                    for (int i = 0; i < len; i++) {
                        double s = w[0] * e[i];
                        int lo = Math.max(0, i - reach);
                        int hi = Math.min(len - 1, i + reach);
                        for (int j = lo; j < i; j++) {
                            s += w[i - j] * e[j];
                        }
                        for (int j = i + 1; j <= hi; j++) {
                            s += w[j - i] * e[j];
                        }
                        res[i] = s;
                    }
                    double margin = Math.log(len) + 37.0;
                    for (int i = 0; i < len; i++) {
                        double s = res[i];
                        dst[start + i * stride] = s > EXACT_BELOW ? max + Math.log(s) : windowed(line, i, h, reach, margin);
                    }
                }
            });
        }

        /**
         * The log-sum-exp over the kernel's window around i, each term exact. It stands when it
         * exceeds, by {@code margin} (the log of the line's length plus 37, so that what is left out
         * is below 1e-16 of it), the largest term beyond the window, {@code max_j (f_j - (i-j)²h²/γ)},
         * found without exponentials; otherwise the whole line is summed exactly.
         */
        private double windowed(double[] f, int i, double h, int reach, double margin) {
            int lo = Math.max(0, i - reach);
            int hi = Math.min(f.length - 1, i + reach);
            double max = Double.NEGATIVE_INFINITY;
            for (int j = lo; j <= hi; j++) {
                double v = f[j] - (i - j) * (i - j) * h * h / gamma;
                if (v > max) {
                    max = v;
                }
            }
            double beyond = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < lo; j++) {
                beyond = Math.max(beyond, f[j] - (i - j) * (i - j) * h * h / gamma);
            }
            for (int j = hi + 1; j < f.length; j++) {
                beyond = Math.max(beyond, f[j] - (i - j) * (i - j) * h * h / gamma);
            }
            if (max == Double.NEGATIVE_INFINITY || beyond > max - margin) {
                return exact(f, i, h);
            }
            double s = 0.0;
            for (int j = lo; j <= hi; j++) {
                s += Math.exp(f[j] - (i - j) * (i - j) * h * h / gamma - max);
            }
            return max + Math.log(s);
        }

        /** {@code log Σ_j exp(f_j - (i - j)²h²/γ)} over the whole line, without shortcuts. */
        private double exact(double[] f, int i, double h) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < f.length; j++) {
                double v = f[j] - (i - j) * (i - j) * h * h / gamma;
                if (v > max) {
                    max = v;
                }
            }
            if (max == Double.NEGATIVE_INFINITY) {
                return max;
            }
            double s = 0.0;
            for (int j = 0; j < f.length; j++) {
                double v = f[j] - (i - j) * (i - j) * h * h / gamma;
                s += Math.exp(v - max);
            }
            return max + Math.log(s);
        }

        /** The first cell of line {@code l} along padded axis {@code ax}. */
        private int lineStart(int ax, int l) {
            int n1 = dims[1];
            int n2 = dims[2];
            if (ax == 2) {
                return l * n2;
            }
            if (ax == 1) {
                int i0 = l / n2;
                int i2 = l % n2;
                return i0 * n1 * n2 + i2;
            }
            return l; // ax == 0: lines are indexed by (i1, i2), start = i1·n2 + i2
        }
    }
}

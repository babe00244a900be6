package otto.energy;

import otto.flow.Parallel;

/**
 * The kernel Stein discrepancy of a cloud of points {@code θ_1 … θ_n} from a target {@code π},
 * given the scores {@code s_i = ∇ log π(θ_i)} (the gradients of the log density, which need not be
 * normalised), with the inverse multiquadric kernel {@code k(x, y) = (c² + ‖x - y‖²)^β} (Gorham and
 * Mackey 2017, <i>Measuring sample quality with kernels</i>).
 *
 * <p><b>What it measures.</b> For the Stein operator {@code (A f)(x) = s(x)ᵀ f(x) + ∇·f(x)},
 * {@code E_π[A f] = 0} for every smooth {@code f}; the KSD is the largest {@code |E_q[A f]|} over the
 * unit ball of the kernel's vector-valued RKHS. It is zero only for {@code q = π}, needs no
 * normalising constant and no density of {@code q}, only points and scores. For {@code β ∈ (-1, 0)}
 * Gorham and Mackey show it detects non-convergence (it tends to zero only if {@code q → π} weakly,
 * for distantly dissipative {@code π}), which the Gaussian kernel's KSD does not.
 *
 * <p><b>The Stein kernel.</b> The squared KSD is {@code E_{x, y ~ q} u_π(x, y)} with
 *
 * <pre>
 *     u_π(x, y) = s(x)ᵀ s(y) k + s(x)ᵀ ∇_y k + s(y)ᵀ ∇_x k + tr(∇_x ∇_y k).
 * </pre>
 *
 * For the IMQ kernel, with {@code r = x - y} and {@code q = c² + ‖r‖²}:
 * {@code ∇_x k = 2β q^{β-1} r = -∇_y k} and
 * {@code ∂²k/∂x_a∂y_b = -2β q^{β-1} δ_ab - 4β(β-1) q^{β-2} r_a r_b}, so
 *
 * <pre>
 *     u_π(x, y) = q^β s(x)ᵀs(y) + 2β q^{β-1} (s(y) - s(x))ᵀ r - 2βd q^{β-1} - 4β(β-1) q^{β-2} ‖r‖²,
 * </pre>
 *
 * and on the diagonal {@code u_π(x, x) = c^{2β} ‖s(x)‖² - 2βd c^{2β-2}}.
 *
 * <p><b>The estimate</b> is the V-statistic {@code KSD² = (1/n²) Σ_{i,j} u_π(θ_i, θ_j)}, which is
 * never negative ({@code u_π} is a positive-definite kernel; rounding can leave {@code -1e-17},
 * which {@link #discrepancy} takes as zero). It is biased upwards by the diagonal: for iid draws
 * from {@code π} itself its expectation is {@code E_π[u_π(x, x)] / n} (for {@code π = N(0, Σ)} and
 * the default kernel, {@code (tr Σ⁻¹ + d)/n}), so the KSD of an exact sample falls like
 * {@code n^{-1/2}}; compare clouds of the same size.
 *
 * <p><b>Cost.</b> {@code O(n² d)} work, halved by the symmetry {@code u(x, y) = u(y, x)}: the pairs
 * are taken in square blocks of {@link #BLOCK} points, the block's coordinates copied
 * coordinate-major so that the inner loops vectorise; memory {@code O(n d)} for the copies plus
 * {@code O(block)} per thread, never an {@code n × n} matrix. Rows of blocks run over the given
 * {@link Parallel}, each summing its own pairs in a fixed order into its own slot, and the slots are
 * added in order: the result is the same, bit for bit, whatever the number of threads.
 *
 * <p>Instances are immutable.
 */
public final class KernelSteinDiscrepancy {
    /** Points per block of the pair loop. */
    static final int BLOCK = 64;

    private static final KernelSteinDiscrepancy IMQ = new KernelSteinDiscrepancy(-0.5, 1.0);

    private final double beta;
    private final double c;

    private KernelSteinDiscrepancy(double beta, double c) {
        this.beta = beta;
        this.c = c;
    }

    /** The IMQ kernel with Gorham and Mackey's defaults {@code β = -1/2}, {@code c = 1}. */
    public static KernelSteinDiscrepancy imq() {
        return IMQ;
    }

    /**
     * The IMQ kernel {@code (c² + ‖x - y‖²)^β}; {@code β ∈ (-1, 0)} for the convergence-detecting
     * guarantee.
     *
     * @throws IllegalArgumentException unless {@code β < 0} and {@code c > 0} (finite), where the
     *                                  kernel is positive definite
     */
    public static KernelSteinDiscrepancy imq(double beta, double c) {
        if (!(beta < 0) || !Double.isFinite(beta)) {
            throw new IllegalArgumentException("the IMQ exponent β must be negative and finite, got " + beta);
        }
        if (!(c > 0) || !Double.isFinite(c)) {
            throw new IllegalArgumentException("the IMQ scale c must be positive and finite, got " + c);
        }
        return new KernelSteinDiscrepancy(beta, c);
    }

    /** The exponent β. */
    public double beta() {
        return beta;
    }

    /** The scale c. */
    public double c() {
        return c;
    }

    /** {@link #squared(double[], double[], int, int, Parallel)} on the calling thread. */
    public double squared(double[] points, double[] scores, int n, int d) {
        return squared(points, scores, n, d, Parallel.serial());
    }

    /** The KSD, {@code √KSD²} (a negative rounding residue is taken as 0). */
    public double discrepancy(double[] points, double[] scores, int n, int d, Parallel parallel) {
        return Math.sqrt(Math.max(0.0, squared(points, scores, n, d, parallel)));
    }

    /** {@link #discrepancy(double[], double[], int, int, Parallel)} on the calling thread. */
    public double discrepancy(double[] points, double[] scores, int n, int d) {
        return discrepancy(points, scores, n, d, Parallel.serial());
    }

    /**
     * The squared KSD, the V-statistic {@code (1/n²) Σ_{i,j} u_π(θ_i, θ_j)}, of the {@code n}
     * points stored row-major in {@code points[0, n·d)} with their scores {@code ∇ log π(θ_i)}
     * stored the same way in {@code scores}.
     *
     * @throws IllegalArgumentException if a coordinate or a score is not finite, or the arrays are
     *                                  too short
     */
    public double squared(double[] points, double[] scores, int n, int d, Parallel parallel) {
        check(points, "points", n, d);
        check(scores, "scores", n, d);
        // coordinate-major copies: xt[c·n + i] = θ_i[c], st likewise
        double[] xt = new double[n * d];
        double[] st = new double[n * d];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                xt[a * n + i] = points[i * d + a];
                st[a * n + i] = scores[i * d + a];
            }
        }
        int blocks = (n + BLOCK - 1) / BLOCK;
        double[] rowSums = new double[blocks];
        parallel.forEach(blocks, bi -> rowSums[bi] = blockRow(bi, blocks, xt, st, n, d));
        double total = 0.0;
        for (double s : rowSums) {
            total += s;
        }
        return total / ((double) n * n);
    }

    /**
     * {@code Σ u(θ_i, θ_j)} over {@code i} in block {@code bi} and {@code j} in blocks
     * {@code ≥ bi}, the off-diagonal blocks counted twice.
     */
    private double blockRow(int bi, int blocks, double[] xt, double[] st, int n, int d) {
        int i0 = bi * BLOCK;
        int ni = Math.min(BLOCK, n - i0);
        double[] rr = new double[BLOCK];
        double[] ss = new double[BLOCK];
        double[] sr = new double[BLOCK];
        double c2 = c * c;
        double twoBeta = 2.0 * beta;
        double fourBetaBetaMinusOne = 4.0 * beta * (beta - 1.0);
        double row = 0.0;
        for (int bj = bi; bj < blocks; bj++) {
            int j0 = bj * BLOCK;
            int nj = Math.min(BLOCK, n - j0);
            double block = 0.0;
            for (int ii = 0; ii < ni; ii++) {
                int i = i0 + ii;
                java.util.Arrays.fill(rr, 0, nj, 0.0);
                java.util.Arrays.fill(ss, 0, nj, 0.0);
                java.util.Arrays.fill(sr, 0, nj, 0.0);
                for (int a = 0; a < d; a++) {
                    int o = a * n;
                    double xa = xt[o + i];
                    double sa = st[o + i];
                    for (int jj = 0; jj < nj; jj++) {
                        double r = xa - xt[o + j0 + jj];
                        double sj = st[o + j0 + jj];
                        rr[jj] += r * r;
                        ss[jj] += sa * sj;
                        sr[jj] += (sj - sa) * r;
                    }
                }
                for (int jj = 0; jj < nj; jj++) {
                    double q = c2 + rr[jj];
                    double k = kernel(q);
                    double k1 = k / q;
                    double k2 = k1 / q;
                    block += k * ss[jj] + twoBeta * k1 * (sr[jj] - d) - fourBetaBetaMinusOne * k2 * rr[jj];
                }
            }
            row += bj == bi ? block : 2.0 * block;
        }
        return row;
    }

    /** {@code q^β}, with the common exponents without {@code pow}. */
    private double kernel(double q) {
        if (beta == -0.5) {
            return 1.0 / Math.sqrt(q);
        }
        if (beta == -1.0) {
            return 1.0 / q;
        }
        return Math.pow(q, beta);
    }

    /**
     * The Stein kernel {@code u_π(x, y)} of one pair, from the points and their scores: the
     * formula above, for checks and for users who need single terms.
     */
    public double steinKernel(double[] x, double[] sx, double[] y, double[] sy) {
        int d = x.length;
        double rr = 0.0;
        double ss = 0.0;
        double sr = 0.0;
        for (int a = 0; a < d; a++) {
            double r = x[a] - y[a];
            rr += r * r;
            ss += sx[a] * sy[a];
            sr += (sy[a] - sx[a]) * r;
        }
        double q = c * c + rr;
        double k = kernel(q);
        return k * ss + 2.0 * beta * k / q * (sr - d) - 4.0 * beta * (beta - 1.0) * k / (q * q) * rr;
    }

    private static void check(double[] v, String what, int n, int d) {
        if (n < 1 || d < 1) {
            throw new IllegalArgumentException("need at least one point of dimension at least 1, got n = " + n
                    + ", d = " + d);
        }
        if (v.length < (long) n * d) {
            throw new IllegalArgumentException("expected " + n + " × " + d + " = " + (long) n * d + " " + what
                    + ", got an array of " + v.length);
        }
        for (int i = 0; i < n * d; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(what + ": coordinate " + i % d + " of point " + i / d
                        + " is not finite: " + v[i]);
            }
        }
    }
}

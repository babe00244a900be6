package otto.energy;

import java.util.Arrays;
import otto.flow.Parallel;
import otto.math.Dense;
import otto.math.SpecialFunctions;

/**
 * The Kozachenko–Leonenko k-nearest-neighbour estimate of the differential entropy
 * {@code H(q) = -∫ q log q} from a cloud of points drawn from {@code q} on {@code ℝ^d}:
 *
 * <pre>
 *     Ĥ = ψ(n) - ψ(k) + log c_d + (d/n) Σ_i log ε_i,      c_d = π^{d/2} / Γ(d/2 + 1),
 * </pre>
 *
 * with {@code ε_i} the Euclidean distance from {@code θ_i} to its k-th nearest neighbour among the
 * other points and {@code c_d} the volume of the unit ball. It reads {@code q(θ_i)} off the volume
 * of the ball that holds k neighbours, {@code q(θ_i) c_d ε_iᵈ ≈ k/n}, with the digammas making the
 * mean of {@code log} exact for a locally uniform density.
 *
 * <p><b>Whitening</b> (on by default). The estimate is taken on {@code z_i = L⁻¹(θ_i - θ̄)}, with
 * {@code L} the Cholesky factor of the sample covariance {@code Σ̂}, and {@code ½ log det Σ̂} is
 * added. The true entropy obeys {@code H(Aθ + b) = H(θ) + log |det A|} exactly, so this changes
 * what is estimated by nothing; but the estimator assumes {@code q} nearly constant over each
 * neighbour ball, which fails across the narrow directions of an anisotropic cloud, and whitening
 * makes the cloud isotropic first. The estimator itself is invariant under translations, rotations
 * and scalings, so the whitened estimate is invariant (to rounding) under every invertible affine
 * map of the cloud: on an anisotropic Gaussian it is exactly as good as on {@code N(0, I)}.
 * Measured ({@code k = 2}, 20 replicates, error ± its standard error, nats):
 *
 * <table>
 * <caption>Error of the estimate on anisotropic Gaussians</caption>
 * <tr><th>{@code N(0, Σ)}</th><th>n</th><th>unwhitened</th><th>whitened</th></tr>
 * <tr><td>{@code d = 2}, standard deviations 1 and 100, correlation 0.99</td><td>500</td>
 *     <td>+0.80 ± 0.02</td><td>-0.01 ± 0.02</td></tr>
 * <tr><td></td><td>2000</td><td>+0.16 ± 0.01</td><td>-0.01 ± 0.01</td></tr>
 * <tr><td>{@code d = 10}, standard deviations 0.01 … 10 (log-spaced), correlations
 *     {@code 0.9^|i-j|}</td><td>500</td><td>+13.5 ± 0.05</td><td>+0.12 ± 0.02</td></tr>
 * <tr><td></td><td>2000</td><td>+11.6 ± 0.02</td><td>+0.04 ± 0.01</td></tr>
 * </table>
 *
 * <p>Whitening needs a positive-definite sample covariance: more than {@code d} distinct points,
 * not all on a hyperplane.
 *
 * <p><b>Bias.</b> The estimator is consistent for fixed {@code k} but biased at finite {@code n},
 * more so in higher dimension, where the ball that holds k neighbours is wide and the density is
 * far from constant over it. Measured on whitened Gaussians ({@code k = 2}, 10–40 replicates,
 * nats): {@code d = 1}: below 0.01 at {@code n = 500} and 2000; {@code d = 2}: -0.02 ± 0.01 at
 * 500, -0.004 ± 0.005 at 2000; {@code d = 5}: -0.07 at 500 and -0.09 ± 0.01 at 2000;
 * {@code d = 10}: +0.12 ± 0.02 at 500, +0.05 at 1000, +0.03 at 2000, -0.005 ± 0.01 at 4000;
 * {@code d = 20}: +1.2 at 500 and +0.95 at 2000; {@code d = 50}: about +6 at 500 to 2000. On a
 * uniform box the boundary adds a positive bias shrinking like {@code n^{-1/d}}: in {@code d = 2}
 * +0.03 at 500, +0.02 at 2000, +0.01 at 8000; in {@code d = 10} +1.5 at 2000. Compare estimates at
 * the same {@code n} and {@code d}, and do not read a high-dimensional estimate as exact.
 *
 * <p><b>Standard error</b> (approximate): the standard deviation of the terms {@code d log ε_i}
 * over {@code √n}. The terms are not independent (neighbours share points), so this is a guide,
 * not an exact error: against the spread of replicate estimates on Gaussians it measured 0.8–1.0
 * of it in {@code d ≤ 2} and 0.65–1.15 in {@code d = 5 … 20}, mostly about 0.7: there it tends to
 * understate the error by up to a third. It does not include the bias.
 *
 * <p><b>Duplicates.</b> Points that coincide exactly (a rejected MCMC proposal repeated, say) are
 * merged before estimating: the estimate is that of the distinct points, and {@code n} above is
 * their number. A repeated point carries no new information about the local density, and keeping
 * it would make its {@code ε} zero and the estimate {@code -∞}.
 *
 * <p><b>Cost.</b> Whitening is {@code O(n d²)}. The nearest neighbours come from a k-d tree
 * ({@code O(n log n)} in low dimension, degrading towards {@code O(n²)} as {@code d} grows) or from
 * blocked brute force ({@code O(n² d)}, vectorised). Measured on one core: at {@code n = 4096}
 * the tree takes 2.5 ms in {@code d = 2} and 33 ms in {@code d = 8}, brute force 17 and 43 ms; at
 * {@code d = 16} the tree takes 143 ms and brute force 79 ms. The crossover moves up with
 * {@code n} (the tree's advantage grows like {@code n / log n} where it works): {@link Search#AUTO}
 * takes the tree for {@code d ≤ 4}, and for {@code d ≤ 8 + 1.5 log₂(n / 2048)} above (so
 * {@code d ≤ 8} at {@code n = 2048}, {@code d ≤ 11} at 8192, {@code d ≤ 14} at 32 768), brute
 * force otherwise. The search runs over the given {@link Parallel}, each point's neighbours
 * computed on their own and the terms summed in index order, so the result is the same, bit for
 * bit, whatever the number of threads; both searches compute every distance the same way and give
 * the same numbers.
 *
 * <p>Instances are immutable; {@code with…} methods return new ones.
 *
 * <pre>{@code
 * Estimate h = KozachenkoLeonenko.defaults().entropy(points, n, d, context.parallel());
 * }</pre>
 */
public final class KozachenkoLeonenko {
    /**
     * The default number of neighbours, 2. The terms {@code log ε_i} are noisier for small
     * {@code k} (the neighbour count alone gives them variance {@code ψ₁(k)}: 1.64 at
     * {@code k = 1}, 0.64 at 2, 0.28 at 4), while a larger {@code k} averages over a wider ball and
     * adds bias in high dimension. Measured root-mean-square errors on Gaussians (whitened,
     * {@code d = 1, 2, 5, 10, 20}, {@code n = 500} and 2000, of the entropy and of the
     * {@link ParticleFreeEnergy free energy} of an exact sample): {@code k = 1} is best in
     * {@code d ≥ 10} but up to 2.6 times worse than the best in {@code d ≤ 2}; {@code k = 4} is
     * best in {@code d ≤ 2} but up to 3 times worse in {@code d = 10}; {@code k = 2} is within 1.6
     * times the best everywhere. A cloud needs three nearly coincident points, not two, to drag
     * {@code k = 2} towards {@code -∞}.
     */
    public static final int DEFAULT_K = 2;

    /** How the nearest neighbours are found; all give the same numbers. */
    public enum Search {
        /** The k-d tree in low dimension (see {@link KozachenkoLeonenko}), brute force above. */
        AUTO,
        /** A k-d tree. */
        KD_TREE,
        /** Blocked brute force. */
        BRUTE_FORCE
    }

    /**
     * A Cholesky pivot {@code L_aa²} below this fraction of the variance {@code Σ̂_aa} is taken as
     * zero: the covariance's own rounding is about {@code √n · 1e-16} of it.
     */
    private static final double FLAT = 1e-12;

    private static final KozachenkoLeonenko DEFAULTS = new KozachenkoLeonenko(DEFAULT_K, true, Search.AUTO);

    private final int k;
    private final boolean whiten;
    private final Search search;

    private KozachenkoLeonenko(int k, boolean whiten, Search search) {
        this.k = k;
        this.whiten = whiten;
        this.search = search;
    }

    /** {@code k = 2}, whitened, automatic search. */
    public static KozachenkoLeonenko defaults() {
        return DEFAULTS;
    }

    /** With {@code k} neighbours (at least 1). */
    public KozachenkoLeonenko withK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("the number of neighbours k must be at least 1, got " + k);
        }
        return new KozachenkoLeonenko(k, whiten, search);
    }

    /** With or without whitening. */
    public KozachenkoLeonenko withWhitening(boolean whiten) {
        return new KozachenkoLeonenko(k, whiten, search);
    }

    /** With the given nearest-neighbour search. */
    public KozachenkoLeonenko withSearch(Search search) {
        return new KozachenkoLeonenko(k, whiten, java.util.Objects.requireNonNull(search, "search"));
    }

    /** The number of neighbours. */
    public int k() {
        return k;
    }

    /** Whether the cloud is whitened first. */
    public boolean whitening() {
        return whiten;
    }

    /** The nearest-neighbour search. */
    public Search search() {
        return search;
    }

    /** {@link #entropy(double[], int, int, Parallel)} on the calling thread. */
    public Estimate entropy(double[] points, int n, int d) {
        return entropy(points, n, d, Parallel.serial());
    }

    /**
     * The entropy estimate of the cloud of {@code n} points in {@code ℝ^d}, stored row-major in
     * {@code points[0, n·d)}; {@link Estimate#samples()} is the number of distinct points.
     *
     * @throws IllegalArgumentException if a coordinate is not finite, if there are not more than
     *                                  {@code k} distinct points, or if whitening is on and the
     *                                  sample covariance is not positive definite
     */
    public Estimate entropy(double[] points, int n, int d, Parallel parallel) {
        return terms(points, n, d, parallel).entropy();
    }

    /**
     * The per-point terms behind the estimate: {@code Ĥ = constant + mean(terms)}, over the
     * distinct points (whose original indices are {@code kept}).
     */
    record Terms(double[] terms, int[] kept, double constant) {
        Estimate entropy() {
            int m = terms.length;
            double sum = 0.0;
            for (double t : terms) {
                sum += t;
            }
            double mean = sum / m;
            double ss = 0.0;
            for (double t : terms) {
                ss += (t - mean) * (t - mean);
            }
            double se = m > 1 ? Math.sqrt(ss / (m - 1.0) / m) : Double.NaN;
            return new Estimate(constant + mean, se, m);
        }
    }

    /** The per-point terms {@code d log ε_i} and the constant, for the estimate and its users. */
    Terms terms(double[] points, int n, int d, Parallel parallel) {
        check(points, n, d);
        int[] kept = distinct(points, n, d);
        int m = kept.length;
        if (m <= k) {
            throw new IllegalArgumentException(m == n
                    ? "the Kozachenko–Leonenko estimator with k = " + k + " needs more than k points, got n = " + n
                    : "the Kozachenko–Leonenko estimator with k = " + k + " needs more than k distinct points, got "
                            + m + " distinct among n = " + n + " (coincident points are merged)");
        }
        double[] x = new double[m * d];
        for (int i = 0; i < m; i++) {
            System.arraycopy(points, kept[i] * d, x, i * d, d);
        }
        double constant = SpecialFunctions.digamma(m) - SpecialFunctions.digamma(k) + logUnitBallVolume(d);
        if (whiten) {
            constant += whitenInPlace(x, m, d, parallel);
        }
        boolean tree = search == Search.KD_TREE || search == Search.AUTO && treeWins(m, d);
        double[] squared = tree ? NearestNeighbours.kdTree(x, m, d, k, parallel)
                : NearestNeighbours.bruteForce(x, m, d, k, parallel);
        double[] terms = new double[m];
        for (int i = 0; i < m; i++) {
            if (!(squared[i] > 0.0)) {
                throw new IllegalArgumentException("point " + kept[i] + " has its " + k
                        + "-th nearest neighbour at distance 0" + (whiten ? " after whitening" : "")
                        + ": distinct points that coincide to rounding");
            }
            terms[i] = 0.5 * d * Math.log(squared[i]);
        }
        return new Terms(terms, kept, constant);
    }

    /**
     * Whether the k-d tree is faster than brute force for {@code n} points in {@code ℝ^d}: always
     * for {@code d ≤ 4}, otherwise for {@code d ≤ 8 + 1.5 log₂(n / 2048)}, the crossover measured
     * (single thread) at {@code n} from 512 to 32 768 and {@code d} from 6 to 14.
     */
    static boolean treeWins(int n, int d) {
        return d <= 4 || d <= 8 + 1.5 * (Math.log(n / 2048.0) / Math.log(2.0));
    }

    /** {@code log c_d = (d/2) log π - log Γ(d/2 + 1)}, the log volume of the unit ball in {@code ℝ^d}. */
    public static double logUnitBallVolume(int d) {
        return 0.5 * d * SpecialFunctions.LOG_PI - SpecialFunctions.lgamma(0.5 * d + 1.0);
    }

    private static void check(double[] points, int n, int d) {
        if (d < 1) {
            throw new IllegalArgumentException("the dimension must be at least 1, got " + d);
        }
        if (n < 1) {
            throw new IllegalArgumentException("the number of points must be at least 1, got " + n);
        }
        if (points.length < (long) n * d) {
            throw new IllegalArgumentException("expected " + n + " × " + d + " = " + (long) n * d
                    + " coordinates, got an array of " + points.length);
        }
        for (int i = 0; i < n * d; i++) {
            if (!Double.isFinite(points[i])) {
                throw new IllegalArgumentException("coordinate " + i % d + " of point " + i / d + " is not finite: "
                        + points[i]);
            }
        }
    }

    /**
     * The indices of the distinct points, ascending: of each group of exactly coincident points
     * (compared with {@code ==}, so {@code -0.0} equals {@code 0.0}) the first is kept.
     */
    static int[] distinct(double[] x, int n, int d) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> {
            int po = p * d;
            int qo = q * d;
            for (int c = 0; c < d; c++) {
                double a = x[po + c];
                double b = x[qo + c];
                if (a < b) {
                    return -1;
                }
                if (a > b) {
                    return 1;
                }
            }
            return Integer.compare(p, q);
        });
        boolean[] drop = new boolean[n];
        int dropped = 0;
        for (int r = 1; r < n; r++) {
            int p = order[r - 1];
            int q = order[r];
            boolean same = true;
            for (int c = 0; c < d && same; c++) {
                same = x[p * d + c] == x[q * d + c];
            }
            if (same) {
                drop[q] = true; // the sort puts the smallest index of a group first
                dropped++;
            }
        }
        int[] kept = new int[n - dropped];
        for (int i = 0, j = 0; i < n; i++) {
            if (!drop[i]) {
                kept[j++] = i;
            }
        }
        return kept;
    }

    /**
     * Replaces the rows of {@code x} by {@code L⁻¹(x_i - x̄)}, {@code L Lᵀ = Σ̂} the sample
     * covariance, and returns {@code ½ log det Σ̂}.
     */
    private static double whitenInPlace(double[] x, int m, int d, Parallel parallel) {
        double[] mean = new double[d];
        for (int i = 0; i < m; i++) {
            for (int c = 0; c < d; c++) {
                mean[c] += x[i * d + c];
            }
        }
        for (int c = 0; c < d; c++) {
            mean[c] /= m;
        }
        double[] cov = new double[d * d];
        double[] r = new double[d];
        for (int i = 0; i < m; i++) {
            for (int c = 0; c < d; c++) {
                r[c] = x[i * d + c] - mean[c];
            }
            for (int a = 0; a < d; a++) {
                double ra = r[a];
                int o = a * d;
                for (int b = 0; b <= a; b++) {
                    cov[o + b] += ra * r[b];
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b <= a; b++) {
                double v = cov[a * d + b] / (m - 1.0);
                cov[a * d + b] = v;
                cov[b * d + a] = v;
            }
        }
        if (m <= d) {
            throw new IllegalArgumentException("cannot whiten " + m + " distinct points in dimension " + d
                    + ": whitening needs more than d points (a positive-definite sample covariance); "
                    + "turn whitening off");
        }
        double[] l = Dense.cholesky(cov, d);
        boolean flat = l == null;
        for (int a = 0; !flat && a < d; a++) {
            // L_aa² is the variance of coordinate a given the earlier ones: rounding-level means flat
            flat = !(l[a * d + a] * l[a * d + a] > FLAT * cov[a * d + a]);
        }
        if (flat) {
            throw new IllegalArgumentException("cannot whiten: the " + m + " distinct points lie on a hyperplane"
                    + " (to rounding), so their sample covariance is not positive definite; turn whitening off");
        }
        parallel.forRanges(m, (from, to) -> {
            double[] v = new double[d];
            for (int i = from; i < to; i++) {
                int o = i * d;
                for (int c = 0; c < d; c++) {
                    v[c] = x[o + c] - mean[c];
                }
                Dense.solveLower(l, d, v, v);
                System.arraycopy(v, 0, x, o, d);
            }
        });
        return 0.5 * Dense.logDeterminantFromCholesky(l, d);
    }
}

package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;
import otto.math.SpecialFunctions;

/**
 * The multivariate normal {@code multi_normal_cholesky(μ, L)} given the lower Cholesky factor
 * {@code L} of its covariance {@code Σ = L Lᵀ}: for {@code y ∈ ℝ^k},
 * <pre>  log p(y | μ, L) = -½ k log 2π - Σ_i log L_ii - ½ |L⁻¹(y - μ)|².</pre>
 */
public final class MultiNormalCholesky {
    private MultiNormalCholesky() {
    }

    /**
     * {@code Σ_j log multi_normal_cholesky(y_j | μ_j, L)} over the m vectors in {@code y}, where
     * {@code log multi_normal_cholesky(y | μ, L) = -½ k log 2π - Σ_i log L_ii - ½ |L⁻¹(y-μ)|²}.
     * The triangular solve runs once for all m vectors ({@code O(k²)} tape nodes of length m).
     *
     * @param y  m vectors of length k, one after another ({@code m·k} values)
     * @param mu one mean ({@code k} values, shared) or one per vector ({@code m·k} values); finite
     * @param l  the lower Cholesky factor, {@code k × k} row-major (the upper triangle is ignored)
     * @param k  the dimension
     * @return the summed log density; NaN if some μ is not finite or some {@code L_ii ≤ 0}
     * @throws IllegalArgumentException if the sizes do not fit
     */
    public static Var lpdf(Var y, Var mu, Var l, int k) {
        checkSizes(y, mu, l, k);
        if (!Check.finite(mu)) {
            return Check.invalid(y);
        }
        for (int i = 0; i < k; i++) {
            if (!(l.value(i * k + i) > 0)) {
                return Check.invalid(y);
            }
        }
        int m = y.size() / k;
        Var[] z = whiten(y, mu, l, k);
        int[] diag = new int[k];
        for (int i = 0; i < k; i++) {
            diag[i] = i * k + i;
        }
        Var logDet = l.gather(diag).log().sum();
        return Var.concat(z).square().sum().mul(-0.5).sub(logDet.mul(m))
                .sub((double) m * k * SpecialFunctions.HALF_LOG_TWO_PI);
    }

    /**
     * {@code log multi_normal_cholesky(y | μ, L)} for one vector; {@code l} is {@code k × k}
     * row-major with {@code k = y.length}.
     *
     * @param y the vector
     * @param mu the mean
     * @param l the lower Cholesky factor of the covariance, k × k row-major
     * @return the log density; NaN for an invalid parameter
     */
    public static double lpdf(double[] y, double[] mu, double[] l) {
        Tape t = Tape.create();
        return lpdf(t.constant(y), t.constant(mu), t.constant(l), y.length).value();
    }

    /**
     * The columns of {@code L⁻¹(y_j - μ_j)} over all j: element {@code i} is the length-m vector
     * of the i-th whitened coordinates, by forward substitution on whole columns.
     */
    static Var[] whiten(Var y, Var mu, Var l, int k) {
        int m = y.size() / k;
        Var[] z = new Var[k];
        int[] column = new int[m];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < m; j++) {
                column[j] = j * k + i;
            }
            Var yi = m == 1 ? y.get(i) : y.gather(column.clone());
            Var mi = mu.size() == k ? mu.get(i) : mu.gather(column.clone());
            Var s = yi.sub(mi);
            for (int j = 0; j < i; j++) {
                s = s.sub(z[j].mul(l.get(i * k + j)));
            }
            z[i] = s.div(l.get(i * k + i));
        }
        return z;
    }

    static void checkSizes(Var y, Var mu, Var matrix, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("dimension k must be positive, got " + k);
        }
        if (matrix.size() != k * k) {
            throw new IllegalArgumentException("matrix has " + matrix.size() + " values, expected " + k + " × " + k);
        }
        if (y.size() == 0 || y.size() % k != 0) {
            throw new IllegalArgumentException("y has " + y.size() + " values, not a positive multiple of k = " + k);
        }
        if (mu.size() != k && mu.size() != y.size()) {
            throw new IllegalArgumentException("mu has " + mu.size() + " values, expected " + k + " or " + y.size());
        }
    }
}

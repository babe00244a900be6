package otto.dist;

import otto.ad.LinearAlgebra;
import otto.ad.Tape;
import otto.ad.Var;

/**
 * The multivariate normal {@code multi_normal(μ, Σ)} given its covariance Σ: for {@code y ∈ ℝ^k},
 * <pre>  log p(y | μ, Σ) = -½ k log 2π - ½ log det Σ - ½ (y - μ)ᵀ Σ⁻¹ (y - μ),</pre>
 * evaluated through the Cholesky factor {@code Σ = L Lᵀ} as {@link MultiNormalCholesky}.
 */
public final class MultiNormal {
    private MultiNormal() {
    }

    /**
     * {@code Σ_j log multi_normal(y_j | μ_j, Σ)} over the m vectors in {@code y}, where
     * {@code log multi_normal(y | μ, Σ) = -½ k log 2π - ½ log det Σ - ½ (y-μ)ᵀ Σ⁻¹ (y-μ)}.
     *
     * @param y     m vectors of length k, one after another ({@code m·k} values)
     * @param mu    one mean ({@code k} values) or one per vector ({@code m·k}); finite
     * @param sigma the covariance, {@code k × k} row-major: symmetric (to 1e-8, as Stan checks)
     *              and positive definite
     * @param k     the dimension
     * @return the summed log density; NaN if some μ is not finite or Σ is not symmetric positive
     *         definite
     * @throws IllegalArgumentException if the sizes do not fit
     */
    public static Var lpdf(Var y, Var mu, Var sigma, int k) {
        MultiNormalCholesky.checkSizes(y, mu, sigma, k);
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < i; j++) {
                double a = sigma.value(i * k + j);
                double b = sigma.value(j * k + i);
                if (!(Math.abs(a - b) <= Check.TOLERANCE * Math.max(1.0, Math.abs(a)))) {
                    return Check.invalid(y);
                }
            }
        }
        Var l = LinearAlgebra.cholesky(sigma, k);
        for (int i = 0; i < k; i++) {
            if (!(l.value(i * k + i) > 0)) {
                return Check.invalid(y);
            }
        }
        return MultiNormalCholesky.lpdf(y, mu, l, k);
    }

    /**
     * {@code log multi_normal(y | μ, Σ)} for one vector; {@code sigma} is {@code k × k} row-major
     * with {@code k = y.length}.
     *
     * @param y the vector
     * @param mu the mean
     * @param sigma the covariance, k × k row-major
     * @return the log density; NaN for an invalid parameter
     */
    public static double lpdf(double[] y, double[] mu, double[] sigma) {
        Tape t = Tape.create();
        return lpdf(t.constant(y), t.constant(mu), t.constant(sigma), y.length).value();
    }
}

package otto.dist;

import otto.ad.LinearAlgebra;
import otto.ad.Tape;
import otto.ad.Var;

/** The multivariate normal {@code N(μ, Σ)} given its covariance: through the Cholesky factor of Σ. */
public final class MultiNormal {
    private MultiNormal() {
    }

    /**
     * Summed over the vectors in {@code y} (as {@link MultiNormalCholesky#lpdf}); {@code sigma} is
     * {@code k × k} row-major. NaN if Σ is not positive definite.
     */
    public static Var lpdf(Var y, Var mu, Var sigma, int k) {
        Var l = LinearAlgebra.cholesky(sigma, k);
        for (int i = 0; i < k; i++) {
            if (!(l.value(i * k + i) > 0)) {
                return Args.nan(y);
            }
        }
        return MultiNormalCholesky.lpdf(y, mu, l, k);
    }

    /** {@code log N(y | μ, Σ)} for one vector. */
    public static double lpdf(double[] y, double[] mu, double[] sigma) {
        Tape t = Tape.create();
        return lpdf(t.constant(y), t.constant(mu), t.constant(sigma), y.length).value();
    }
}

package otto.dist;

import otto.ad.LinearAlgebra;
import otto.ad.Tape;
import otto.ad.Var;
import otto.math.SpecialFunctions;

/**
 * The multivariate normal given the lower Cholesky factor {@code L} of its covariance:
 * {@code -½ k log 2π - Σ log L_ii - ½ |L⁻¹(y - μ)|²}.
 */
public final class MultiNormalCholesky {
    private MultiNormalCholesky() {
    }

    /**
     * Summed over the vectors in {@code y} ({@code m·k} values: m vectors of length k, one after
     * another); {@code mu} has length k or {@code m·k}; {@code l} is {@code k × k} row-major.
     * NaN if a diagonal element of L is not positive.
     */
    public static Var lpdf(Var y, Var mu, Var l, int k) {
        if (y.size() % k != 0) {
            throw new IllegalArgumentException("y has " + y.size() + " values, not a multiple of k = " + k);
        }
        if (mu.size() != k && mu.size() != y.size()) {
            throw new IllegalArgumentException("mu has " + mu.size() + " values, expected " + k + " or " + y.size());
        }
        for (int i = 0; i < k; i++) {
            if (!(l.value(i * k + i) > 0)) {
                return Args.nan(y);
            }
        }
        int m = y.size() / k;
        Var halfLogDet = LinearAlgebra.logDeterminantFromCholesky(l, k).mul(0.5);
        Var quad = null;
        for (int j = 0; j < m; j++) {
            Var r = y.slice(j * k, k).sub(mu.size() == k ? mu : mu.slice(j * k, k));
            Var z = LinearAlgebra.solveLower(l, k, r);
            Var q = z.square().sum();
            quad = quad == null ? q : quad.add(q);
        }
        return quad.mul(-0.5).sub(halfLogDet.mul(m)).sub(m * k * SpecialFunctions.HALF_LOG_TWO_PI);
    }

    /** {@code log N(y | μ, L Lᵀ)} for one vector. */
    public static double lpdf(double[] y, double[] mu, double[] l) {
        Tape t = Tape.create();
        return lpdf(t.constant(y), t.constant(mu), t.constant(l), y.length).value();
    }
}

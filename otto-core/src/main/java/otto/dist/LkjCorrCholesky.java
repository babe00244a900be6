package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;
import otto.math.SpecialFunctions;

/**
 * The LKJ distribution (Lewandowski, Kurowicka and Joe 2009) on Cholesky factors of correlation
 * matrices, Stan's {@code lkj_corr_cholesky(η)}: the LKJ density {@code det(R)^{η-1} / c_K(η)} of
 * {@code R = L Lᵀ} times the Jacobian {@code Π_i L_ii^{K-i}} of {@code L ↦ R},
 * <pre>  log p(L | η) = -log c_K(η) + Σ_{i=2}^{K} (K - i + 2η - 2) log L_ii,
 *  -log c_K(η) = (K-1) log Γ(η + (K-1)/2) - Σ_{i=1}^{K-1} [ (i/2) log π + log Γ(η + (K-1-i)/2) ],</pre>
 * the normalising constant as Stan's {@code do_lkj_constant} (theorem 5 of the paper). For
 * {@code K = 2} this is the density {@code (1 - r²)^{η-1} / B(½, η)} of the correlation r; η = 1
 * is uniform over correlation matrices.
 */
public final class LkjCorrCholesky {
    private LkjCorrCholesky() {
    }

    /**
     * {@code log lkj_corr_cholesky(L | η) = -log c_K(η) + Σ_{i=2}^{K} (K - i + 2η - 2) log L_ii}
     * for one {@code K × K} factor.
     *
     * @param l   the factor, {@code K × K} row-major: lower triangular, positive diagonal, rows of
     *            unit length (to 1e-8)
     * @param eta the shape η (a scalar; positive, finite)
     * @param k   the dimension K
     * @return the log density; NaN for an invalid η, else -∞ if L is not the Cholesky factor of a
     *         correlation matrix
     * @throws IllegalArgumentException if the sizes do not fit
     */
    public static Var lpdf(Var l, Var eta, int k) {
        if (k < 1 || l.size() != k * k) {
            throw new IllegalArgumentException("L has " + l.size() + " values, expected " + k + " × " + k);
        }
        if (eta.size() != 1) {
            throw new IllegalArgumentException("eta must be a scalar, has " + eta.size() + " values");
        }
        if (!Check.positiveFinite(eta)) {
            return Check.invalid(l);
        }
        if (!isCorrelationCholesky(l, k)) {
            return Check.outside(l);
        }
        Tape t = l.tape();
        if (k == 1) {
            return t.constant(0.0);
        }
        double[] offsets = new double[k - 1];
        for (int i = 1; i < k; i++) {
            offsets[i - 1] = 0.5 * (k - 1 - i);
        }
        Var logNormaliser = eta.add(0.5 * (k - 1)).lgamma().mul(k - 1)
                .sub(eta.add(offsets).lgamma().sum())
                .sub(0.25 * k * (k - 1) * SpecialFunctions.LOG_PI);
        int[] diag = new int[k - 1];
        double[] power = new double[k - 1];
        for (int i = 2; i <= k; i++) {
            diag[i - 2] = (i - 1) * k + (i - 1);
            power[i - 2] = k - i;
        }
        Var logDiag = l.gather(diag).log();
        Var kernel = logDiag.mul(power).sum().add(eta.mul(2.0).sub(2.0).mul(logDiag.sum()));
        return logNormaliser.add(kernel);
    }

    /**
     * {@code log lkj_corr_cholesky(L | η)} for a {@code K × K} row-major factor, as
     * {@link #lpdf(Var, Var, int)}.
     *
     * @param l the factor, K × K row-major
     * @param eta the shape η
     * @param k the dimension K
     * @return the log density; NaN for an invalid η, -∞ for an L outside the support
     */
    public static double lpdf(double[] l, double eta, int k) {
        Tape t = Tape.create();
        return lpdf(t.constant(l), t.constant(eta), k).value();
    }

    private static boolean isCorrelationCholesky(Var l, int k) {
        for (int i = 0; i < k; i++) {
            double norm = 0.0;
            for (int j = 0; j < k; j++) {
                double v = l.value(i * k + j);
                if (j > i && v != 0.0) {
                    return false;
                }
                norm += v * v;
            }
            if (!(l.value(i * k + i) > 0.0) || !(Math.abs(norm - 1.0) <= Check.TOLERANCE)) {
                return false;
            }
        }
        return true;
    }
}

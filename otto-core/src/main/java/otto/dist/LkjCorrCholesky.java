package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;

/**
 * The LKJ distribution on Cholesky factors of correlation matrices (Lewandowski, Kurowicka, Joe
 * 2009), as Stan defines {@code lkj_corr_cholesky}: the density {@code det(R)^{η-1} / c_K(η)} of
 * {@code R = L Lᵀ} times the Jacobian of {@code R ↦ L}, giving
 * {@code -log c_K(η) + Σ_{i=2}^{K} (K - i + 2η - 2) log L_ii} with
 * {@code log c_K(η) = Σ_{k=1}^{K-1} [(2η - 2 + K - k)(K - k) log 2 + (K - k) log B(b_k, b_k)]},
 * {@code b_k = η + (K - k - 1)/2}.
 */
public final class LkjCorrCholesky {
    private LkjCorrCholesky() {
    }

    /** For one {@code K × K} factor {@code l} (row-major); NaN if η ≤ 0. */
    public static Var lpdf(Var l, Var eta, int k) {
        if (Args.anyNotPositive(eta)) {
            return Args.nan(l);
        }
        if (l.size() != k * k) {
            throw new IllegalArgumentException("L has " + l.size() + " values, expected " + k * k);
        }
        Tape t = l.tape();
        Var logC = t.constant(0.0);
        for (int j = 1; j < k; j++) {
            int m = k - j;
            Var b = eta.add((m - 1) * 0.5);
            Var lbeta = b.lgamma().mul(2.0).sub(b.mul(2.0).lgamma());
            logC = logC.add(eta.mul(2.0).add(m - 2.0).mul(m * Math.log(2.0))).add(lbeta.mul(m));
        }
        if (k == 1) {
            return logC;
        }
        int[] diag = new int[k - 1];
        double[] power = new double[k - 1];
        for (int i = 2; i <= k; i++) {
            diag[i - 2] = (i - 1) * k + (i - 1);
            power[i - 2] = k - i - 2.0;
        }
        Var coef = eta.mul(2.0).add(t.constant(power));
        return coef.mul(l.gather(diag).log()).sum().sub(logC);
    }

    /** {@code log LKJCholesky(L | η)}. */
    public static double lpdf(double[] l, double eta, int k) {
        Tape t = Tape.create();
        return lpdf(t.constant(l), t.constant(eta), k).value();
    }

}

package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;
import otto.math.SpecialFunctions;

/**
 * Student's t {@code t(ν, μ, σ)}: {@code log p = lgamma((ν+1)/2) - lgamma(ν/2) - ½ log(νπ) - log σ
 * - (ν+1)/2 · log(1 + ((y-μ)/σ)²/ν)}.
 */
public final class StudentT {
    private StudentT() {
    }

    /** Summed over elements with broadcasting; NaN if some ν ≤ 0 or σ ≤ 0. */
    public static Var lpdf(Var y, Var nu, Var mu, Var sigma) {
        if (Args.anyNotPositive(nu) || Args.anyNotPositive(sigma)) {
            return Args.nan(y);
        }
        int n = Args.length(y, nu, mu, sigma);
        Var z = y.sub(mu).div(sigma);
        Var halfNuPlusOne = nu.add(1.0).mul(0.5);
        Var constant = halfNuPlusOne.lgamma().sub(nu.mul(0.5).lgamma()).sub(nu.log().mul(0.5))
                .sub(0.5 * SpecialFunctions.LOG_PI);
        Var kernel = halfNuPlusOne.mul(z.square().div(nu).log1p()).neg();
        return Args.sumOver(constant, n).sub(Args.sumLog(sigma, n)).add(kernel.sum());
    }

    /** {@code log t(y | ν, μ, σ)}. */
    public static double lpdf(double y, double nu, double mu, double sigma) {
        Tape t = Tape.create();
        return lpdf(t.constant(y), t.constant(nu), t.constant(mu), t.constant(sigma)).value();
    }
}

package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;

/** The Weibull distribution, shape α and scale σ: {@code log α - log σ + (α-1) log(y/σ) - (y/σ)^α}. */
public final class Weibull {
    private Weibull() {
    }

    /** Summed over elements with broadcasting; NaN if some α, σ ≤ 0, -∞ if some y < 0. */
    public static Var lpdf(Var y, Var alpha, Var sigma) {
        if (Args.anyNotPositive(alpha) || Args.anyNotPositive(sigma)) {
            return Args.nan(y);
        }
        if (Support.anyBelow(y, 0.0, false)) {
            return Support.outside(y);
        }
        int n = Args.length(y, alpha, sigma);
        Var logRatio = y.log().sub(sigma.log());
        return Args.sumLog(alpha, n).sub(Args.sumLog(sigma, n))
                .add(alpha.sub(1.0).mul(logRatio).sub(alpha.mul(logRatio).exp()).sum());
    }

    /** {@code log Weibull(y | α, σ)}. */
    public static double lpdf(double y, double alpha, double sigma) {
        Tape t = Tape.create();
        return lpdf(t.constant(y), t.constant(alpha), t.constant(sigma)).value();
    }
}

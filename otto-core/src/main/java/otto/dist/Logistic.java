package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;

/**
 * The logistic distribution with location μ and scale s: with {@code z = (y-μ)/s},
 * {@code log p = -z - log s - 2 log(1 + e^{-z})}.
 */
public final class Logistic {
    private Logistic() {
    }

    /** Summed over elements with broadcasting; NaN if some s ≤ 0. */
    public static Var lpdf(Var y, Var mu, Var s) {
        if (Args.anyNotPositive(s)) {
            return Args.nan(y);
        }
        int n = Args.length(y, mu, s);
        Var z = y.sub(mu).div(s);
        return z.neg().sub(z.neg().log1pExp().mul(2.0)).sum().sub(Args.sumLog(s, n));
    }

    /** {@code log Logistic(y | μ, s)}. */
    public static double lpdf(double y, double mu, double s) {
        Tape t = Tape.create();
        return lpdf(t.constant(y), t.constant(mu), t.constant(s)).value();
    }
}

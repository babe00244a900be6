package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;
import otto.math.SpecialFunctions;

/** The log-normal distribution: {@code log N(log y | μ, σ) - log y}. */
public final class LogNormal {
    private LogNormal() {
    }

    /** Summed over elements with broadcasting; NaN if some σ ≤ 0, -∞ if some y ≤ 0. */
    public static Var lpdf(Var y, Var mu, Var sigma) {
        if (Args.anyNotPositive(sigma)) {
            return Args.nan(y);
        }
        if (Support.anyBelow(y, 0.0, true)) {
            return Support.outside(y);
        }
        int n = Args.length(y, mu, sigma);
        Var logY = y.log();
        Var z = logY.sub(mu).div(sigma);
        return z.square().sum().mul(-0.5).sub(Args.sumLog(sigma, n)).sub(Args.sumOver(logY, n))
                .sub(n * SpecialFunctions.HALF_LOG_TWO_PI);
    }

    /** {@code log LogNormal(y | μ, σ)}. */
    public static double lpdf(double y, double mu, double sigma) {
        Tape t = Tape.create();
        return lpdf(t.constant(y), t.constant(mu), t.constant(sigma)).value();
    }
}

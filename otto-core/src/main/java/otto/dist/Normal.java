package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;
import otto.math.SpecialFunctions;

/** The normal distribution {@code N(μ, σ)}: {@code log p = -½((y-μ)/σ)² - log σ - ½ log 2π}. */
public final class Normal {
    private Normal() {
    }

    /** {@code Σ log N(y_i | μ_i, σ_i)} with broadcasting; NaN if some σ ≤ 0. */
    public static Var lpdf(Var y, Var mu, Var sigma) {
        if (Args.anyNotPositive(sigma)) {
            return Args.nan(y);
        }
        int n = Args.length(y, mu, sigma);
        Var z = y.sub(mu).div(sigma);
        return z.square().sum().mul(-0.5).sub(Args.sumLog(sigma, n)).sub(n * SpecialFunctions.HALF_LOG_TWO_PI);
    }

    /** {@code log N(y | μ, σ)}. */
    public static double lpdf(double y, double mu, double sigma) {
        Tape t = Tape.create();
        return lpdf(t.constant(y), t.constant(mu), t.constant(sigma)).value();
    }
}

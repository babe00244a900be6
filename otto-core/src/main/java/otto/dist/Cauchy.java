package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;
import otto.math.SpecialFunctions;

/** The Cauchy distribution: {@code log p = -log π - log σ - log(1 + ((y-μ)/σ)²)}. */
public final class Cauchy {
    private Cauchy() {
    }

    /** Summed over elements with broadcasting; NaN if some σ ≤ 0. */
    public static Var lpdf(Var y, Var mu, Var sigma) {
        if (Args.anyNotPositive(sigma)) {
            return Args.nan(y);
        }
        int n = Args.length(y, mu, sigma);
        Var z = y.sub(mu).div(sigma);
        return z.square().log1p().sum().neg().sub(Args.sumLog(sigma, n)).sub(n * SpecialFunctions.LOG_PI);
    }

    /** {@code log Cauchy(y | μ, σ)}. */
    public static double lpdf(double y, double mu, double sigma) {
        Tape t = Tape.create();
        return lpdf(t.constant(y), t.constant(mu), t.constant(sigma)).value();
    }
}

package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;

/** The Laplace (double exponential) distribution: {@code log p = -log 2σ - |y-μ|/σ}. */
public final class DoubleExponential {
    private DoubleExponential() {
    }

    /** Summed over elements with broadcasting; NaN if some σ ≤ 0. */
    public static Var lpdf(Var y, Var mu, Var sigma) {
        if (Args.anyNotPositive(sigma)) {
            return Args.nan(y);
        }
        int n = Args.length(y, mu, sigma);
        return y.sub(mu).abs().div(sigma).sum().neg().sub(Args.sumLog(sigma, n)).sub(n * Math.log(2.0));
    }

    /** {@code log DoubleExponential(y | μ, σ)}. */
    public static double lpdf(double y, double mu, double sigma) {
        Tape t = Tape.create();
        return lpdf(t.constant(y), t.constant(mu), t.constant(sigma)).value();
    }
}

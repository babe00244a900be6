package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;
import otto.math.SpecialFunctions;

/** The Poisson distribution on the log scale: {@code kα - e^α - log k!}. */
public final class PoissonLog {
    private PoissonLog() {
    }

    /** Summed over elements with broadcasting; -∞ if some k < 0. */
    public static Var lpmf(int[] k, Var alpha) {
        double c = 0.0;
        for (int v : k) {
            if (v < 0) {
                return Support.outside(alpha);
            }
            c += SpecialFunctions.lgamma(v + 1.0);
        }
        Var kv = alpha.tape().constant(Args.toDouble(k));
        int n = Math.max(k.length, alpha.size());
        Var expAlpha = alpha.exp();
        return alpha.mul(kv).sum().sub(Args.sumOver(expAlpha, n)).sub(c);
    }

    /** {@code log PoissonLog(k | α)}. */
    public static double lpmf(int k, double alpha) {
        return lpmf(new int[] {k}, Tape.create().constant(alpha)).value();
    }
}

package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;

/**
 * The Bernoulli distribution on the logit scale: {@code log p(y | α) = -log(1 + e^{-sα})} with
 * {@code s = 2y - 1}, accurate in both tails.
 */
public final class BernoulliLogit {
    private BernoulliLogit() {
    }

    /** Summed over elements with broadcasting; -∞ if some y is not 0 or 1. */
    public static Var lpmf(int[] y, Var alpha) {
        double[] sign = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            if (y[i] != 0 && y[i] != 1) {
                return Support.outside(alpha);
            }
            sign[i] = 2.0 * y[i] - 1.0;
        }
        Var s = alpha.tape().constant(sign);
        return alpha.mul(s).neg().log1pExp().sum().neg();
    }

    /** {@code log BernoulliLogit(y | α)}. */
    public static double lpmf(int y, double alpha) {
        return lpmf(new int[] {y}, Tape.create().constant(alpha)).value();
    }
}

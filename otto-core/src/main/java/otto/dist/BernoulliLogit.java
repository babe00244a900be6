package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;

/**
 * The Bernoulli distribution on the logit scale, {@code bernoulli_logit(α)} with
 * {@code P(y = 1) = logit⁻¹(α)}:
 * <pre>  log p(y | α) = -log(1 + e^{-s α}),   s = 2y - 1,</pre>
 * evaluated as {@code -log1p(e^{x})} or {@code -x - log1p(e^{-x})} for {@code x = -sα}, so both
 * tails keep full relative precision (e.g. {@code log p(0 | -40) = -4.248e-18}).
 */
public final class BernoulliLogit {
    private BernoulliLogit() {
    }

    /**
     * {@code Σ_i log bernoulli_logit(y_i | α_i)} with broadcasting, where
     * {@code log bernoulli_logit(y | α) = y log logit⁻¹(α) + (1-y) log(1 - logit⁻¹(α))
     * = -log(1 + e^{-(2y-1)α})}. A scalar α over many outcomes costs O(1) tape work.
     *
     * @param y     the outcomes, each 0 or 1 (length 1 or n)
     * @param alpha the log-odds (not NaN; length 1 or n)
     * @return the summed log mass; NaN if some α is NaN, else -∞ if some y is not 0 or 1
     */
    public static Var lpmf(int[] y, Var alpha) {
        int n = Args.broadcast(y.length, alpha.size());
        for (int i = 0; i < alpha.size(); i++) {
            if (Double.isNaN(alpha.value(i))) {
                return Check.invalid(alpha);
            }
        }
        int ones = 0;
        for (int v : y) {
            if (v != 0 && v != 1) {
                return Check.outside(alpha);
            }
            ones += v;
        }
        if (alpha.size() == 1) {
            int zeros = y.length - ones;
            int scale = y.length == 1 ? n : 1;
            Var lp = null;
            if (ones > 0) {
                lp = alpha.logInvLogit().mul((double) ones * scale);
            }
            if (zeros > 0) {
                Var l0 = alpha.log1mInvLogit().mul((double) zeros * scale);
                lp = lp == null ? l0 : lp.add(l0);
            }
            return lp == null ? alpha.tape().constant(0.0) : lp;
        }
        double[] minusSign = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            minusSign[i] = 1.0 - 2.0 * y[i];
        }
        return alpha.mul(minusSign).log1pExp().sum().neg();
    }

    /**
     * {@code log bernoulli_logit(y | α) = -log(1 + e^{-(2y-1)α})}.
     *
     * @param y the outcome, 0 or 1
     * @param alpha the log-odds
     * @return the log mass; -∞ if y is not 0 or 1
     */
    public static double lpmf(int y, double alpha) {
        return lpmf(new int[] {y}, Tape.create().constant(alpha)).value();
    }
}

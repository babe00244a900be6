package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;
import otto.math.SpecialFunctions;

/**
 * The binomial distribution on the logit scale, {@code binomial_logit(N, α)}: n successes in N
 * trials with success probability {@code logit⁻¹(α)},
 * <pre>  log p(n | N, α) = log C(N, n) + n log logit⁻¹(α) + (N - n) log(1 - logit⁻¹(α)),</pre>
 * with {@code log logit⁻¹(α) = -log(1 + e^{-α})} and {@code log(1 - logit⁻¹(α)) = -log(1 + e^{α})}
 * evaluated stably in both tails.
 */
public final class BinomialLogit {
    private BinomialLogit() {
    }

    /**
     * {@code Σ_i log binomial_logit(n_i | N_i, α_i)} with broadcasting, where
     * {@code log binomial_logit(n | N, α) = log C(N, n) + n log logit⁻¹(α) + (N-n) log(1 - logit⁻¹(α))}.
     *
     * @param successes the counts of successes {@code n} (length 1 or m)
     * @param trials    the numbers of trials {@code N ≥ 0} (length 1 or m)
     * @param alpha     the log-odds of success (finite; length 1 or m)
     * @return the summed log mass; NaN if some α is not finite, else -∞ if some n is outside
     *         {@code [0, N]}
     */
    public static Var lpmf(int[] successes, int[] trials, Var alpha) {
        int m = Args.broadcast(Args.broadcast(successes.length, trials.length), alpha.size());
        if (!Check.finite(alpha)) {
            return Check.invalid(alpha);
        }
        double c = 0.0;
        double[] s = new double[m];
        double[] f = new double[m];
        double sumS = 0.0;
        double sumF = 0.0;
        for (int i = 0; i < m; i++) {
            int k = successes[successes.length == 1 ? 0 : i];
            int trialCount = trials[trials.length == 1 ? 0 : i];
            if (k < 0 || k > trialCount) {
                return Check.outside(alpha);
            }
            c += SpecialFunctions.logChoose(trialCount, k);
            s[i] = k;
            f[i] = trialCount - k;
            sumS += s[i];
            sumF += f[i];
        }
        Var lp;
        if (alpha.size() == 1) {
            lp = alpha.logInvLogit().mul(sumS).add(alpha.log1mInvLogit().mul(sumF));
        } else {
            lp = alpha.logInvLogit().mul(s).add(alpha.log1mInvLogit().mul(f)).sum();
        }
        return lp.add(c);
    }

    /**
     * {@code log binomial_logit(n | N, α) = log C(N, n) + n log logit⁻¹(α) + (N-n) log(1 - logit⁻¹(α))}.
     *
     * @param successes the number of successes
     * @param trials the number of trials
     * @param alpha the log-odds of success
     * @return the log mass; NaN for a non-finite α, -∞ for n outside {@code [0, N]}
     */
    public static double lpmf(int successes, int trials, double alpha) {
        return lpmf(new int[] {successes}, new int[] {trials}, Tape.create().constant(alpha)).value();
    }
}

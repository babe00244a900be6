package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;
import otto.math.SpecialFunctions;

/**
 * The binomial distribution on the logit scale: {@code log C(N, n) + n log logit⁻¹(α)
 * + (N - n) log(1 - logit⁻¹(α))}.
 */
public final class BinomialLogit {
    private BinomialLogit() {
    }

    /** Summed over elements with broadcasting; -∞ if some n is outside {@code [0, N]}. */
    public static Var lpmf(int[] successes, int[] trials, Var alpha) {
        if (successes.length != trials.length) {
            throw new IllegalArgumentException("successes and trials have lengths " + successes.length + " and " + trials.length);
        }
        double c = 0.0;
        double[] n = new double[successes.length];
        double[] f = new double[successes.length];
        for (int i = 0; i < successes.length; i++) {
            if (successes[i] < 0 || successes[i] > trials[i]) {
                return Support.outside(alpha);
            }
            c += SpecialFunctions.logChoose(trials[i], successes[i]);
            n[i] = successes[i];
            f[i] = trials[i] - successes[i];
        }
        Tape t = alpha.tape();
        return alpha.logInvLogit().mul(t.constant(n)).add(alpha.log1mInvLogit().mul(t.constant(f))).sum().add(c);
    }

    /** {@code log BinomialLogit(n | N, α)}. */
    public static double lpmf(int successes, int trials, double alpha) {
        return lpmf(new int[] {successes}, new int[] {trials}, Tape.create().constant(alpha)).value();
    }
}

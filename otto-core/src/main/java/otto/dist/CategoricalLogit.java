package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;

/** The categorical distribution with logits β (K of them): {@code β_y - log Σ_k e^{β_k}}; y is 1-based. */
public final class CategoricalLogit {
    private CategoricalLogit() {
    }

    /** Summed over the outcomes {@code y}; -∞ if some y is outside {@code 1..K}. */
    public static Var lpmf(int[] y, Var beta) {
        int[] index = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 1 || y[i] > beta.size()) {
                return Support.outside(beta);
            }
            index[i] = y[i] - 1;
        }
        return beta.gather(index).sum().sub(beta.logSumExp().mul(y.length));
    }

    /** {@code log CategoricalLogit(y | β)}. */
    public static double lpmf(int y, double[] beta) {
        return lpmf(new int[] {y}, Tape.create().constant(beta)).value();
    }
}

package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;

/**
 * The categorical distribution with logits β, {@code categorical_logit(β)}: outcome
 * {@code y ∈ 1..K} (1-based, as in Stan) with probability {@code softmax(β)_y},
 * <pre>  log p(y | β) = β_y - log Σ_{k=1}^{K} e^{β_k}.</pre>
 */
public final class CategoricalLogit {
    private CategoricalLogit() {
    }

    /**
     * {@code Σ_i log categorical_logit(y_i | β) = Σ_i β_{y_i} - n log Σ_k e^{β_k}}.
     *
     * @param y    the outcomes, each in {@code 1..K}
     * @param beta the K logits (finite)
     * @return the summed log mass; NaN if some β is not finite, else -∞ if some y is outside
     *         {@code 1..K}
     */
    public static Var lpmf(int[] y, Var beta) {
        if (!Check.finite(beta)) {
            return Check.invalid(beta);
        }
        int[] index = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 1 || y[i] > beta.size()) {
                return Check.outside(beta);
            }
            index[i] = y[i] - 1;
        }
        if (y.length == 0) {
            return beta.tape().constant(0.0);
        }
        return beta.gather(index).sum().sub(beta.logSumExp().mul(y.length));
    }

    /**
     * {@code log categorical_logit(y | β) = β_y - log Σ_k e^{β_k}}.
     *
     * @param y the outcome in 1..K
     * @param beta the K logits
     * @return the log mass; -∞ for y outside {@code 1..K}
     */
    public static double lpmf(int y, double[] beta) {
        return lpmf(new int[] {y}, Tape.create().constant(beta)).value();
    }
}

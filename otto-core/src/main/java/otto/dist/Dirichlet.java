package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;

/**
 * The Dirichlet distribution {@code dirichlet(α)} on the simplex of dimension K:
 * <pre>  log p(θ | α) = log Γ(Σ_k α_k) - Σ_k log Γ(α_k) + Σ_k (α_k - 1) log θ_k.</pre>
 * A zero coordinate contributes its limit (0 where {@code α_k = 1}).
 */
public final class Dirichlet {
    private Dirichlet() {
    }

    /**
     * {@code log dirichlet(θ | α) = log Γ(Σα) - Σ log Γ(α) + Σ (α - 1) log θ} for one simplex θ.
     *
     * @param theta the point: K non-negative values summing to 1 (to 1e-8, as Stan checks)
     * @param alpha the K concentrations (positive, finite)
     * @return the log density; NaN for an invalid α, else -∞ if θ is not in the simplex
     * @throws IllegalArgumentException if the sizes differ
     */
    public static Var lpdf(Var theta, Var alpha) {
        if (alpha.size() != theta.size()) {
            throw new IllegalArgumentException("alpha has " + alpha.size() + " values, theta " + theta.size());
        }
        if (!Check.positiveFinite(alpha)) {
            return Check.invalid(theta);
        }
        double sum = 0.0;
        for (int i = 0; i < theta.size(); i++) {
            sum += theta.value(i);
        }
        if (Check.anyBelow(theta, 0.0, false) || !(Math.abs(sum - 1.0) <= Check.TOLERANCE)) {
            return Check.outside(theta);
        }
        return alpha.sum().lgamma().sub(alpha.lgamma().sum()).add(Args.mulLog(alpha.sub(1.0), theta).sum());
    }

    /**
     * {@code log dirichlet(θ | α) = log Γ(Σα) - Σ log Γ(α) + Σ (α - 1) log θ}.
     *
     * @param theta the point on the simplex
     * @param alpha the K concentrations
     * @return the log density; NaN for an invalid α, -∞ for θ outside the simplex
     */
    public static double lpdf(double[] theta, double[] alpha) {
        Tape t = Tape.create();
        return lpdf(t.constant(theta), t.constant(alpha)).value();
    }
}

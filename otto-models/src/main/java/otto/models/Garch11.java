package otto.models;

import otto.ad.Var;
import otto.dist.Normal;
import otto.model.Bound;
import otto.model.Constraint;
import otto.model.Declarations;
import otto.model.Model;
import otto.model.Params;

/**
 * GARCH(1,1) (posteriordb {@code garch11}): {@code σ_1} given,
 * {@code σ_t² = α₀ + α₁ (y_{t-1} - μ)² + β₁ σ_{t-1}²}, {@code y_t ~ N(μ, σ_t)}; flat priors,
 * {@code α₀ > 0}, {@code 0 < α₁ < 1}, {@code 0 < β₁ < 1 - α₁} (a bound on an earlier parameter).
 */
final class Garch11 extends Model {
    private final double[] y;
    private final double sigma1;

    Garch11(StanData data) {
        super("garch11");
        int t = Checks.positive(data, "T");
        this.y = data.vector("y", "T");
        this.sigma1 = Checks.positiveReal(data, "sigma1", data.real("sigma1"));
    }

    @Override
    protected void declare(Declarations d) {
        d.real("mu").lower("alpha0", 0).interval("alpha1", 0, 1)
                .parameter("beta1", Constraint.interval(Bound.of(0), p -> p.get("alpha1").rsub(1.0)));
    }

    @Override
    protected Var logDensity(Params p) {
        var t = p.tape();
        Var mu = p.get("mu");
        Var alpha0 = p.get("alpha0");
        Var alpha1 = p.get("alpha1");
        Var beta1 = p.get("beta1");
        Var[] sigma = new Var[y.length];
        sigma[0] = t.constant(sigma1);
        Var variance = t.constant(sigma1 * sigma1);
        for (int i = 1; i < y.length; i++) {
            Var shock = mu.rsub(y[i - 1]).square();
            variance = alpha0.add(alpha1.mul(shock)).add(beta1.mul(variance));
            sigma[i] = variance.sqrt();
        }
        return Normal.lpdf(t.constant(y), mu, Var.concat(sigma));
    }
}

package otto.models;

import otto.ad.Var;
import otto.dist.Beta;
import otto.dist.Normal;
import otto.math.SpecialFunctions;
import otto.model.Declarations;
import otto.model.Model;
import otto.model.Params;

/**
 * A two-component normal mixture (posteriordb {@code low_dim_gauss_mix}):
 * {@code y_n ~ θ N(μ₁, σ₁) + (1-θ) N(μ₂, σ₂)}, {@code μ} ordered, {@code μ ~ N(0,2)},
 * {@code σ ~ N(0,2)}, {@code σ > 0}, {@code θ ~ Beta(5,5)}.
 */
final class LowDimGaussMix extends Model {
    private final double[] y;

    LowDimGaussMix(StanData data) {
        super("low_dim_gauss_mix");
        int n = Checks.positive(data, "N");
        this.y = data.vector("y", "N");
    }

    @Override
    protected void declare(Declarations d) {
        d.ordered("mu", 2).lower("sigma", 0, 2).interval("theta", 0, 1);
    }

    @Override
    protected Var logDensity(Params p) {
        var t = p.tape();
        Var mu = p.get("mu");
        Var sigma = p.get("sigma");
        Var theta = p.get("theta");
        Var data = t.constant(y);
        Var first = componentLogDensities(data, mu.get(0), sigma.get(0)).add(theta.log());
        Var second = componentLogDensities(data, mu.get(1), sigma.get(1)).add(theta.log1m());
        return first.logAddExp(second).sum()
                .add(Normal.lpdf(sigma, t.constant(0.0), t.constant(2.0)))
                .add(Normal.lpdf(mu, t.constant(0.0), t.constant(2.0)))
                .add(Beta.lpdf(theta, t.constant(5.0), t.constant(5.0)));
    }

    /** Elementwise {@code log N(y_n | μ, σ)}. */
    private static Var componentLogDensities(Var y, Var mu, Var sigma) {
        return y.sub(mu).div(sigma).square().mul(-0.5).sub(sigma.log()).sub(SpecialFunctions.HALF_LOG_TWO_PI);
    }
}

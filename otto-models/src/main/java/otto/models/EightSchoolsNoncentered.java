package otto.models;

import otto.ad.Var;
import otto.dist.Cauchy;
import otto.dist.Normal;
import otto.model.Declarations;
import otto.model.Model;
import otto.model.Params;

/**
 * Eight schools, non-centred (posteriordb {@code eight_schools_noncentered}):
 * {@code θ̃_j ~ N(0,1)}, {@code θ = μ + τ θ̃}, {@code y_j ~ N(θ_j, σ_j)}, {@code μ ~ N(0,5)},
 * {@code τ ~ Cauchy(0,5)}, {@code τ > 0}. Reports {@code theta}.
 */
final class EightSchoolsNoncentered extends Model {
    private final int j;
    private final double[] y;
    private final double[] sigma;

    EightSchoolsNoncentered(StanData data) {
        super("eight_schools_noncentered");
        this.j = Checks.positive(data, "J");
        this.y = data.vector("y", "J");
        this.sigma = Checks.allPositive(data, "sigma", data.vector("sigma", "J"));
    }

    @Override
    protected void declare(Declarations d) {
        d.real("theta_trans", j).real("mu").lower("tau", 0).transformed("theta", j);
    }

    @Override
    protected void transform(Params p) {
        p.define("theta", p.get("theta_trans").mul(p.get("tau")).add(p.get("mu")));
    }

    @Override
    protected Var logDensity(Params p) {
        var t = p.tape();
        return Normal.lpdf(p.get("theta_trans"), t.constant(0.0), t.constant(1.0))
                .add(Normal.lpdf(t.constant(y), p.get("theta"), t.constant(sigma)))
                .add(Normal.lpdf(p.get("mu"), t.constant(0.0), t.constant(5.0)))
                .add(Cauchy.lpdf(p.get("tau"), t.constant(0.0), t.constant(5.0)));
    }
}

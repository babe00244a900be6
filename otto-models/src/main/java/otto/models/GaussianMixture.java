package otto.models;

import otto.ad.Var;
import otto.math.SpecialFunctions;
import otto.model.Declarations;
import otto.model.Model;
import otto.model.Params;

/**
 * Two well-separated modes in {@code D} dimensions: {@code ½ N(-m·1, I) + ½ N(m·1, I)} with
 * separation {@code m} (field {@code separation}, default 4), {@code D} default 2, parameter
 * {@code x}. Exactly: normalised ({@code log Z = 0}), mean 0, covariance {@code I + m² 11ᵀ},
 * each mode holding mass ½.
 */
final class GaussianMixture extends Model {
    private final int d;
    private final double m;

    GaussianMixture(StanData data) {
        super("gaussian_mixture");
        this.d = data.has("D") ? Checks.dimension(data, "D") : 2;
        this.m = data.real("separation", 4.0);
    }

    @Override
    protected void declare(Declarations decl) {
        decl.real("x", d);
    }

    @Override
    protected Var logDensity(Params p) {
        Var x = p.get("x");
        double c = Math.log(0.5) - d * SpecialFunctions.HALF_LOG_TWO_PI;
        Var left = x.add(m).square().sum().mul(-0.5).add(c);
        Var right = x.sub(m).square().sum().mul(-0.5).add(c);
        return left.logAddExp(right);
    }
}

package otto.models;

import otto.ad.Var;
import otto.dist.Normal;
import otto.model.Declarations;
import otto.model.Model;
import otto.model.Params;

/**
 * The standard normal in {@code D} dimensions (default 2), parameter {@code x}: exactly mean 0,
 * covariance {@code I}, normalised ({@code log Z = 0}).
 */
final class StdNormal extends Model {
    private final int d;

    StdNormal(StanData data) {
        super("std_normal");
        this.d = data.has("D") ? Checks.dimension(data, "D") : 2;
    }

    @Override
    protected void declare(Declarations decl) {
        decl.real("x", d);
    }

    @Override
    protected Var logDensity(Params p) {
        var t = p.tape();
        return Normal.lpdf(p.get("x"), t.constant(0.0), t.constant(1.0));
    }
}

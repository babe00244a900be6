package otto.models;

import otto.ad.Var;
import otto.dist.Normal;
import otto.model.Declarations;
import otto.model.Model;
import otto.model.Params;

/**
 * Neal's funnel in {@code D} dimensions: {@code v ~ N(0, 3)}, {@code x_i ~ N(0, e^{v/2})} for
 * {@code i = 1..D-1}; normalised ({@code log Z = 0}). Exactly: mean 0, {@code Var v = 9},
 * {@code Var x_i = E e^v = e^{9/2} ≈ 90.0}, all covariances 0 (yet strongly dependent: the
 * scale of {@code x} is set by {@code v}). Parameters {@code v}, then {@code x} ({@code D-1}).
 */
final class Funnel extends Model {
    private final int d;

    Funnel(StanData data) {
        super("funnel");
        this.d = data.has("D") ? Checks.dimension(data, "D") : 10;
        if (d < 2) {
            throw new DataException(data.source() + ": field 'D' must be at least 2 for a funnel, got " + d);
        }
    }

    @Override
    protected void declare(Declarations decl) {
        decl.real("v").real("x", d - 1);
    }

    @Override
    protected Var logDensity(Params p) {
        var t = p.tape();
        Var v = p.get("v");
        return Normal.lpdf(v, t.constant(0.0), t.constant(3.0))
                .add(Normal.lpdf(p.get("x"), t.constant(0.0), v.mul(0.5).exp()));
    }
}

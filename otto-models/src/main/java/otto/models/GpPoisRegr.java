package otto.models;

import otto.ad.LinearAlgebra;
import otto.ad.Var;
import otto.dist.Gamma;
import otto.dist.Normal;
import otto.dist.PoissonLog;
import otto.model.Declarations;
import otto.model.Model;
import otto.model.Params;

/**
 * A latent Gaussian process with Poisson counts (posteriordb {@code gp_pois_regr}): squared-
 * exponential kernel {@code α² exp(-(x - x')²/(2ρ²))} plus jitter 1e-10, non-centred
 * {@code f = L f̃} with {@code L} the Cholesky factor of the kernel matrix, {@code f̃ ~ N(0,1)},
 * {@code k ~ Poisson(exp f)}, {@code ρ ~ Gamma(25, 4)}, {@code α ~ N(0, 2)}, {@code ρ, α > 0}.
 * Reports {@code f}.
 */
final class GpPoisRegr extends Model {
    private static final double JITTER = 1e-10;
    private final int n;
    private final int[] k;
    private final double[] squaredDistance;
    private final double[] jitter;

    GpPoisRegr(StanData data) {
        super("gp_pois_regr");
        this.n = Checks.positive(data, "N");
        double[] x = data.vector("x", "N");
        this.k = data.integers("k", "N");
        for (int i = 0; i < n; i++) {
            if (k[i] < 0) {
                throw new DataException(data.source() + ": field 'k[" + (i + 1) + "]' must be a non-negative count, got " + k[i]);
            }
        }
        int cells = Checks.cells(data, "the covariance of the N points (twice)", 2L * n, n) / 2;
        squaredDistance = new double[cells];
        jitter = new double[cells];
        for (int i = 0; i < n; i++) {
            jitter[i * n + i] = JITTER;
            for (int j = 0; j < n; j++) {
                double dx = x[i] - x[j];
                squaredDistance[i * n + j] = dx * dx;
            }
        }
    }

    @Override
    protected void declare(Declarations d) {
        d.lower("rho", 0).lower("alpha", 0).real("f_tilde", n).transformed("f", n);
    }

    @Override
    protected void transform(Params p) {
        var t = p.tape();
        Var rho = p.get("rho");
        Var alpha = p.get("alpha");
        Var kernel = t.constant(squaredDistance).div(rho.square().mul(-2.0)).exp().mul(alpha.square())
                .add(t.constant(jitter));
        Var l = LinearAlgebra.cholesky(kernel, n);
        p.define("f", LinearAlgebra.multiply(l, n, n, p.get("f_tilde")));
    }

    @Override
    protected Var logDensity(Params p) {
        var t = p.tape();
        return Gamma.lpdf(p.get("rho"), t.constant(25.0), t.constant(4.0))
                .add(Normal.lpdf(p.get("alpha"), t.constant(0.0), t.constant(2.0)))
                .add(Normal.lpdf(p.get("f_tilde"), t.constant(0.0), t.constant(1.0)))
                .add(PoissonLog.lpmf(k, p.get("f")));
    }
}

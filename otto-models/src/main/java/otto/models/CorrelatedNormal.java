package otto.models;

import otto.ad.Var;
import otto.math.SpecialFunctions;
import otto.model.Declarations;
import otto.model.Model;
import otto.model.Params;

/**
 * A zero-mean normal in {@code D} dimensions with unit variances and every pairwise correlation
 * {@code rho} ({@code -1/(D-1) < rho < 1}); normalised, so {@code log Z = 0}. The covariance
 * {@code (1-ρ)I + ρ11ᵀ} has eigenvalues {@code 1 + (D-1)ρ} (once) and {@code 1 - ρ}.
 */
final class CorrelatedNormal extends Model {
    private final int d;
    private final double rho;
    private final double c;
    private final double logNormaliser;

    CorrelatedNormal(StanData data) {
        super("correlated_normal");
        this.d = data.has("D") ? Checks.dimension(data, "D") : 2;
        double rho = data.real("rho", 0.9);
        if (!(rho < 1.0 && rho > -1.0 / Math.max(1, d - 1))) {
            throw new DataException(data.source() + ": field 'rho' = " + rho + " must lie in (-1/(D-1), 1) for a valid correlation matrix");
        }
        // (1-ρ)I + ρ11ᵀ in closed form, O(D) for any D: its inverse is (I - c11ᵀ)/(1-ρ) with
        // c = ρ/(1 + (D-1)ρ), its log-determinant (D-1) log(1-ρ) + log(1 + (D-1)ρ)
        this.rho = rho;
        this.c = rho / (1 + (d - 1) * rho);
        double logDet = (d - 1) * Math.log1p(-rho) + Math.log1p((d - 1) * rho);
        this.logNormaliser = -0.5 * logDet - d * SpecialFunctions.HALF_LOG_TWO_PI;
    }

    @Override
    protected void declare(Declarations decl) {
        decl.real("x", d);
    }

    @Override
    protected Var logDensity(Params p) {
        Var x = p.get("x");
        return x.dot(x).sub(x.sum().square().mul(c)).mul(-0.5 / (1 - rho)).add(logNormaliser);
    }
}

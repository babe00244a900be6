package otto.models;

import otto.ad.Matrix;
import otto.ad.Var;
import otto.math.Dense;
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
    private final Matrix precision;
    private final double logNormaliser;

    CorrelatedNormal(StanData data) {
        super("correlated_normal");
        this.d = data.has("D") ? Checks.positive(data, "D") : 2;
        double rho = data.real("rho", 0.9);
        if (!(rho < 1.0 && rho > -1.0 / Math.max(1, d - 1))) {
            throw new DataException(data.source() + ": field 'rho' = " + rho + " must lie in (-1/(D-1), 1) for a valid correlation matrix");
        }
        double[] cov = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                cov[i * d + j] = i == j ? 1.0 : rho;
            }
        }
        double[] l = Dense.cholesky(cov, d);
        this.precision = new Matrix(d, d, Dense.inverseFromCholesky(l, d));
        this.logNormaliser = -0.5 * Dense.logDeterminantFromCholesky(l, d) - d * SpecialFunctions.HALF_LOG_TWO_PI;
    }

    @Override
    protected void declare(Declarations decl) {
        decl.real("x", d);
    }

    @Override
    protected Var logDensity(Params p) {
        Var x = p.get("x");
        return x.dot(precision.times(x)).mul(-0.5).add(logNormaliser);
    }
}

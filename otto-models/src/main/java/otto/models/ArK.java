package otto.models;

import otto.ad.Matrix;
import otto.ad.Var;
import otto.dist.Cauchy;
import otto.dist.Normal;
import otto.model.Declarations;
import otto.model.Model;
import otto.model.Params;

/**
 * Autoregression of order K (posteriordb {@code arK}): {@code y_t ~ N(α + Σ_k β_k y_{t-k}, σ)} for
 * {@code t > K}; {@code α, β_k ~ N(0,10)}, {@code σ ~ Cauchy(0,2.5)}, {@code σ > 0}.
 */
final class ArK extends Model {
    private final int k;
    private final double[] response;
    private final Matrix lags;

    ArK(StanData data) {
        super("arK");
        this.k = Checks.nonNegative(data, "K");
        int t = Checks.nonNegative(data, "T");
        double[] y = data.vector("y", "T");
        if (t <= k) {
            throw new DataException(data.source() + ": field 'T' = " + t + " leaves no observation after the first K = " + k);
        }
        int n = t - k;
        response = new double[n];
        double[] m = new double[Checks.cells(data, "the K lags of the T - K observations", n, Math.max(k, 1))];
        for (int i = 0; i < n; i++) {
            response[i] = y[k + i];
            for (int j = 0; j < k; j++) {
                m[i * k + j] = y[k + i - j - 1];
            }
        }
        lags = new Matrix(n, k, k == 0 ? new double[0] : m);
    }

    @Override
    protected void declare(Declarations d) {
        d.real("alpha").real("beta", k).lower("sigma", 0);
    }

    @Override
    protected Var logDensity(Params p) {
        var t = p.tape();
        Var alpha = p.get("alpha");
        Var beta = p.get("beta");
        Var sigma = p.get("sigma");
        Var mu = k == 0 ? alpha : lags.times(beta).add(alpha);
        Var lp = Normal.lpdf(alpha, t.constant(0.0), t.constant(10.0))
                .add(Cauchy.lpdf(sigma, t.constant(0.0), t.constant(2.5)))
                .add(Normal.lpdf(t.constant(response), mu, sigma));
        if (k > 0) {
            lp = lp.add(Normal.lpdf(beta, t.constant(0.0), t.constant(10.0)));
        }
        return lp;
    }
}

package otto.models;

import otto.ad.Var;
import otto.dist.PoissonLog;
import otto.math.GlmKernel;
import otto.math.SpecialFunctions;

/**
 * Poisson regression: {@code y ~ poisson_log(X β)}, {@code β ~ normal(0, prior_scale)} (default
 * 10); data {@code N, K, X (N × K), y} (non-negative counts), no intercept added.
 */
final class PoissonRegression extends Glm {
    private final int[] y;
    private final double logFactorials;

    PoissonRegression(StanData data) {
        super("poisson_regression", data, GlmKernel.Family.POISSON_LOG, data.integers("y", "N"));
        this.y = data.integers("y", "N");
        double c = 0.0;
        for (int i = 0; i < n; i++) {
            if (y[i] < 0) {
                throw new DataException(data.source() + ": field 'y[" + (i + 1) + "]' must be a non-negative count, got " + y[i]);
            }
            c += SpecialFunctions.lgamma(y[i] + 1.0);
        }
        this.logFactorials = c;
    }

    @Override
    double logLikelihoodConstant() {
        return -logFactorials;
    }

    @Override
    Var logLikelihood(Var eta) {
        return PoissonLog.lpmf(y, eta);
    }

    @Override
    double logLikelihood(double[] eta, int offset, double[] first, double[] weight) {
        double s = -logFactorials;
        for (int i = 0; i < n; i++) {
            double e = eta[offset + i];
            double mu = Math.exp(e);
            s += y[i] * e - mu;
            if (first != null) {
                first[i] = y[i] - mu;
            }
            if (weight != null) {
                weight[i] = mu;
            }
        }
        return s;
    }
}

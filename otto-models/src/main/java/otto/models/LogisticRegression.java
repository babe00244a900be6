package otto.models;

import otto.ad.Var;
import otto.dist.BernoulliLogit;
import otto.math.GlmKernel;
import otto.math.SpecialFunctions;

/**
 * Logistic regression: {@code y ~ bernoulli_logit(X β)}, {@code β ~ normal(0, prior_scale)}
 * (default 10); data {@code N, K, X (N × K), y ∈ {0, 1}}, no intercept added.
 */
final class LogisticRegression extends Glm {
    private final int[] y;
    private final double[] sign;

    LogisticRegression(StanData data) {
        super("logistic_regression", data, GlmKernel.Family.BERNOULLI_LOGIT, data.integers("y", "N"));
        this.y = data.integers("y", "N");
        this.sign = new double[n];
        for (int i = 0; i < n; i++) {
            if (y[i] != 0 && y[i] != 1) {
                throw new DataException(data.source() + ": field 'y[" + (i + 1) + "]' must be 0 or 1, got " + y[i]);
            }
            sign[i] = 2.0 * y[i] - 1.0;
        }
    }

    @Override
    Var logLikelihood(Var eta) {
        return BernoulliLogit.lpmf(y, eta);
    }

    @Override
    double logLikelihood(double[] eta, int offset, double[] first, double[] weight) {
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            double e = eta[offset + i];
            s -= SpecialFunctions.log1pExp(-sign[i] * e);
            if (first != null || weight != null) {
                double p = SpecialFunctions.invLogit(e);
                if (first != null) {
                    first[i] = y[i] - p;
                }
                if (weight != null) {
                    weight[i] = p * (1.0 - p);
                }
            }
        }
        return s;
    }
}

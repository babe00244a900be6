package otto.models;

import otto.ad.Matrix;
import otto.ad.Var;
import otto.dist.Normal;
import otto.math.Dense;
import otto.math.SpecialFunctions;
import otto.model.Declarations;
import otto.model.Model;
import otto.model.Params;

/**
 * A generalised linear model with linear predictor {@code η = X β} (no intercept added) and
 * prior {@code β ~ normal(0, prior_scale)}. The tape gives the reference density; plain-array
 * overrides evaluate many points at once with two matrix products ({@code H = B Xᵀ} for the
 * predictors of all points, {@code G = D X} for the gradients) and give the closed-form Hessian
 * {@code -Xᵀ diag(w) X - I/s²}. Both paths give the same numbers (tested).
 */
abstract class Glm extends Model {
    final int n;
    final int k;
    final double[] x;
    final double[] xt;
    final Matrix design;
    final double priorScale;

    Glm(String name, StanData data) {
        super(name);
        this.n = Checks.nonNegative(data, "N");
        this.k = Checks.positive(data, "K");
        this.x = data.matrix("X", "N", "K");
        this.xt = Dense.transpose(x, n, k);
        this.design = new Matrix(n, k, x);
        this.priorScale = Checks.positiveReal(data, "prior_scale", data.real("prior_scale", 10.0));
    }

    /** The log likelihood as a function of the linear predictor, on the tape. */
    abstract Var logLikelihood(Var eta);

    /**
     * The log likelihood at {@code eta}, with {@code ∂/∂η} written into {@code first} and
     * {@code -∂²/∂η²} into {@code weight} (each when non-null).
     */
    abstract double logLikelihood(double[] eta, int offset, double[] first, double[] weight);

    @Override
    protected void declare(Declarations d) {
        d.real("beta", k);
    }

    @Override
    protected Var logDensity(Params p) {
        var t = p.tape();
        Var beta = p.get("beta");
        return logLikelihood(design.times(beta)).add(Normal.lpdf(beta, t.constant(0.0), t.constant(priorScale)));
    }

    @Override
    public double logDensity(double[] beta, double[] gradient) {
        if (beta.length != k) {
            throw new IllegalArgumentException("model " + name() + " has dimension " + k + ", got a point of size " + beta.length);
        }
        double[] lp = new double[1];
        logDensities(beta, 1, lp, gradient);
        return lp[0];
    }

    /**
     * All points at once, a block of points at a time: {@code H = B Xᵀ} gives every point's linear
     * predictor, the likelihood's derivatives in {@code η} fill {@code D}, and {@code D X} gives the
     * gradients; the prior is added in closed form.
     */
    @Override
    public void logDensities(double[] points, int count, double[] logDensities, double[] gradients) {
        int chunk = Batches.chunk(n);
        double inv = 1.0 / (priorScale * priorScale);
        double priorConstant = -k * (Math.log(priorScale) + SpecialFunctions.HALF_LOG_TWO_PI);
        double[] dEta = gradients == null ? null : new double[n];
        for (int c0 = 0; c0 < count; c0 += chunk) {
            int m = Math.min(chunk, count - c0);
            double[] block = java.util.Arrays.copyOfRange(points, c0 * k, (c0 + m) * k);
            double[] eta = Dense.multiply(block, xt, m, k, n);               // m × n
            for (int c = 0; c < m; c++) {
                double sq = 0.0;
                for (int j = 0; j < k; j++) {
                    double b = block[c * k + j];
                    sq += b * b;
                }
                double ll = logLikelihood(eta, c * n, dEta, null);
                if (dEta != null) {
                    System.arraycopy(dEta, 0, eta, c * n, n);               // eta row c now holds ∂/∂η
                }
                logDensities[c0 + c] = ll - 0.5 * sq * inv + priorConstant;
            }
            if (gradients != null) {
                double[] g = Dense.multiply(eta, x, m, n, k);                // m × k
                for (int c = 0; c < m; c++) {
                    for (int j = 0; j < k; j++) {
                        gradients[(c0 + c) * k + j] = g[c * k + j] - block[c * k + j] * inv;
                    }
                }
            }
        }
    }

    @Override
    public void hessian(double[] beta, double[] out) {
        meanHessian(beta, 1, out);
    }

    /** {@code -Xᵀ diag(w̄) X - I/s²} with the weights averaged over the points first: one product. */
    @Override
    public void meanHessian(double[] points, int count, double[] out) {
        double[] w = new double[n];
        double[] wc = new double[n];
        int chunk = Batches.chunk(n);
        for (int c0 = 0; c0 < count; c0 += chunk) {
            int m = Math.min(chunk, count - c0);
            double[] eta = Dense.multiply(java.util.Arrays.copyOfRange(points, c0 * k, (c0 + m) * k), xt, m, k, n);
            for (int c = 0; c < m; c++) {
                logLikelihood(eta, c * n, null, wc);
                for (int i = 0; i < n; i++) {
                    w[i] += wc[i] / count;
                }
            }
        }
        java.util.Arrays.fill(out, 0, k * k, 0.0);
        for (int i = 0; i < n; i++) {
            double wi = w[i];
            int o = i * k;
            for (int a = 0; a < k; a++) {
                double xa = x[o + a] * wi;
                for (int b = 0; b <= a; b++) {
                    out[a * k + b] -= xa * x[o + b];
                }
            }
        }
        double inv = 1.0 / (priorScale * priorScale);
        for (int a = 0; a < k; a++) {
            out[a * k + a] -= inv;
            for (int b = 0; b < a; b++) {
                out[b * k + a] = out[a * k + b];
            }
        }
    }

    @Override
    public void hessianVectorProduct(double[] beta, double[] v, double[] out) {
        double[] eta = new double[n];
        Dense.multiply(x, n, k, beta, eta);
        double[] w = new double[n];
        logLikelihood(eta, 0, null, w);
        double[] xv = new double[n];
        Dense.multiply(x, n, k, v, xv);
        for (int i = 0; i < n; i++) {
            xv[i] *= -w[i];
        }
        Dense.multiplyTransposed(x, n, k, xv, out);
        double inv = 1.0 / (priorScale * priorScale);
        for (int j = 0; j < k; j++) {
            out[j] -= v[j] * inv;
        }
    }
}

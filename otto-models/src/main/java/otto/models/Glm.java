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
        this.x = data.matrix("X", n, k);
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

    @Override
    public void logDensities(double[] points, int count, double[] logDensities, double[] gradients) {
        double[] eta = Dense.multiply(points, xt, count, k, n);          // count × n
        double[] first = gradients == null ? null : new double[count * n];
        double inv = 1.0 / (priorScale * priorScale);
        double priorConstant = -k * (Math.log(priorScale) + SpecialFunctions.HALF_LOG_TWO_PI);
        for (int c = 0; c < count; c++) {
            double sq = 0.0;
            for (int j = 0; j < k; j++) {
                double b = points[c * k + j];
                sq += b * b;
            }
            double[] dEta = first == null ? null : new double[n];
            double ll = logLikelihood(eta, c * n, dEta, null);
            if (dEta != null) {
                System.arraycopy(dEta, 0, first, c * n, n);
            }
            logDensities[c] = ll - 0.5 * sq * inv + priorConstant;
        }
        if (gradients != null) {
            double[] g = Dense.multiply(first, x, count, n, k);          // count × k
            for (int c = 0; c < count; c++) {
                for (int j = 0; j < k; j++) {
                    gradients[c * k + j] = g[c * k + j] - points[c * k + j] * inv;
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
        double[] eta = Dense.multiply(points, xt, count, k, n);
        double[] w = new double[n];
        double[] wc = new double[n];
        for (int c = 0; c < count; c++) {
            logLikelihood(eta, c * n, null, wc);
            for (int i = 0; i < n; i++) {
                w[i] += wc[i] / count;
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

package otto.models;

import otto.ad.Matrix;
import otto.ad.Var;
import otto.dist.Normal;
import otto.math.Dense;
import otto.math.GlmKernel;
import otto.math.SpecialFunctions;
import otto.model.Declarations;
import otto.model.Model;
import otto.model.Params;

/**
 * A generalised linear model with linear predictor {@code η = X β} (no intercept added) and
 * prior {@code β ~ normal(0, prior_scale)}. The tape gives the reference density; plain-array
 * overrides do the data work in {@link GlmKernel} (one streaming pass over the design for a tile
 * of points: predictors, the family's derivatives and the gradient's sums, fused) and give the
 * closed-form Hessian {@code -Xᵀ diag(w) X - I/s²}. Both paths give the same numbers to rounding
 * (tested); a point's numbers do not depend on the other points of a batch.
 */
abstract class Glm extends Model {
    final int n;
    final int k;
    final double[] x;
    final Matrix design;
    final double priorScale;
    final GlmKernel kernel;

    Glm(String name, StanData data, GlmKernel.Family family, int[] y) {
        super(name);
        this.n = Checks.nonNegative(data, "N");
        this.k = Checks.dimension(data, "K");
        this.x = data.matrix("X", "N", "K");
        this.design = new Matrix(n, k, x);
        this.priorScale = Checks.positiveReal(data, "prior_scale", data.real("prior_scale", 10.0));
        double[] response = new double[n];
        for (int i = 0; i < n; i++) {
            response[i] = y[i];
        }
        this.kernel = GlmKernel.of(x, n, k, response, family);
    }

    /** The log likelihood as a function of the linear predictor, on the tape. */
    abstract Var logLikelihood(Var eta);

    /**
     * The log likelihood at {@code eta}, with {@code ∂/∂η} written into {@code first} and
     * {@code -∂²/∂η²} into {@code weight} (each when non-null).
     */
    abstract double logLikelihood(double[] eta, int offset, double[] first, double[] weight);

    /** What the log likelihood has beyond the kernel family's {@code Σ ℓ(η_i)} (a constant). */
    double logLikelihoodConstant() {
        return 0.0;
    }

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
     * All points at once through {@link GlmKernel#evaluate} (the log likelihood and its gradient
     * in one pass over the data); the prior is added in closed form.
     */
    @Override
    public void logDensities(double[] points, int count, double[] logDensities, double[] gradients) {
        double inv = 1.0 / (priorScale * priorScale);
        double constant = logLikelihoodConstant() - k * (Math.log(priorScale) + SpecialFunctions.HALF_LOG_TWO_PI);
        kernel.evaluate(points, k, count, logDensities, gradients);
        for (int c = 0; c < count; c++) {
            double sq = 0.0;
            for (int j = 0; j < k; j++) {
                double b = points[c * k + j];
                sq += b * b;
                if (gradients != null) {
                    gradients[c * k + j] -= b * inv;
                }
            }
            logDensities[c] = logDensities[c] - 0.5 * sq * inv + constant;
        }
    }

    @Override
    public void hessian(double[] beta, double[] out) {
        meanHessian(beta, 1, out);
    }

    /** {@code -Xᵀ diag(w̄) X - I/s²} with the weights averaged over the points first: one pass. */
    @Override
    public void meanHessian(double[] points, int count, double[] out) {
        kernel.meanWeightedGram(points, k, count, out);
        double inv = 1.0 / (priorScale * priorScale);
        for (int i = 0; i < k * k; i++) {
            out[i] = -out[i];
        }
        for (int a = 0; a < k; a++) {
            out[a * k + a] -= inv;
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

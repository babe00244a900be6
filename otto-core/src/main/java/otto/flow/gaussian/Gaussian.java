package otto.flow.gaussian;

import otto.flow.RandomStream;
import otto.math.Dense;

/**
 * A Gaussian {@code N(m, Σ)} on {@code ℝ^d}, with its lower Cholesky factor. Immutable.
 */
public final class Gaussian {
    private static final double LOG_TWO_PI_E = Math.log(2.0 * Math.PI) + 1.0;
    private final int d;
    private final double[] mean;
    private final double[] covariance;
    private final double[] cholesky;

    /**
     * @throws IllegalArgumentException if the covariance is not symmetric positive definite
     */
    public Gaussian(double[] mean, double[] covariance) {
        this.d = mean.length;
        if (covariance.length != d * d) {
            throw new IllegalArgumentException("covariance has " + covariance.length + " values, expected " + d * d);
        }
        this.mean = mean.clone();
        this.covariance = covariance.clone();
        Dense.symmetrize(this.covariance, d);
        this.cholesky = Dense.cholesky(this.covariance, d);
        if (cholesky == null) {
            throw new IllegalArgumentException("covariance is not positive definite");
        }
    }

    /** The dimension. */
    public int dimension() {
        return d;
    }

    /** The mean (a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** The covariance, row-major (a copy). */
    public double[] covariance() {
        return covariance.clone();
    }

    /** The lower Cholesky factor of the covariance (a copy). */
    public double[] cholesky() {
        return cholesky.clone();
    }

    /** {@code log det Σ}. */
    public double logDeterminant() {
        return Dense.logDeterminantFromCholesky(cholesky, d);
    }

    /** The differential entropy {@code ½ log det(2πe Σ)}. */
    public double entropy() {
        return 0.5 * (d * LOG_TWO_PI_E + logDeterminant());
    }

    /** {@code m + L ξ} for a given standard normal {@code ξ}, written into {@code out}. */
    public void transform(double[] xi, double[] out) {
        Dense.multiplyLower(cholesky, d, xi, out);
        for (int i = 0; i < d; i++) {
            out[i] += mean[i];
        }
    }

    /** A draw, using {@code stream}. */
    public double[] sample(RandomStream stream) {
        double[] xi = new double[d];
        stream.nextGaussian(xi);
        double[] out = new double[d];
        transform(xi, out);
        return out;
    }

    /** The log density at {@code x}. */
    public double logDensity(double[] x) {
        double[] r = new double[d];
        for (int i = 0; i < d; i++) {
            r[i] = x[i] - mean[i];
        }
        Dense.solveLower(cholesky, d, r, r);
        double q = 0.0;
        for (double v : r) {
            q += v * v;
        }
        return -0.5 * (q + d * Math.log(2.0 * Math.PI) + logDeterminant());
    }
}

package otto.flow;

import otto.math.Dense;
import otto.model.Target;

/** Gaussian targets with known answers, for testing flows: {@code N(mean, cov)} in closed form. */
final class GaussianTargets {
    private GaussianTargets() {
    }

    /**
     * A standard normal whose log density is NaN beyond {@code x = 1} (a truncated normal written
     * carelessly): the draws of a sampler that rejects non-finite proposals follow the normal
     * truncated at 1, of mean {@code -φ(1)/Φ(1)}.
     */
    static Target truncatedAtOne() {
        return new Target() {
            public int dimension() {
                return 1;
            }

            public double logDensity(double[] x, double[] g) {
                if (x[0] > 1.0) {
                    return Double.NaN;
                }
                if (g != null) {
                    g[0] = -x[0];
                }
                return -0.5 * x[0] * x[0];
            }
        };
    }

    /** A Gaussian target with its exact log normalising constant (when written normalised: 0). */
    static final class Normal implements Target {
        final double[] mean;
        final double[] cov;
        final double[] precision;
        final int d;

        Normal(double[] mean, double[] cov) {
            this.d = mean.length;
            this.mean = mean;
            this.cov = cov;
            this.precision = Dense.inverseFromCholesky(Dense.cholesky(cov, d), d);
        }

        /** Unit variances, every pairwise correlation {@code rho}, mean {@code 1, 2, …}. */
        static Normal correlated(int d, double rho) {
            double[] m = new double[d];
            double[] c = new double[d * d];
            for (int i = 0; i < d; i++) {
                m[i] = i + 1;
                for (int j = 0; j < d; j++) {
                    c[i * d + j] = i == j ? 1.0 : rho;
                }
            }
            return new Normal(m, c);
        }

        /** Independent coordinates with the given standard deviations, mean 0. */
        static Normal scaled(double... sd) {
            int d = sd.length;
            double[] c = new double[d * d];
            for (int i = 0; i < d; i++) {
                c[i * d + i] = sd[i] * sd[i];
            }
            return new Normal(new double[d], c);
        }

        @Override
        public int dimension() {
            return d;
        }

        /** Unnormalised: {@code -½ (x-m)ᵀ P (x-m)}, so {@code log Z = ½ log det(2π Σ)}. */
        @Override
        public double logDensity(double[] x, double[] gradient) {
            double[] r = new double[d];
            for (int i = 0; i < d; i++) {
                r[i] = x[i] - mean[i];
            }
            double[] pr = new double[d];
            Dense.multiply(precision, d, d, r, pr);
            double q = 0.0;
            for (int i = 0; i < d; i++) {
                q += r[i] * pr[i];
                if (gradient != null) {
                    gradient[i] = -pr[i];
                }
            }
            return -0.5 * q;
        }

        @Override
        public void hessian(double[] x, double[] out) {
            for (int i = 0; i < d * d; i++) {
                out[i] = -precision[i];
            }
        }

        double logZ() {
            return 0.5 * (d * Math.log(2 * Math.PI) + Dense.logDeterminantFromCholesky(Dense.cholesky(cov, d), d));
        }
    }
}

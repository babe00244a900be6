package otto.energy;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import otto.math.Dense;

/** Seeded clouds with known entropies, and the mean and spread of replicate estimates. */
final class Clouds {
    private Clouds() {
    }

    /** A Gaussian {@code N(mean, cov)} with its Cholesky factor, sampler, entropy and log density. */
    static final class Gaussian {
        final int d;
        final double[] mean;
        final double[] cov;
        final double[] chol;
        final double[] precision;

        Gaussian(double[] mean, double[] cov) {
            this.d = mean.length;
            this.mean = mean;
            this.cov = cov;
            this.chol = Dense.cholesky(cov, d);
            this.precision = Dense.inverseFromCholesky(chol, d);
        }

        /** {@code N(0, I)}. */
        static Gaussian standard(int d) {
            return new Gaussian(new double[d], Dense.identity(d));
        }

        /**
         * Standard deviations log-spaced from {@code lo} to {@code hi}, correlations
         * {@code rho^|i-j|}, mean {@code 1, 2, …}.
         */
        static Gaussian anisotropic(int d, double lo, double hi, double rho) {
            double[] sd = new double[d];
            double[] m = new double[d];
            for (int i = 0; i < d; i++) {
                sd[i] = d == 1 ? lo : lo * Math.pow(hi / lo, i / (d - 1.0));
                m[i] = i + 1;
            }
            double[] c = new double[d * d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    c[i * d + j] = sd[i] * sd[j] * Math.pow(rho, Math.abs(i - j));
                }
            }
            return new Gaussian(m, c);
        }

        /** {@code H = ½ log det(2πeΣ)}. */
        double entropy() {
            return 0.5 * (d * Math.log(2 * Math.PI * Math.E) + Dense.logDeterminantFromCholesky(chol, d));
        }

        /** {@code log Z} of the unnormalised density {@link #logDensity}: {@code ½ log det(2πΣ)}. */
        double logZ() {
            return 0.5 * (d * Math.log(2 * Math.PI) + Dense.logDeterminantFromCholesky(chol, d));
        }

        /** {@code n} draws, row-major, scaled about the mean by {@code scale} and shifted by {@code shift}. */
        double[] sample(int n, long seed, double scale, double shift) {
            UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(seed);
            ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
            double[] x = new double[n * d];
            double[] z = new double[d];
            double[] y = new double[d];
            for (int i = 0; i < n; i++) {
                for (int a = 0; a < d; a++) {
                    z[a] = g.sample();
                }
                Dense.multiplyLower(chol, d, z, y);
                for (int a = 0; a < d; a++) {
                    x[i * d + a] = mean[a] + scale * y[a] + shift;
                }
            }
            return x;
        }

        /** One draw into {@code out}. */
        void draw(ZigguratSampler.NormalizedGaussian g, double[] out) {
            double[] z = new double[d];
            for (int a = 0; a < d; a++) {
                z[a] = g.sample();
            }
            Dense.multiplyLower(chol, d, z, out);
            for (int a = 0; a < d; a++) {
                out[a] += mean[a];
            }
        }

        double[] sample(int n, long seed) {
            return sample(n, seed, 1.0, 0.0);
        }

        /** The unnormalised {@code log π̃(x) = -½ (x - m)ᵀ Σ⁻¹ (x - m)} of each point. */
        double[] logDensity(double[] x, int n) {
            double[] lp = new double[n];
            double[] s = scores(x, n);
            for (int i = 0; i < n; i++) {
                double q = 0.0;
                for (int a = 0; a < d; a++) {
                    q -= (x[i * d + a] - mean[a]) * s[i * d + a];
                }
                lp[i] = -0.5 * q;
            }
            return lp;
        }

        /** The scores {@code ∇ log π(x) = -Σ⁻¹ (x - m)}, row-major. */
        double[] scores(double[] x, int n) {
            double[] s = new double[n * d];
            for (int i = 0; i < n; i++) {
                for (int a = 0; a < d; a++) {
                    double v = 0.0;
                    for (int b = 0; b < d; b++) {
                        v -= precision[a * d + b] * (x[i * d + b] - mean[b]);
                    }
                    s[i * d + a] = v;
                }
            }
            return s;
        }

        /** {@code tr Σ⁻¹}. */
        double tracePrecision() {
            double t = 0.0;
            for (int a = 0; a < d; a++) {
                t += precision[a * d + a];
            }
            return t;
        }
    }

    /** {@code n} points uniform on {@code [0, side_1) × … × [0, side_d)}. */
    static double[] box(double[] side, int n, long seed) {
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(seed);
        int d = side.length;
        double[] x = new double[n * d];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                x[i * d + a] = side[a] * rng.nextDouble();
            }
        }
        return x;
    }

    /** Mean, standard deviation and standard error of the mean of replicate values. */
    record Spread(double mean, double sd, double se) {
        static Spread of(double[] v) {
            int r = v.length;
            double m = 0.0;
            for (double x : v) {
                m += x / r;
            }
            double ss = 0.0;
            for (double x : v) {
                ss += (x - m) * (x - m);
            }
            double sd = Math.sqrt(ss / (r - 1));
            return new Spread(m, sd, sd / Math.sqrt(r));
        }
    }
}

package otto.flow;

import java.util.concurrent.atomic.AtomicLong;
import otto.model.Target;

/** Targets for the deterministic particle flows' fault handling, and cloud moments. */
final class ParticleTargets {
    private ParticleTargets() {
    }

    /**
     * A 2-D standard normal written carelessly: its log density (or, with {@code gradientOnly}, only
     * its gradient) is NaN where {@code x₀ > edge}.
     */
    static Target nanBeyond(double edge, boolean gradientOnly) {
        return new Target() {
            public int dimension() {
                return 2;
            }

            public double logDensity(double[] x, double[] g) {
                boolean bad = x[0] > edge;
                if (g != null) {
                    g[0] = bad && gradientOnly ? Double.NaN : -x[0];
                    g[1] = -x[1];
                }
                if (bad && !gradientOnly) {
                    return Double.NaN;
                }
                return -0.5 * (x[0] * x[0] + x[1] * x[1]);
            }
        };
    }

    /** A 2-D standard normal that breaks for good (NaN everywhere) after {@code evaluations} evaluations. */
    static Target breaksAfter(long evaluations) {
        AtomicLong count = new AtomicLong();
        return new Target() {
            public int dimension() {
                return 2;
            }

            public double logDensity(double[] x, double[] g) {
                boolean broken = count.incrementAndGet() > evaluations;
                if (g != null) {
                    g[0] = -x[0];
                    g[1] = -x[1];
                }
                return broken ? Double.NaN : -0.5 * (x[0] * x[0] + x[1] * x[1]);
            }
        };
    }

    /** {@code -(x₀⁴ + x₁⁴)}: its Hessian vanishes at the mode, so there is no Laplace approximation. */
    static Target quartic() {
        return new Target() {
            public int dimension() {
                return 2;
            }

            public double logDensity(double[] x, double[] g) {
                if (g != null) {
                    g[0] = -4 * x[0] * x[0] * x[0];
                    g[1] = -4 * x[1] * x[1] * x[1];
                }
                return -(x[0] * x[0] * x[0] * x[0] + x[1] * x[1] * x[1] * x[1]);
            }

            public void hessian(double[] x, double[] out) {
                out[0] = -12 * x[0] * x[0];
                out[1] = 0;
                out[2] = 0;
                out[3] = -12 * x[1] * x[1];
            }
        };
    }

    /** Per-coordinate means and (1/n) variances of a one-chain cloud. */
    static double[][] moments(Draws draws) {
        int n = draws.draws();
        int d = draws.columns();
        double[] mean = new double[d];
        double[] var = new double[d];
        for (int k = 0; k < d; k++) {
            for (int i = 0; i < n; i++) {
                mean[k] += draws.get(0, i, k) / n;
            }
            for (int i = 0; i < n; i++) {
                double t = draws.get(0, i, k) - mean[k];
                var[k] += t * t / n;
            }
        }
        return new double[][] {mean, var};
    }

    /** The worst error of the cloud's means in units of the target's standard deviations. */
    static double worstMeanError(Draws draws, GaussianTargets.Normal target) {
        double[] mean = moments(draws)[0];
        int d = mean.length;
        double worst = 0;
        for (int k = 0; k < d; k++) {
            worst = Math.max(worst, Math.abs(mean[k] - target.mean[k]) / Math.sqrt(target.cov[k * d + k]));
        }
        return worst;
    }

    /** The cloud's per-coordinate variances over the target's, averaged over coordinates. */
    static double varianceRatio(Draws draws, GaussianTargets.Normal target) {
        double[] var = moments(draws)[1];
        int d = var.length;
        double r = 0;
        for (int k = 0; k < d; k++) {
            r += var[k] / target.cov[k * d + k] / d;
        }
        return r;
    }

    /** A Gaussian target: isotropic with sd 2, or unit variances with correlation 0.5 and means 1 … d. */
    static GaussianTargets.Normal gaussian(String kind, int d) {
        if (kind.equals("isotropic")) {
            double[] sd = new double[d];
            java.util.Arrays.fill(sd, 2.0);
            return GaussianTargets.Normal.scaled(sd);
        }
        return GaussianTargets.Normal.correlated(d, 0.5);
    }
}

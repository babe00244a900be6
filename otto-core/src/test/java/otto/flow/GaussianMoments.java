package otto.flow;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks of a sampler's draws against a Gaussian's exact moments, within Monte Carlo error. */
final class GaussianMoments {
    private GaussianMoments() {
    }

    /**
     * Every mean, and the covariances among the first five coordinates, within five Monte Carlo
     * standard errors of {@code mean} and {@code cov}; the standard errors from batch means
     * (batches of 100 draws, much longer than the autocorrelation time of a tuned chain on a
     * Gaussian).
     */
    static void assertMatch(Draws draws, double[] mean, double[] cov) {
        int d = mean.length;
        for (int i = 0; i < d; i++) {
            double[] m = BatchMeans.of(draws, x -> x[0], i, i);
            assertThat(Math.abs(m[0] - mean[i])).as("mean %d: %s ± %s, exact %s", i, m[0], m[1], mean[i]).isLessThan(5 * m[1]);
        }
        for (int i = 0; i < Math.min(d, 5); i++) {
            for (int j = 0; j <= i; j++) {
                int a = i;
                int b = j;
                double[] c = BatchMeans.of(draws, x -> (x[0] - mean[a]) * (x[1] - mean[b]), i, j);
                assertThat(Math.abs(c[0] - cov[i * d + j])).as("cov %d %d: %s ± %s, exact %s", i, j, c[0], c[1], cov[i * d + j])
                        .isLessThan(5 * c[1]);
            }
        }
    }

    /** The mean of a sampler column over all chains and draws. */
    static double meanOf(double[][] column) {
        double s = 0.0;
        int n = 0;
        for (double[] c : column) {
            for (double v : c) {
                s += v;
                n++;
            }
        }
        return s / n;
    }
}

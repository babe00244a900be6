package otto.models;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import otto.flow.Monitors;
import otto.flow.Result;
import otto.flow.Run;
import otto.flow.gaussian.ForwardBackwardVi;
import otto.flow.gaussian.GaussianViSettings;
import otto.model.Model;

/**
 * Forward–backward VI on a logistic regression (N = 200, K = 4) with exact Hessians: started far
 * from the posterior (N(x₀, I) rather than the Laplace fit), the free energy — measured at every
 * iteration with common random numbers, so that consecutive values differ by the change of q
 * and not by noise — decreases at every step, as the scheme guarantees for a convex V and
 * h ≤ 1/L (Diao et al. 2023, with exact expectations), until it reaches the small stationary
 * fluctuation that the step's own Monte Carlo noise (40 samples a step) leaves about the
 * optimum, and it stays within that. The final ELBO is reported with its standard error and agrees
 * with the last monitored free energy.
 */
class ForwardBackwardLogisticTest {

    @Test
    void freeEnergyDecreasesAtEveryStep() {
        Model model = GlmTestData.glm("logistic_regression", 3, 200, 4);
        GaussianViSettings s = GaussianViSettings.defaults().withIterations(60).withSamples(40).withHessianSamples(40)
                .withMonitorPairs(2000).withLaplaceStart(false).withTolerance(0);   // every step, no early stop
        Result r = Run.of(model, new ForwardBackwardVi(s)).seed(11).recordEvery(1).execute();
        double[] f = r.trace().column(Monitors.FREE_ENERGY);
        double[] se = r.trace().column(Monitors.FREE_ENERGY_SE);
        assertThat(f).hasSize(61);
        // the stochastic scheme settles into a stationary fluctuation about its optimum; its size
        // (five sds of F over the second half) is the floor above which every step must decrease F
        double floor = 5 * sd(java.util.Arrays.copyOfRange(f, 30, 61));
        double min = java.util.Arrays.stream(f).min().orElseThrow();
        assertThat(floor).as("the fluctuation is far below the Monte Carlo error of F itself").isLessThan(0.1 * se[60]);
        int decreasing = 0;
        for (int k = 0; k + 1 < f.length; k++) {
            if (f[k] - min > floor) {
                assertThat(f[k + 1]).as("F after step %d (%s) vs before (%s)", k + 1, f[k + 1], f[k]).isLessThan(f[k]);
                decreasing++;
            } else {
                assertThat(f[k + 1] - min).as("F after step %d stays within the floor %s", k + 1, floor).isLessThan(floor);
            }
        }
        assertThat(decreasing).as("steps before the floor is reached").isGreaterThanOrEqualTo(10);
        // it went a long way: from far off to within a few standard errors of the final ELBO
        double elbo = (double) r.info().get("elbo");
        double elboSe = (double) r.info().get("elbo_se");
        assertThat(f[0] - f[60]).isGreaterThan(10.0);
        assertThat(elboSe).isPositive().isLessThan(0.1);
        assertThat(Math.abs(-elbo - f[60])).isLessThan(5 * Math.hypot(elboSe, se[60]) + 0.05);
    }

    private static double sd(double[] v) {
        double m = java.util.Arrays.stream(v).average().orElseThrow();
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (v.length - 1));
    }
}

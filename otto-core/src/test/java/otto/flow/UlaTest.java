package otto.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import otto.flow.particle.Mala;
import otto.flow.particle.Metric;
import otto.flow.particle.Preconditioner;
import otto.flow.particle.Ula;
import otto.math.Dense;
import otto.model.Target;

class UlaTest {

    /**
     * ULA's bias in closed form: on a Gaussian with precision A, unpreconditioned ULA with step h
     * is an AR(1) chain with stationary covariance (A (I - hA/2))⁻¹ and the exact mean. The draws
     * match that covariance within Monte Carlo error, and miss the true one by far more than it.
     */
    @ParameterizedTest
    @CsvSource({"2, 0.6, 0.3, 11", "3, 0.3, 0.5, 12"})
    void stationaryCovarianceIsTheClosedFormOfTheStep(int d, double rho, double h, long seed) {
        GaussianTargets.Normal target = GaussianTargets.Normal.correlated(d, rho);
        Ula ula = new Ula(Ula.Settings.defaults().withMetric(Metric.UNIT).withStep(h).withDraws(20000));
        Result r = Run.of(target, ula).seed(seed).execute();
        double[] a = target.precision;
        double[] m = Dense.identity(d);
        for (int i = 0; i < d * d; i++) {
            m[i] -= 0.5 * h * a[i];
        }
        double[] am = Dense.multiply(a, m, d, d, d);
        Dense.symmetrize(am, d);
        double[] biased = Dense.inverseFromCholesky(Dense.cholesky(am, d), d);
        GaussianMoments.assertMatch(r.draws(), target.mean, biased);
        double[] v = BatchMeans.of(r.draws(), x -> (x[0] - target.mean[0]) * (x[0] - target.mean[0]), 0, 0);
        assertThat(v[0] - target.cov[0]).as("the bias is real: variance %s ± %s, exact %s", v[0], v[1], target.cov[0])
                .isGreaterThan(5 * v[1]);
        assertThat(r.draws().sampler()).containsOnlyKeys("lp__", "stepsize__", "divergent__");
    }

    /**
     * The default step from the curvature, with the Laplace preconditioner (exact for a
     * Gaussian): in whitened coordinates the target is N(0, I), the stiffness is 1, h = 0.1, and
     * every variance is inflated by exactly 1/(1 - h/2) = 1/0.95.
     */
    @ParameterizedTest
    @CsvSource({"2, 0.5, 21", "10, 0.9, 22", "50, 0.0, 23"})
    void defaultStepInflatesVariancesByTheKnownFactor(int d, double rho, long seed) {
        GaussianTargets.Normal target = GaussianTargets.Normal.correlated(d, rho);
        Ula ula = new Ula(Ula.Settings.defaults().withPreconditioner(Preconditioner.LAPLACE).withWarmup(200).withDraws(5000));
        Result r = Run.of(target, ula).seed(seed).execute();
        double[] step = (double[]) r.info().get("step_size");
        assertThat(step[0]).isCloseTo(Ula.STEP_FACTOR, org.assertj.core.data.Offset.offset(1e-6));
        double[] inflated = target.cov.clone();
        for (int i = 0; i < inflated.length; i++) {
            inflated[i] /= 1.0 - 0.5 * Ula.STEP_FACTOR;
        }
        GaussianMoments.assertMatch(r.draws(), target.mean, inflated);
    }

    @Test
    void sameSeedSameDrawsWhateverTheThreads() {
        GaussianTargets.Normal target = GaussianTargets.Normal.correlated(3, 0.3);
        Ula ula = new Ula(Ula.Settings.defaults().withWarmup(200).withDraws(200));
        Result one = Run.of(target, ula).seed(21).threads(1).execute();
        Result two = Run.of(target, ula).seed(21).threads(2).execute();
        for (int c = 0; c < 4; c++) {
            assertThat(two.draws().draw(c, 199)).containsExactly(one.draws().draw(c, 199));
        }
    }

    /** A move into a region where the log density is NaN is undone and counted; no draw lies there. */
    @Test
    void movesToNonFiniteDensitiesAreUndoneAndCounted() {
        Target truncated = GaussianTargets.truncatedAtOne();
        Result r = Run.of(truncated, new Ula(Ula.Settings.defaults().withMetric(Metric.UNIT).withStep(0.1))).seed(3).execute();
        assertThat(r.faults().counts()).containsKey("non_finite_log_density");
        for (int c = 0; c < r.draws().chains(); c++) {
            for (int i = 0; i < r.draws().draws(); i++) {
                assertThat(r.draws().get(c, i, 0)).isLessThanOrEqualTo(1.0);
            }
        }
    }

    /**
     * A target whose Hessian–vector products understate its curvature 10⁴-fold (N(0, 1/100)
     * claiming curvature 0.01): the default step is then 10, far past stability. Divergent moves
     * are rejected and counted, each halving the chain's step, until the chains are stable; no
     * draw is lost to overflow, and the draws follow ULA's closed-form law at the step reached.
     */
    @Test
    void divergentMovesHalveTheDefaultStepUntilStable() {
        Target lying = new Narrow() {
            @Override
            public void hessianVectorProduct(double[] x, double[] v, double[] out) {
                out[0] = -0.01 * v[0];
            }
        };
        Result r = Run.of(lying, new Ula(Ula.Settings.defaults().withMetric(Metric.UNIT).withDraws(10000))).seed(31).execute();
        assertThat(r.faults().counts()).containsKey("divergent_move");
        double[] steps = (double[]) r.info().get("step_size");
        for (int c = 0; c < 4; c++) {
            assertThat(steps[c] * 100).as("h λ of chain %d", c + 1).isLessThan(2.0);
            double h = steps[c];
            double[] column = r.draws().column(0)[c];
            assertThat(java.util.Arrays.stream(column).allMatch(Double::isFinite)).isTrue();
            assertThat(r.draws().sampler().get("stepsize__")[c]).containsOnly(h);
        }
        // here every chain took the same nine halvings (10 → 10/2⁹, hλ = 1.95: stable, but barely — the
        // guard keeps a run finite, it does not make a wrong curvature right); the draws follow
        // ULA's law at that step, variance 1/(λ(1 - hλ/2)), 43 times the target's
        double h = steps[0];
        assertThat(steps).containsOnly(h);
        double variance = 1.0 / (100 * (1 - 50 * h));
        double[] v = BatchMeans.of(r.draws(), x -> x[0] * x[0], 0, 0);
        assertThat(Math.abs(v[0] - variance)).as("variance %s ± %s vs ULA's %s at h = %s", v[0], v[1], variance, h)
                .isLessThan(5 * v[1]);
    }

    /**
     * With a fixed step past stability (hλ = 2.1 on N(0, 1/100)) the chains keep proposing moves
     * that diverge: {@code divergent__} marks the kept draws whose move was rejected as divergent —
     * each repeats the draw before it — and counts no more than the faults do.
     */
    @Test
    void divergentDrawsAreMarkedInTheirOwnColumn() {
        Target narrow = new Narrow();
        Result r = Run.of(narrow, new Ula(Ula.Settings.defaults().withMetric(Metric.UNIT).withStep(0.021).withDraws(2000)))
                .seed(5).execute();
        double[][] flags = r.draws().sampler().get("divergent__");
        assertThat(flags).as("the unadjusted methods' divergent__ column").isNotNull();
        assertThat(r.draws().sampler()).doesNotContainKey("accept_stat__");
        long marked = 0;
        for (int c = 0; c < r.draws().chains(); c++) {
            double[] x = r.draws().column(0)[c];
            for (int i = 0; i < flags[c].length; i++) {
                assertThat(flags[c][i]).isIn(0.0, 1.0);
                if (flags[c][i] == 1.0) {
                    marked++;
                    if (i > 0) {
                        assertThat(x[i]).as("chain %d draw %d, rejected as divergent", c + 1, i + 1).isEqualTo(x[i - 1]);
                    }
                }
            }
        }
        assertThat(marked).isPositive().isLessThanOrEqualTo(r.faults().counts().get("divergent_move"));
        // the adjusted methods have an acceptance statistic instead
        Result mala = Run.of(narrow, new Mala(Mala.Settings.defaults().withDraws(100))).seed(5).execute();
        assertThat(mala.draws().sampler()).containsKey("accept_stat__").doesNotContainKey("divergent__");
    }

    /** N(0, 1/100) in one dimension. */
    private static class Narrow implements Target {
        public int dimension() {
            return 1;
        }

        public double logDensity(double[] x, double[] g) {
            if (g != null) {
                g[0] = -100 * x[0];
            }
            return -50 * x[0] * x[0];
        }
    }

    @Test
    void settingsAreValidated() {
        assertThatThrownBy(() -> Ula.Settings.defaults().withStep(0)).hasMessageContaining("step must be positive");
        assertThatThrownBy(() -> Ula.Settings.defaults().withDraws(0)).hasMessageContaining("draws");
    }
}

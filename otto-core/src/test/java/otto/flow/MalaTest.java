package otto.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import otto.flow.particle.Mala;
import otto.flow.particle.Metric;
import otto.flow.particle.Preconditioner;
import otto.model.Target;

class MalaTest {

    /**
     * Means and covariances of a correlated Gaussian within five Monte Carlo standard errors,
     * the standard errors from batch means (batches of 100 draws, which is much longer than the
     * autocorrelation time of a tuned MALA chain on these targets).
     */
    /**
     * Means and covariances of isotropic and correlated Gaussians (d = 2, 10, 50) within five
     * Monte Carlo standard errors.
     */
    @ParameterizedTest
    @CsvSource({"2, 0.0, 5", "10, 0.0, 6", "50, 0.0, 7", "2, 0.5, 1", "10, 0.9, 2", "50, 0.5, 3"})
    void matchesGaussianMomentsWithinMonteCarloError(int d, double rho, long seed) {
        GaussianTargets.Normal target = GaussianTargets.Normal.correlated(d, rho);
        Mala mala = new Mala(Mala.Settings.defaults().withDraws(5000));
        Result r = Run.of(target, mala).seed(seed).execute();
        GaussianMoments.assertMatch(r.draws(), target.mean, target.cov);
        assertThat(r.faults().total()).isZero();
        assertThat(GaussianMoments.meanOf(r.draws().sampler().get("accept_stat__"))).isBetween(0.4, 0.8);
    }

    /** The preconditioner from a forward–backward VI pilot: fixed, and enough to mix a correlated Gaussian. */
    @Test
    void preconditionerFromAGaussianViFit() {
        GaussianTargets.Normal target = GaussianTargets.Normal.correlated(10, 0.9);
        Mala mala = new Mala(Mala.Settings.defaults().withWarmup(300).withDraws(5000).withPreconditioner(Preconditioner.VI));
        Result r = Run.of(target, mala).seed(8).execute();
        assertThat(r.info().get("metric_initialised_from")).isEqualTo("vi");
        assertThat(r.settings().get("preconditioner")).isEqualTo("vi");
        GaussianMoments.assertMatch(r.draws(), target.mean, target.cov);
    }

    /** Wildly different scales: the dense metric from the Laplace fit makes them mix. */
    @Test
    void badlyScaledTarget() {
        GaussianTargets.Normal target = GaussianTargets.Normal.scaled(1e-3, 1e3);
        Result r = Run.of(target, new Mala(Mala.Settings.defaults())).seed(4).execute();
        double[] v0 = BatchMeans.of(r.draws(), x -> x[0] * x[0], 0, 0);
        double[] v1 = BatchMeans.of(r.draws(), x -> x[0] * x[0], 1, 1);
        assertThat(Math.abs(v0[0] - 1e-6)).isLessThan(5 * v0[1]);
        assertThat(Math.abs(v1[0] - 1e6)).isLessThan(5 * v1[1]);
    }

    /**
     * A log density that is NaN beyond x₀ = 1 (a standard normal truncated there, written
     * carelessly): proposals there are rejected and counted, never kept, and the draws follow the
     * truncated normal (mean -φ(1)/Φ(1)).
     */
    @Test
    void nonFiniteLogDensitiesAreRejectedAndCounted() {
        Target truncated = GaussianTargets.truncatedAtOne();
        Result r = Run.of(truncated, new Mala(Mala.Settings.defaults().withMetric(Metric.UNIT).withDraws(5000)))
                .seed(9).execute();
        assertThat(r.faults().counts()).containsKey("non_finite_log_density");
        assertThat(r.faults().examples().get(0).detail()).contains("NaN");
        for (int c = 0; c < r.draws().chains(); c++) {
            for (int i = 0; i < r.draws().draws(); i++) {
                assertThat(r.draws().get(c, i, 0)).isLessThanOrEqualTo(1.0);
            }
        }
        double phi = Math.exp(-0.5) / Math.sqrt(2 * Math.PI);
        double bigPhi = 0.8413447460685429;
        double[] mean = BatchMeans.of(r.draws(), x -> x[0], 0, 0);
        assertThat(Math.abs(mean[0] - (-phi / bigPhi))).isLessThan(5 * mean[1]);
    }

    @Test
    void sameSeedSameDrawsWhateverTheThreads() {
        GaussianTargets.Normal target = GaussianTargets.Normal.correlated(3, 0.3);
        Mala mala = new Mala(Mala.Settings.defaults().withWarmup(200).withDraws(200));
        Result one = Run.of(target, mala).seed(21).threads(1).execute();
        Result two = Run.of(target, mala).seed(21).threads(2).execute();
        for (int c = 0; c < 4; c++) {
            assertThat(two.draws().draw(c, 199)).containsExactly(one.draws().draw(c, 199));
        }
        Result other = Run.of(target, mala).seed(22).execute();
        assertThat(other.draws().draw(0, 199)).isNotEqualTo(one.draws().draw(0, 199));
    }

    @Test
    void noValidStartingPointIsAClearFailure() {
        Target nowhere = new Target() {
            public int dimension() {
                return 2;
            }

            public double logDensity(double[] x, double[] g) {
                return Double.NEGATIVE_INFINITY;
            }
        };
        assertThatThrownBy(() -> Run.of(nowhere, new Mala(Mala.Settings.defaults())).execute())
                .isInstanceOf(RunFailedException.class)
                .hasMessageContaining("no initial point");
    }

    @Test
    void settingsAreValidated() {
        assertThatThrownBy(() -> Mala.Settings.defaults().withStep(-1)).hasMessageContaining("step must be positive");
        assertThatThrownBy(() -> Mala.Settings.defaults().withChains(0)).hasMessageContaining("chains");
    }
}

package otto.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import otto.flow.particle.KineticLangevin;
import otto.flow.particle.KineticLangevin.Splitting;
import otto.flow.particle.Metric;
import otto.flow.particle.Preconditioner;
import otto.model.Target;

class KineticLangevinTest {

    /**
     * Unadjusted BAOAB is exact in θ for Gaussian targets at any stable step, and the adjusted
     * OBABO sampler is exact for every target: both match isotropic and correlated Gaussians
     * (d = 2, 10, 50) within five Monte Carlo standard errors.
     */
    @ParameterizedTest
    @CsvSource({"2, 0.0, false, 1", "10, 0.0, false, 2", "50, 0.0, false, 3", "2, 0.5, false, 4", "10, 0.9, false, 5",
            "50, 0.5, false, 6", "2, 0.0, true, 7", "10, 0.0, true, 8", "50, 0.0, true, 9", "2, 0.5, true, 10",
            "10, 0.9, true, 11", "50, 0.5, true, 12"})
    void matchesGaussianMomentsWithinMonteCarloError(int d, double rho, boolean adjusted, long seed) {
        GaussianTargets.Normal target = GaussianTargets.Normal.correlated(d, rho);
        KineticLangevin k = new KineticLangevin(KineticLangevin.Settings.defaults().withAdjusted(adjusted).withDraws(5000));
        Result r = Run.of(target, k).seed(seed).execute();
        GaussianMoments.assertMatch(r.draws(), target.mean, target.cov);
        assertThat(r.faults().total()).isZero();
        if (adjusted) {
            assertThat(GaussianMoments.meanOf(r.draws().sampler().get("accept_stat__"))).isBetween(0.8, 0.97);
        } else {
            assertThat(r.draws().sampler()).doesNotContainKey("accept_stat__");
        }
    }

    /** Without a preconditioner and at a fixed step, BAOAB is still exact for a Gaussian. */
    @Test
    void baoabIsExactForAGaussianWithoutPreconditioning() {
        GaussianTargets.Normal target = GaussianTargets.Normal.correlated(2, 0.5);
        KineticLangevin k = new KineticLangevin(KineticLangevin.Settings.defaults().withMetric(Metric.UNIT).withStep(0.8)
                .withDraws(20000));
        GaussianMoments.assertMatch(Run.of(target, k).seed(13).execute().draws(), target.mean, target.cov);
    }

    /**
     * Unadjusted OBABO's bias in closed form: on N(0, σ²) a step ε inflates the variance by
     * 1/(1 - ε²/(4σ²)); at ε = 1.2σ that is 1/0.64.
     */
    @Test
    void unadjustedObaboHasItsKnownVarianceInflation() {
        GaussianTargets.Normal target = GaussianTargets.Normal.scaled(1.0);
        KineticLangevin k = new KineticLangevin(KineticLangevin.Settings.defaults().withSplitting(Splitting.OBABO)
                .withMetric(Metric.UNIT).withStep(1.2).withDraws(20000));
        Result r = Run.of(target, k).seed(14).execute();
        GaussianMoments.assertMatch(r.draws(), new double[] {0.0}, new double[] {1.0 / (1.0 - 0.36)});
    }

    /** The adjusted sampler on a target with a NaN region: moves there are rejected and counted. */
    @Test
    void nonFiniteMovesAreRejectedAndCounted() {
        Target truncated = GaussianTargets.truncatedAtOne();
        KineticLangevin k = new KineticLangevin(KineticLangevin.Settings.defaults().withAdjusted(true).withMetric(Metric.UNIT)
                .withDraws(5000));
        Result r = Run.of(truncated, k).seed(15).execute();
        assertThat(r.faults().counts()).containsKey("non_finite_log_density");
        double phi = Math.exp(-0.5) / Math.sqrt(2 * Math.PI);
        double bigPhi = 0.8413447460685429;
        double[] mean = BatchMeans.of(r.draws(), x -> x[0], 0, 0);
        assertThat(Math.abs(mean[0] - (-phi / bigPhi))).isLessThan(5 * mean[1]);
    }

    @Test
    void preconditionerFromAGaussianViFit() {
        GaussianTargets.Normal target = GaussianTargets.Normal.scaled(1e-3, 1e3);
        KineticLangevin k = new KineticLangevin(KineticLangevin.Settings.defaults().withPreconditioner(Preconditioner.VI)
                .withWarmup(200).withDraws(5000));
        Result r = Run.of(target, k).seed(16).execute();
        assertThat(r.info().get("metric_initialised_from")).isEqualTo("vi");
        GaussianMoments.assertMatch(r.draws(), target.mean, target.cov);
    }

    @Test
    void sameSeedSameDrawsWhateverTheThreads() {
        GaussianTargets.Normal target = GaussianTargets.Normal.correlated(3, 0.3);
        for (boolean adjusted : new boolean[] {false, true}) {
            KineticLangevin k = new KineticLangevin(KineticLangevin.Settings.defaults().withAdjusted(adjusted)
                    .withWarmup(200).withDraws(200));
            Result one = Run.of(target, k).seed(21).threads(1).execute();
            Result two = Run.of(target, k).seed(21).threads(2).execute();
            for (int c = 0; c < 4; c++) {
                assertThat(two.draws().draw(c, 199)).containsExactly(one.draws().draw(c, 199));
            }
        }
    }

    @Test
    void settingsAreValidated() {
        assertThatThrownBy(() -> KineticLangevin.Settings.defaults().withAdjusted(true).withSplitting(Splitting.BAOAB))
                .hasMessageContaining("needs the OBABO splitting");
        assertThatThrownBy(() -> KineticLangevin.Settings.defaults().withFriction(0)).hasMessageContaining("friction");
        assertThatThrownBy(() -> Splitting.parse("leapfrog")).hasMessageContaining("baoab or obabo");
    }
}

package otto.flow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import otto.flow.particle.KineticLangevin;
import otto.flow.particle.Mala;
import otto.flow.particle.Ula;
import otto.math.Dense;

/**
 * Chains taken together are a cloud whose law follows the flow: with many chains the trace
 * records the cloud's free energy, which falls from the overdispersed start to the stationary
 * law's. For MALA and kinetic Langevin that is π, so it ends at -log Z; for ULA it is the
 * Gaussian N(m, (A(I - hA/2))⁻¹), so it ends at -log Z + KL(N(m, Σ_h) || N(m, Σ)), known in
 * closed form (0.82 nats at the step used, several times the tolerance). Tolerances: five standard
 * errors plus the k-NN entropy's bias in d = 2 (within 0.02 nats from n = 500, measured in
 * {@code KozachenkoLeonenkoTest}).
 */
class ChainFreeEnergyTest {
    private static final double ENTROPY_BIAS = 0.02;

    @Test
    void malaAndKineticEndAtMinusLogZ() {
        GaussianTargets.Normal target = GaussianTargets.Normal.correlated(2, 0.6);
        for (Flow flow : new Flow[] {
                new Mala(Mala.Settings.defaults().withChains(400).withWarmup(150).withDraws(150)),
                new KineticLangevin(KineticLangevin.Settings.defaults().withChains(400).withWarmup(150).withDraws(150))}) {
            Result r = Run.of(target, flow).seed(3).recordEvery(10).execute();
            assertFallsTo(r, -target.logZ(), flow.name());
        }
    }

    @Test
    void ulaEndsAtItsBiasedLawsFreeEnergy() {
        GaussianTargets.Normal target = GaussianTargets.Normal.correlated(2, 0.6);
        double h = 0.6;
        Result r = Run.of(target, new Ula(Ula.Settings.defaults().withMetric(otto.flow.particle.Metric.UNIT).withStep(h)
                .withChains(1000).withWarmup(150).withDraws(150))).seed(4).recordEvery(10).execute();
        int d = 2;
        double[] a = target.precision;
        double[] m = Dense.identity(d);
        for (int i = 0; i < d * d; i++) {
            m[i] -= 0.5 * h * a[i];
        }
        double[] am = Dense.multiply(a, m, d, d, d);
        Dense.symmetrize(am, d);
        double[] sigmaH = Dense.inverseFromCholesky(Dense.cholesky(am, d), d);
        // KL(N(0, S) || N(0, Σ)) = ½ (tr(Σ⁻¹S) - d + log det Σ - log det S)
        double trace = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                trace += a[i * d + j] * sigmaH[j * d + i];
            }
        }
        double kl = 0.5 * (trace - d + Dense.logDeterminantFromCholesky(Dense.cholesky(target.cov, d), d)
                - Dense.logDeterminantFromCholesky(Dense.cholesky(sigmaH, d), d));
        assertThat(kl).as("the bias is large enough to be seen").isGreaterThan(0.8);
        assertFallsTo(r, -target.logZ() + kl, "ula");
    }

    /** The free energy falls by more than its noise from start to end, never rises by more, and ends at {@code expected}. */
    private static void assertFallsTo(Result r, double expected, String method) {
        double[] f = r.trace().column(Monitors.FREE_ENERGY);
        double[] se = r.trace().column(Monitors.FREE_ENERGY_SE);
        int last = f.length - 1;
        assertThat(f[0] - f[last]).as("%s: F falls from the widened start", method).isGreaterThan(5 * Math.hypot(se[0], se[last]));
        for (int k = 0; k < last; k++) {
            assertThat(f[k + 1] - f[k]).as("%s: F at record %d", method, k + 1).isLessThan(5 * Math.hypot(se[k], se[k + 1]));
        }
        // the last half of the records are all at the stationary law: average them (their errors are
        // positively correlated, so the standard error of the mean is taken as the largest single one)
        double mean = 0;
        double worst = 0;
        int from = f.length / 2;
        for (int k = from; k <= last; k++) {
            mean += f[k] / (last - from + 1);
            worst = Math.max(worst, se[k]);
        }
        assertThat(Math.abs(mean - expected)).as("%s: stationary F %s vs %s", method, mean, expected)
                .isLessThan(5 * worst + ENTROPY_BIAS);
        assertThat(r.trace().column("ksd")[last]).isPositive().isLessThan(r.trace().column("ksd")[0]);
    }
}

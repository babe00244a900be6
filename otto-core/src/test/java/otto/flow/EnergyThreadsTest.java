package otto.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import otto.energy.Estimate;
import otto.energy.KernelSteinDiscrepancy;
import otto.energy.KozachenkoLeonenko;
import otto.energy.ParticleFreeEnergy;

/**
 * The particle estimators of {@code otto.energy} give the same numbers, bit for bit, on one
 * thread and on a pool of two (split into 8 and into 12 blocks); here because {@link Parallel}'s
 * constructor is package-private.
 */
class EnergyThreadsTest {

    @ParameterizedTest
    @CsvSource({"2, 3001, 1", "5, 2500, 2", "16, 1500, 3", "40, 700, 4"})
    void sameNumbersOnOneAndTwoThreads(int d, int n, long seed) {
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(seed);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] x = new double[n * d];
        double[] s = new double[n * d];
        double[] lp = new double[n];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                double v = (a + 1) * g.sample() + 0.3 * (a > 0 ? x[i * d + a - 1] : 0.0);
                x[i * d + a] = v;
                s[i * d + a] = -v;
                lp[i] -= 0.5 * v * v;
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Parallel serial = Parallel.serial();
            for (Parallel two : new Parallel[] {new Parallel(pool, 2), new Parallel(pool, 3)}) {
                for (KozachenkoLeonenko.Search search : KozachenkoLeonenko.Search.values()) {
                    KozachenkoLeonenko kl = KozachenkoLeonenko.defaults().withSearch(search);
                    Estimate one = kl.entropy(x, n, d, serial);
                    assertThat(kl.entropy(x, n, d, two)).as("%s", search).isEqualTo(one);
                    assertThat(kl.withWhitening(false).entropy(x, n, d, two))
                            .isEqualTo(kl.withWhitening(false).entropy(x, n, d, serial));
                }
                ParticleFreeEnergy f = ParticleFreeEnergy.defaults();
                assertThat(f.estimate(x, lp, n, d, two)).isEqualTo(f.estimate(x, lp, n, d, serial));
                KernelSteinDiscrepancy ksd = KernelSteinDiscrepancy.imq();
                double k1 = ksd.squared(x, s, n, d, serial);
                assertThat(Double.doubleToRawLongBits(ksd.squared(x, s, n, d, two)))
                        .isEqualTo(Double.doubleToRawLongBits(k1));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

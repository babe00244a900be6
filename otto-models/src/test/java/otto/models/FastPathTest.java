package otto.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import otto.ad.Gradients;
import otto.model.Model;

/**
 * The regressions' plain-array paths (batched log densities and gradients, closed-form Hessians,
 * Hessian-vector products and mean Hessians) agree with the automatic-differentiation path of
 * the same model to 1e-10, relative to the size of the quantity.
 */
class FastPathTest {
    static final double TOLERANCE = 1e-10;

    static Stream<Arguments> models() {
        Stream<Arguments> synthetic = Stream.of(
                Arguments.of("logistic_regression", 1L), Arguments.of("logistic_regression", 2L),
                Arguments.of("poisson_regression", 3L), Arguments.of("poisson_regression", 4L),
                Arguments.of("linear_regression", 5L), Arguments.of("linear_regression", 6L));
        Stream<Arguments> posteriordb = Stream.of("kidscore_momiq", "logearn_interaction", "blr", "nes", "kilpisjarvi", "diamonds")
                .map(name -> Arguments.of(name, 11L));
        return Stream.concat(synthetic, posteriordb);
    }

    static Model build(String name, long seed) {
        if (name.endsWith("_regression")) {
            // n = 3000 spans several blocks of the batched path when many points are evaluated
            return GlmTestData.glm(name, seed, 3000, 4);
        }
        Path dir = ZooGradientTest.posteriordbFolder(name);
        assumeTrue(dir != null, "shared posteriordb folder not found");
        return ModelZoo.get(name).create(StanData.read(dir.resolve("data.json")));
    }

    /** Points near the posterior's bulk so that the comparison is at realistic scales: around the mode's neighbourhood of 0, σ near 1. */
    static double[] points(Model m, long seed, int count) {
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(seed + 100);
        int d = m.dimension();
        double[] p = new double[count * d];
        for (int i = 0; i < p.length; i++) {
            p[i] = rng.nextDouble() - 0.5;
        }
        return p;
    }

    static void assertClose(String what, double[] actual, double[] expected) {
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertThat(Math.abs(actual[i] - expected[i])).as("%s[%d]: %s vs %s", what, i, actual[i], expected[i])
                    .isLessThanOrEqualTo(TOLERANCE * Math.max(1.0, scale));
        }
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("models")
    void batchedLogDensitiesAndGradientsEqualTheTape(String name, long seed) {
        Model m = build(name, seed);
        int d = m.dimension();
        int count = 40;
        double[] pts = points(m, seed, count);
        double[] lp = new double[count];
        double[] grads = new double[count * d];
        m.logDensities(pts, count, lp, grads);
        double[] lpOnly = new double[count];
        m.logDensities(pts, count, lpOnly, null);
        for (int c = 0; c < count; c++) {
            double[] x = Arrays.copyOfRange(pts, c * d, (c + 1) * d);
            double[] g = new double[d];
            double tape = Gradients.valueAndGradient(m::logDensity, x, g);
            assertClose(name + " log density", new double[] {lp[c], lpOnly[c]}, new double[] {tape, tape});
            assertClose(name + " gradient", Arrays.copyOfRange(grads, c * d, (c + 1) * d), g);
            double[] single = new double[d];
            assertClose(name + " single-point log density", new double[] {m.logDensity(x, single)}, new double[] {tape});
            assertClose(name + " single-point gradient", single, g);
        }
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("models")
    void closedFormHessiansEqualTheTape(String name, long seed) {
        Model m = build(name, seed);
        int d = m.dimension();
        int count = 3;
        double[] pts = points(m, seed, count);
        double[] mean = new double[d * d];
        for (int c = 0; c < count; c++) {
            double[] x = Arrays.copyOfRange(pts, c * d, (c + 1) * d);
            double[] h = new double[d * d];
            double[] tape = new double[d * d];
            m.hessian(x, h);
            Gradients.hessian(m::logDensity, x, tape);
            assertClose(name + " Hessian", h, tape);
            for (int i = 0; i < d * d; i++) {
                mean[i] += tape[i] / count;
            }
            UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(seed + c);
            double[] v = new double[d];
            for (int i = 0; i < d; i++) {
                v[i] = rng.nextDouble() * 2 - 1;
            }
            double[] hv = new double[d];
            double[] hvTape = new double[d];
            m.hessianVectorProduct(x, v, hv);
            Gradients.hessianVectorProduct(m::logDensity, x, v, null, hvTape);
            assertClose(name + " Hessian-vector product", hv, hvTape);
        }
        double[] meanHessian = new double[d * d];
        m.meanHessian(pts, count, meanHessian);
        assertClose(name + " mean Hessian", meanHessian, mean);
    }
}

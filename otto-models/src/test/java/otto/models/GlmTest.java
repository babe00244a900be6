package otto.models;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import otto.ad.Gradients;
import otto.model.Model;

/** The GLMs' plain-array fast paths (batched, closed-form Hessian) agree with the tape. */
class GlmTest {

    static Model glm(String name, long seed, int n, int k) {
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(seed);
        StringBuilder x = new StringBuilder("[");
        StringBuilder y = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            x.append(i == 0 ? "" : ",").append('[');
            for (int j = 0; j < k; j++) {
                x.append(j == 0 ? "" : ",").append(rng.nextDouble() * 2 - 1);
            }
            x.append(']');
            y.append(i == 0 ? "" : ",").append(name.startsWith("logistic") ? rng.nextInt(2) : rng.nextInt(6));
        }
        String json = "{\"N\":" + n + ",\"K\":" + k + ",\"X\":" + x + "],\"y\":" + y + "],\"prior_scale\":2.5}";
        return ModelZoo.get(name).create(StanData.parse(json, "test"));
    }

    @ParameterizedTest
    @CsvSource({"logistic_regression, 1", "logistic_regression, 2", "poisson_regression, 3", "poisson_regression, 4"})
    void fastPathsEqualTheTape(String name, long seed) {
        int n = 200;
        int k = 4;
        Model m = glm(name, seed, n, k);
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(seed + 100);
        int count = 5;
        double[] points = new double[count * k];
        for (int i = 0; i < points.length; i++) {
            points[i] = rng.nextDouble() - 0.5;
        }
        double[] lp = new double[count];
        double[] grads = new double[count * k];
        m.logDensities(points, count, lp, grads);
        for (int c = 0; c < count; c++) {
            double[] x = java.util.Arrays.copyOfRange(points, c * k, (c + 1) * k);
            double[] g = new double[k];
            double tape = Gradients.valueAndGradient(m::logDensity, x, g);
            assertThat(lp[c]).isCloseTo(tape, org.assertj.core.data.Percentage.withPercentage(1e-8));
            for (int j = 0; j < k; j++) {
                assertThat(grads[c * k + j]).isCloseTo(g[j], org.assertj.core.api.Assertions.within(1e-9 * (1 + Math.abs(g[j]))));
            }
            double[] h = new double[k * k];
            double[] ht = new double[k * k];
            m.hessian(x, h);
            Gradients.hessian(m::logDensity, x, ht);
            for (int i = 0; i < k * k; i++) {
                assertThat(h[i]).isCloseTo(ht[i], org.assertj.core.api.Assertions.within(1e-9 * (1 + Math.abs(ht[i]))));
            }
            double[] v = {0.3, -1.0, 0.5, 2.0};
            double[] hv = new double[k];
            m.hessianVectorProduct(x, v, hv);
            for (int i = 0; i < k; i++) {
                double expected = 0;
                for (int j = 0; j < k; j++) {
                    expected += ht[i * k + j] * v[j];
                }
                assertThat(hv[i]).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-9 * (1 + Math.abs(expected))));
            }
        }
    }
}

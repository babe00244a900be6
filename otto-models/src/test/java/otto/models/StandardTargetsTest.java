package otto.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import otto.model.Model;

/** The standard targets equal their closed forms (normalised where the Javadoc says so) at random points. */
class StandardTargetsTest {
    static final double LOG_2PI = Math.log(2 * Math.PI);

    static Model create(String name, String json) {
        return ModelZoo.get(name).create(json == null ? StanData.empty() : StanData.parse(json));
    }

    static double[] point(UniformRandomProvider rng, int d, double scale) {
        double[] x = new double[d];
        for (int i = 0; i < d; i++) {
            x[i] = (rng.nextDouble() * 2 - 1) * scale;
        }
        return x;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void stdNormal(long seed) {
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(seed);
        for (int d : new int[] {1, 2, 7}) {
            Model m = create("std_normal", "{\"D\": " + d + "}");
            assertThat(m.dimension()).isEqualTo(d);
            double[] x = point(rng, d, 3);
            double sq = 0;
            for (double v : x) {
                sq += v * v;
            }
            assertThat(m.logDensity(x, null)).isCloseTo(-0.5 * sq - 0.5 * d * LOG_2PI, within(1e-12));
        }
        assertThat(create("std_normal", null).dimension()).isEqualTo(2);
    }

    /** Against the closed-form inverse of {@code (1-ρ)I + ρ11ᵀ} (Sherman–Morrison) and its determinant. */
    @ParameterizedTest
    @CsvSource({"2, 0.9, 1", "3, -0.4, 2", "5, 0.3, 3", "10, 0.99, 4"})
    void correlatedNormal(int d, double rho, long seed) {
        Model m = create("correlated_normal", "{\"D\": " + d + ", \"rho\": " + rho + "}");
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(seed);
        double[] x = point(rng, d, 2);
        double sum = 0;
        double sq = 0;
        for (double v : x) {
            sum += v;
            sq += v * v;
        }
        double a = 1 - rho;
        double quad = sq / a - rho * sum * sum / (a * (a + d * rho));
        double logDet = (d - 1) * Math.log(a) + Math.log(1 + (d - 1) * rho);
        assertThat(m.logDensity(x, null)).isCloseTo(-0.5 * quad - 0.5 * logDet - 0.5 * d * LOG_2PI, within(1e-10));
        assertThat(create("correlated_normal", null).outputNames()).containsExactly("x.1", "x.2");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void banana(long seed) {
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(seed);
        double[] x = point(rng, 2, 3);
        double expected = -(100 * Math.pow(x[1] - x[0] * x[0], 2) + Math.pow(1 - x[0], 2)) / 20;
        assertThat(create("banana", null).logDensity(x, null)).isCloseTo(expected, within(1e-12 * (1 + Math.abs(expected))));
        double custom = -(5 * Math.pow(x[1] - x[0] * x[0], 2) + Math.pow(-2 - x[0], 2)) / 3;
        assertThat(create("banana", "{\"a\": -2, \"b\": 5, \"scale\": 3}").logDensity(x, null))
                .isCloseTo(custom, within(1e-12 * (1 + Math.abs(custom))));
    }

    /** The banana's log Z = log(π s / √b), by a 2-D quadrature over a wide box. */
    @org.junit.jupiter.api.Test
    void bananaNormaliser() {
        Model m = create("banana", "{\"a\": 1, \"b\": 4, \"scale\": 2}");
        // x1 ~ N(1, 1) and x2 | x1 ~ N(x1², 1/4): the rule of rectangles is spectrally accurate on a band of ±10 sd
        double h = 0.01;
        double z = 0;
        for (int i = -600; i <= 800; i++) {
            double x1 = i * h;
            for (int j = -500; j <= 500; j++) {
                z += Math.exp(m.logDensity(new double[] {x1, x1 * x1 + j * h}, null)) * h * h;
            }
        }
        assertThat(Math.log(z)).isCloseTo(Math.log(Math.PI * 2 / Math.sqrt(4)), within(1e-6));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void funnel(long seed) {
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(seed);
        Model m = create("funnel", null);
        assertThat(m.dimension()).isEqualTo(10);
        assertThat(m.outputNames()[0]).isEqualTo("v");
        double[] x = point(rng, 10, 2);
        double v = x[0];
        double expected = -0.5 * v * v / 9 - Math.log(3) - 0.5 * LOG_2PI;
        double s = Math.exp(v / 2);
        for (int i = 1; i < 10; i++) {
            expected += -0.5 * Math.pow(x[i] / s, 2) - Math.log(s) - 0.5 * LOG_2PI;
        }
        assertThat(m.logDensity(x, null)).isCloseTo(expected, within(1e-10 * (1 + Math.abs(expected))));
    }

    @ParameterizedTest
    @CsvSource({"2, 4, 1", "3, 1.5, 2", "1, 0, 3"})
    void gaussianMixture(int d, double sep, long seed) {
        Model m = create("gaussian_mixture", "{\"D\": " + d + ", \"separation\": " + sep + "}");
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(seed);
        double[] x = point(rng, d, 5);
        double left = 0;
        double right = 0;
        for (double v : x) {
            left += -0.5 * (v + sep) * (v + sep) - 0.5 * LOG_2PI;
            right += -0.5 * (v - sep) * (v - sep) - 0.5 * LOG_2PI;
        }
        double expected = Math.log(0.5 * Math.exp(left) + 0.5 * Math.exp(right));
        assertThat(m.logDensity(x, null)).isCloseTo(expected, within(1e-10 * (1 + Math.abs(expected))));
        // far out in one mode the log-sum-exp must not underflow
        double[] far = new double[d];
        java.util.Arrays.fill(far, 40);
        assertThat(m.logDensity(far, null)).isFinite();
    }
}

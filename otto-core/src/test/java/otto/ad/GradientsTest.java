package otto.ad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The entry points of {@link Gradients}, on functions with known closed-form derivatives. */
class GradientsTest {
    /** A Gaussian log density {@code -½ xᵀ A x + bᵀ x} with a known Hessian {@code -A}. */
    private static final int D = 4;
    private static final double[] A = {
        4, 1, 0, 0.5,
        1, 3, -0.5, 0,
        0, -0.5, 2, 0.25,
        0.5, 0, 0.25, 1};
    private static final double[] B = {1, -2, 0.5, 0};

    private static final ScalarFunction GAUSSIAN = x -> {
        Var ax = new Matrix(D, D, A).times(x);
        return x.dot(ax).mul(-0.5).add(x.dot(x.tape().constant(B)));
    };

    /** A non-quadratic function: {@code Σ log(1 + exp(x_i x_{i+1})) + logSumExp(x)}. */
    private static final ScalarFunction CURVED = x -> {
        int n = x.size();
        return x.slice(0, n - 1).mul(x.slice(1, n - 1)).log1pExp().sum().add(x.logSumExp());
    };

    @Test
    void closedFormGaussian() {
        double[] x = {0.3, -1, 2, 0.5};
        double[] g = new double[D];
        double value = Gradients.valueAndGradient(GAUSSIAN, x, g);
        double quad = 0;
        double lin = 0;
        for (int i = 0; i < D; i++) {
            double ax = 0;
            for (int j = 0; j < D; j++) {
                ax += A[i * D + j] * x[j];
            }
            quad += x[i] * ax;
            lin += B[i] * x[i];
            assertThat(g[i]).isCloseTo(-ax + B[i], within(1e-14));
        }
        assertThat(value).isCloseTo(-0.5 * quad + lin, within(1e-14));
        double[] h = new double[D * D];
        Gradients.hessian(GAUSSIAN, x, h);
        for (int i = 0; i < D * D; i++) {
            assertThat(h[i]).isCloseTo(-A[i], within(1e-15));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void hessianVectorProductsAreLinearInTheDirection(long seed) {
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(seed);
        int d = 5;
        double[] x = OperationDerivativesTest.uniform(rng, d, -1, 1);
        double[] u = OperationDerivativesTest.uniform(rng, d, -1, 1);
        double[] w = OperationDerivativesTest.uniform(rng, d, -1, 1);
        double alpha = rng.nextDouble() * 4 - 2;
        double[] combo = new double[d];
        for (int i = 0; i < d; i++) {
            combo[i] = alpha * u[i] + w[i];
        }
        double[] hu = new double[d];
        double[] hw = new double[d];
        double[] hc = new double[d];
        Gradients.hessianVectorProduct(CURVED, x, u, null, hu);
        Gradients.hessianVectorProduct(CURVED, x, w, null, hw);
        Gradients.hessianVectorProduct(CURVED, x, combo, null, hc);
        double[] h = new double[d * d];
        Gradients.hessian(CURVED, x, h);
        for (int i = 0; i < d; i++) {
            // exact arithmetic would make these equal; rounding of O(1) terms only
            assertThat(hc[i]).isCloseTo(alpha * hu[i] + hw[i], within(1e-13));
            double row = 0;
            for (int j = 0; j < d; j++) {
                row += h[i * d + j] * u[j];
                assertThat(h[i * d + j]).isEqualTo(h[j * d + i]);
            }
            assertThat(hu[i]).isCloseTo(row, within(1e-13));
        }
        // the zero direction gives zero
        double[] h0 = new double[d];
        Gradients.hessianVectorProduct(CURVED, x, new double[d], null, h0);
        assertThat(h0).containsOnly(0.0);
        Gradients.hessianVectorProduct(CURVED, x, null, null, h0);
        assertThat(h0).containsOnly(0.0);
    }

    @Test
    void outputsMayBeOmitted() {
        double[] x = {0.1, 0.2, -0.3};
        double[] g = new double[3];
        double v1 = Gradients.valueAndGradient(CURVED, x, null);
        double v2 = Gradients.valueAndGradient(CURVED, x, g);
        double v3 = Gradients.hessianVectorProduct(CURVED, x, new double[] {1, 0, 0}, null, null);
        double[] g2 = new double[3];
        double v4 = Gradients.hessianVectorProduct(CURVED, x, new double[] {1, 0, 0}, g2, null);
        assertThat(v1).isEqualTo(v2).isEqualTo(v3).isEqualTo(v4);
        assertThat(g2).containsExactly(g);
    }

    @Test
    void aFunctionThatIgnoresItsInputHasZeroDerivatives() {
        ScalarFunction constant = x -> x.tape().constant(3.0);
        double[] g = {7, 7};
        assertThat(Gradients.valueAndGradient(constant, new double[] {1, 2}, g)).isEqualTo(3.0);
        assertThat(g).containsExactly(0.0, 0.0);
        double[] hv = {7, 7};
        g = new double[] {7, 7};
        Gradients.hessianVectorProduct(constant, new double[] {1, 2}, new double[] {1, 1}, g, hv);
        assertThat(g).containsExactly(0.0, 0.0);
        assertThat(hv).containsExactly(0.0, 0.0);
        // linear: zero Hessian, gradient the coefficients
        ScalarFunction linear = x -> x.dot(x.tape().constant(new double[] {2, -1}));
        Gradients.hessianVectorProduct(linear, new double[] {1, 2}, new double[] {1, 1}, g, hv);
        assertThat(g).containsExactly(2.0, -1.0);
        assertThat(hv).containsExactly(0.0, 0.0);
    }

    @Test
    void aNonScalarFunctionIsAClearError() {
        ScalarFunction vector = Var::exp;
        assertThatThrownBy(() -> Gradients.valueAndGradient(vector, new double[] {1, 2}, new double[2]))
                .hasMessageContaining("scalar output, got size 2");
        assertThatThrownBy(() -> Gradients.valueAndGradient(vector, new double[] {1, 2}, null))
                .hasMessageContaining("size 2");
        assertThatThrownBy(() -> Gradients.hessianVectorProduct(vector, new double[] {1, 2}, null, null, new double[2]))
                .hasMessageContaining("scalar output, got size 2");
        assertThatThrownBy(() -> Gradients.hessianVectorProduct(GAUSSIAN, new double[4], new double[3], null, new double[4]))
                .hasMessageContaining("direction has length 3, variable has 4");
    }
}

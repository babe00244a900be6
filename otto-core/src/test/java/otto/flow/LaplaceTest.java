package otto.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import otto.flow.gaussian.Laplace;
import otto.model.Target;

class LaplaceTest {

    /**
     * {@code x = e^u ~ Gamma(a, b)}: {@code log π(u) = a u - b e^u} has its mode at
     * {@code log(a/b)} with curvature {@code -a}, from any start.
     */
    @ParameterizedTest
    @CsvSource({"2, 3, -5", "50, 0.1, 4", "0.7, 10, 0"})
    void logGammaModeAndCurvature(double a, double b, double start) {
        Target t = new Target() {
            public int dimension() {
                return 1;
            }

            public double logDensity(double[] u, double[] g) {
                double e = Math.exp(u[0]);
                if (g != null) {
                    g[0] = a - b * e;
                }
                return a * u[0] - b * e;
            }
        };
        Laplace.Fit fit = Laplace.find(t, new double[] {start}, 100);
        assertThat(fit.converged()).isTrue();
        assertThat(fit.mode()[0]).isCloseTo(Math.log(a / b), within(1e-8));
        // the Hessian here is the target's default finite difference: relative error ~1e-8
        assertThat(fit.covariance()[0]).isCloseTo(1.0 / a, within(1e-6 / a));
    }

    @ParameterizedTest
    @CsvSource({"5, 0.9", "20, 0.99"})
    void gaussianIsExactInOneStep(int d, double rho) {
        GaussianTargets.Normal target = GaussianTargets.Normal.correlated(d, rho);
        Laplace.Fit fit = Laplace.find(target, new double[d], 10);
        assertThat(fit.iterations()).isLessThanOrEqualTo(2);
        for (int i = 0; i < d; i++) {
            assertThat(fit.mode()[i]).isCloseTo(target.mean[i], within(1e-9));
        }
        for (int i = 0; i < d * d; i++) {
            assertThat(fit.covariance()[i]).isCloseTo(target.cov[i], within(1e-9));
        }
    }
}

package otto.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hipparchus.distribution.continuous.LaplaceDistribution;
import org.hipparchus.distribution.continuous.LogisticDistribution;
import org.hipparchus.distribution.continuous.WeibullDistribution;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import otto.ad.Tape;
import otto.ad.Var;

/** Distributions that the SciPy file does not cover, against Hipparchus or closed forms. */
class ClosedFormTest {

    @ParameterizedTest
    @CsvSource({"0.3, 0, 1", "-2.5, 1, 0.5", "10, -3, 4"})
    void againstHipparchus(double y, double mu, double s) {
        assertThat(DoubleExponential.lpdf(y, mu, s)).isCloseTo(new LaplaceDistribution(mu, s).logDensity(y), within(1e-12));
        assertThat(Logistic.lpdf(y, mu, s)).isCloseTo(Math.log(new LogisticDistribution(mu, s).density(y)), within(1e-12));
        double yp = Math.abs(y) + 0.1;
        assertThat(Weibull.lpdf(yp, s + 0.5, Math.abs(mu) + 1)).isCloseTo(
                new WeibullDistribution(s + 0.5, Math.abs(mu) + 1).logDensity(yp), within(1e-12));
    }

    @ParameterizedTest
    @CsvSource({"1, 0.2, -1", "3, 1.5, 0.3"})
    void categoricalIsSoftmax(int y, double b1, double b2) {
        double[] beta = {b1, b2, 0.7};
        double norm = Math.log(Math.exp(b1) + Math.exp(b2) + Math.exp(0.7));
        assertThat(CategoricalLogit.lpmf(y, beta)).isCloseTo(beta[y - 1] - norm, within(1e-14));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 1.0, 2.5})
    void multiNormalCholeskyEqualsMultiNormal(double scale) {
        double[] l = {scale, 0, 0, 0.3, 1.1, 0, -0.4, 0.2, 0.7};
        double[] sigma = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    sigma[i * 3 + j] += l[i * 3 + k] * l[j * 3 + k];
                }
            }
        }
        double[] y = {0.5, -1, 2};
        double[] mu = {0, 0.5, 1};
        assertThat(MultiNormalCholesky.lpdf(y, mu, l)).isCloseTo(MultiNormal.lpdf(y, mu, sigma), within(1e-12));
    }

    /** For K = 2 the LKJ density of L as a function of its free element r = L₂₁ integrates to one. */
    @ParameterizedTest
    @ValueSource(doubles = {0.7, 1.0, 2.0, 5.0})
    void lkjTwoByTwoIsNormalised(double eta) {
        int n = 200_000;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double r = -1 + (i + 0.5) * 2.0 / n;
            double[] l = {1, 0, r, Math.sqrt(1 - r * r)};
            sum += Math.exp(LkjCorrCholesky.lpdf(l, eta, 2)) * 2.0 / n;
        }
        assertThat(sum).isCloseTo(1.0, within(eta < 1 ? 2e-3 : 1e-6));
    }

    @ParameterizedTest
    @CsvSource({"0.5, 1.0, 2.0"})
    void vectorArgumentsBroadcastLikeSumsOfScalars(double mu, double sigma, double shift) {
        Tape t = Tape.create();
        double[] y = {0.1, -0.4, 2.2};
        Var v = Normal.lpdf(t.constant(y), t.constant(mu), t.constant(sigma));
        double s = 0;
        for (double yi : y) {
            s += Normal.lpdf(yi, mu, sigma);
        }
        assertThat(v.value()).isCloseTo(s, within(1e-13));
        Var st = StudentT.lpdf(t.constant(y), t.constant(3.0), t.constant(new double[] {0, mu, shift}), t.constant(sigma));
        assertThat(st.value()).isCloseTo(StudentT.lpdf(y[0], 3, 0, sigma) + StudentT.lpdf(y[1], 3, mu, sigma)
                + StudentT.lpdf(y[2], 3, shift, sigma), within(1e-13));
    }

    @org.junit.jupiter.api.Test
    void invalidParametersAreNaNAndOutsideSupportIsMinusInfinity() {
        assertThat(Normal.lpdf(0, 0, -1)).isNaN();
        assertThat(Gamma.lpdf(-1, 2, 1)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Beta.lpdf(1.5, 2, 2)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(PoissonLog.lpmf(-1, 0.5)).isEqualTo(Double.NEGATIVE_INFINITY);
    }
}

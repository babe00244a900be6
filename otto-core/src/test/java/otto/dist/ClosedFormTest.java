package otto.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hipparchus.distribution.continuous.LaplaceDistribution;
import org.hipparchus.distribution.continuous.LogisticDistribution;
import org.hipparchus.distribution.continuous.WeibullDistribution;
import org.hipparchus.distribution.discrete.PascalDistribution;
import org.hipparchus.distribution.multivariate.MultivariateNormalDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import otto.math.SpecialFunctions;

/**
 * Distributions that the SciPy file does not cover, and regimes it does not reach, against
 * Hipparchus, closed forms and 50-digit values (mpmath 1.3.0, quoted in the tests).
 */
class ClosedFormTest {

    private static void assertRelative(double actual, double expected, double tolerance) {
        assertThat(Math.abs(actual - expected)).as("%s vs %s", actual, expected)
                .isLessThanOrEqualTo(tolerance * Math.abs(expected) + 1e-300);
    }

    @ParameterizedTest
    @CsvSource({"0.3, 0, 1", "-2.5, 1, 0.5", "10, -3, 4", "-30, 2, 0.7"})
    void laplaceLogisticAndWeibullAgreeWithHipparchus(double y, double mu, double s) {
        assertRelative(DoubleExponential.lpdf(y, mu, s), new LaplaceDistribution(mu, s).logDensity(y), 1e-13);
        assertRelative(Logistic.lpdf(y, mu, s), Math.log(new LogisticDistribution(mu, s).density(y)), 1e-12);
        double yp = Math.abs(y) + 0.1;
        double shape = s + 0.5;
        double scale = Math.abs(mu) + 1;
        assertRelative(Weibull.lpdf(yp, shape, scale), new WeibullDistribution(shape, scale).logDensity(yp), 1e-12);
    }

    @Test
    void logisticTailsDoNotOverflow() {
        // log p = -|z| - 2 log(1 + e^{-|z|}) - log s, and the density is symmetric in z.
        assertRelative(Logistic.lpdf(-2000, 0, 2), -1000 - Math.log(2), 1e-15);
        assertRelative(Logistic.lpdf(2000, 0, 2), -1000 - Math.log(2), 1e-15);
    }

    @ParameterizedTest
    @CsvSource({"1, 0.2, -1", "3, 1.5, 0.3", "2, 1000, -1000"})
    void categoricalIsLogSoftmax(int y, double b1, double b2) {
        double[] beta = {b1, b2, 0.7};
        double norm = SpecialFunctions.logSumExp(beta);
        assertThat(CategoricalLogit.lpmf(y, beta)).isCloseTo(beta[y - 1] - norm, within(1e-13));
    }

    /** {@code L Lᵀ} for a {@code k × k} row-major L. */
    static double[] timesTranspose(double[] l, int k) {
        double[] s = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                for (int m = 0; m < k; m++) {
                    s[i * k + j] += l[i * k + m] * l[j * k + m];
                }
            }
        }
        return s;
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 1.0, 2.5})
    void multiNormalCholeskyEqualsMultiNormalWithLLt(double scale) {
        double[] l = {scale, 0, 0, 0.3, 1.1, 0, -0.4, 0.2, 0.7};
        double[] sigma = timesTranspose(l, 3);
        double[] y = {0.5, -1, 2};
        double[] mu = {0, 0.5, 1};
        double[][] cov = {{sigma[0], sigma[1], sigma[2]}, {sigma[3], sigma[4], sigma[5]}, {sigma[6], sigma[7], sigma[8]}};
        double hipparchus = Math.log(new MultivariateNormalDistribution(mu, cov).density(y));
        assertRelative(MultiNormalCholesky.lpdf(y, mu, l), hipparchus, 1e-12);
        assertRelative(MultiNormal.lpdf(y, mu, sigma), hipparchus, 1e-12);
    }

    @Test
    void multiNormalCholeskyIgnoresTheUpperTriangle() {
        double[] l = {1.2, 0, 0, 0.3, 0.9, 0, -0.4, 0.2, 0.7};
        double[] dirty = l.clone();
        dirty[1] = 5;
        dirty[5] = -3;
        double[] y = {0.5, -1, 2};
        double[] mu = {0, 0.5, 1};
        assertThat(MultiNormalCholesky.lpdf(y, mu, dirty)).isEqualTo(MultiNormalCholesky.lpdf(y, mu, l));
    }

    /** For K = 2 the density of L as a function of its free element r = L₂₁ integrates to one. */
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
        // midpoint rule: error O(n^{-2}) for η ≥ 1; the integrable r^{η-1} end singularity for η < 1
        assertThat(sum).isCloseTo(1.0, within(eta < 1 ? 2e-3 : 1e-6));
    }

    /**
     * For K = 3, {@code det R = (1-r₁₂²)(1-r₁₃²) - (r₂₃ - r₁₂r₁₃)²}; integrating {@code (det R)^{η-1}}
     * over r₂₃ and then r₁₂, r₁₃ gives {@code c₃(η) = B(½, η) B(½, η + ½)²}. The LKJ density of L
     * is {@code det(R)^{η-1} / c₃} times the Jacobian {@code L₂₂} of {@code L ↦ R}.
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.5, 1.0, 2.0, 7.3})
    void lkjThreeByThreeHasTheClosedFormNormaliser(double eta) {
        double logC3 = org.hipparchus.special.Beta.logBeta(0.5, eta) + 2 * org.hipparchus.special.Beta.logBeta(0.5, eta + 0.5);
        double[] l = lkjFactor(0.3, -0.5, 0.4);
        double[] r = timesTranspose(l, 3);
        double det = r[0] * (r[4] * r[8] - r[5] * r[7]) - r[1] * (r[3] * r[8] - r[5] * r[6])
                + r[2] * (r[3] * r[7] - r[4] * r[6]);
        double expected = (eta - 1) * Math.log(det) - logC3 + Math.log(l[4]);
        assertRelative(LkjCorrCholesky.lpdf(l, eta, 3), expected, 1e-12);
    }

    /**
     * With η = 1 the density of R is uniform, 1 / vol(K-elliptope); Stan's do_lkj_constant has a
     * separate closed form for this case, which we check the general formula against.
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5, 6, 8})
    void lkjUniformCaseMatchesTheEllipotopeVolume(int k) {
        int km1 = k - 1;
        double logInvVolume = 0;
        for (int i = 1; i <= km1 / 2; i++) {
            logInvVolume -= SpecialFunctions.lgamma(2.0 * i);
        }
        if (k % 2 == 1) {
            logInvVolume -= 0.25 * (k * k - 1) * SpecialFunctions.LOG_PI - 0.25 * km1 * km1 * Math.log(2)
                    - km1 * SpecialFunctions.lgamma(0.5 * (k + 1));
        } else {
            logInvVolume -= 0.25 * k * (k - 2) * SpecialFunctions.LOG_PI + 0.25 * (3 * k * k - 4 * k) * Math.log(2)
                    + k * SpecialFunctions.lgamma(0.5 * k) - km1 * SpecialFunctions.lgamma(k);
        }
        double[] identity = new double[k * k];
        for (int i = 0; i < k; i++) {
            identity[i * k + i] = 1;
        }
        // at L = I every log L_ii is 0, so the density is the normalising constant alone
        assertRelative(LkjCorrCholesky.lpdf(identity, 1.0, k), logInvVolume, 1e-12);
        if (k == 3) {
            assertRelative(logInvVolume, Math.log(2 / (Math.PI * Math.PI)), 1e-14);
        }
    }

    /** The Cholesky factor of a 3 × 3 correlation matrix from three canonical partial correlations. */
    static double[] lkjFactor(double z0, double z1, double z2) {
        double r1 = 1 - z1 * z1;
        return new double[] {1, 0, 0, z0, Math.sqrt(1 - z0 * z0), 0, z1, z2 * Math.sqrt(r1), Math.sqrt(r1 * (1 - z2 * z2))};
    }

    @Test
    void lkjOutsideTheSupportIsMinusInfinityAndBadEtaIsNaN() {
        double[] l = lkjFactor(0.3, -0.5, 0.4);
        double[] notUnit = l.clone();
        notUnit[3] = 0.35;
        double[] upper = l.clone();
        upper[2] = 0.1;
        assertThat(LkjCorrCholesky.lpdf(notUnit, 2, 3)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(LkjCorrCholesky.lpdf(upper, 2, 3)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(LkjCorrCholesky.lpdf(l, 0, 3)).isNaN();
        assertThat(LkjCorrCholesky.lpdf(new double[] {1}, 2, 1)).isZero();
    }

    /** With an integer precision φ = r, neg_binomial_2 is Pascal(r, p = φ/(μ+φ)). */
    @ParameterizedTest
    @CsvSource({"0, 1.0, 1", "4, 1.0, 2", "7, 1.5, 5", "12, 2.0, 50", "30, 3.0, 3000", "0, -1.0, 20"})
    void negBinomialAgreesWithPascal(int k, double eta, int phi) {
        double p = phi / (Math.exp(eta) + phi);
        assertRelative(NegBinomial2Log.lpmf(k, eta, phi), new PascalDistribution(phi, p).logProbability(k), 1e-10);
    }

    @ParameterizedTest
    @CsvSource({
        "3, 1.0, 1e6, -1.5100427580026477462",
        "0, 2.0, 1e10, -7.3890560962007427269",
        "7, 1.5, 15.0, -2.5439406811182424155",
        "40, 3.0, 1e4, -10.388396235418707488",
        "2, 0.5, 1e14, -1.3418684512600828393"})
    void negBinomialKeepsItsDigitsForLargePrecision(int k, double eta, double phi, double mpmath) {
        assertRelative(NegBinomial2Log.lpmf(k, eta, phi), mpmath, 1e-12);
    }

    @ParameterizedTest
    @CsvSource({
        "0.7, 1e8, 0.2, 1.3, -1.2552672978985214265",
        "2.5, 12.0, 0, 1, -3.6649277473068560081",
        "-1.5, 1e15, 0, 2, -1.8933357137646185033",
        "3.0, 25.5, 1, 0.5, -6.6885411856772805505"})
    void studentTKeepsItsDigitsForLargeDegreesOfFreedom(double y, double nu, double mu, double sigma, double mpmath) {
        assertRelative(StudentT.lpdf(y, nu, mu, sigma), mpmath, 1e-12);
    }

    @Test
    void limitsOfLargePrecisionAndDegreesOfFreedom() {
        assertRelative(NegBinomial2Log.lpmf(5, 1.3, 1e15), PoissonLog.lpmf(5, 1.3), 1e-13);
        assertRelative(StudentT.lpdf(0.8, 1e15, 0.1, 1.7), Normal.lpdf(0.8, 0.1, 1.7), 1e-13);
    }

    @Test
    void logitTailsKeepFullRelativePrecision() {
        assertRelative(BernoulliLogit.lpmf(0, 25.0), -25.000000000013888, 1e-15);
        assertRelative(BernoulliLogit.lpmf(0, -40.0), -4.248354255291589e-18, 1e-10);
        assertRelative(BernoulliLogit.lpmf(1, 40.0), -4.248354255291589e-18, 1e-10);
        assertRelative(BernoulliLogit.lpmf(1, -800.0), -800.0, 1e-15);
        assertRelative(BinomialLogit.lpmf(10, 10, 40.0), -10 * 4.248354255291589e-18, 1e-10);
        assertRelative(BinomialLogit.lpmf(0, 10, -40.0), -10 * 4.248354255291589e-18, 1e-10);
        assertRelative(PoissonLog.lpmf(0, -50.0), -Math.exp(-50.0), 1e-15);
    }

    @Test
    void closedBoundariesTakeTheLimitOfTheDensity() {
        assertRelative(Gamma.lpdf(0, 1, 2.5), Math.log(2.5), 1e-15);
        assertThat(Gamma.lpdf(0, 2, 1)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Gamma.lpdf(0, 0.5, 1)).isEqualTo(Double.POSITIVE_INFINITY);
        assertRelative(Weibull.lpdf(0, 1, 2.0), -Math.log(2.0), 1e-15);
        assertThat(Weibull.lpdf(0, 3, 2.0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertRelative(Beta.lpdf(0, 1, 3), Math.log(3), 1e-15);
        assertRelative(Beta.lpdf(1, 2, 1), Math.log(2), 1e-15);
        assertThat(Beta.lpdf(0, 2, 2)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Beta.lpdf(1, 2, 0.5)).isEqualTo(Double.POSITIVE_INFINITY);
        assertRelative(Exponential.lpdf(0, 3), Math.log(3), 1e-15);
        double dirichlet = SpecialFunctions.lgamma(6) - SpecialFunctions.lgamma(2) - SpecialFunctions.lgamma(3)
                + Math.log(0.4) + 2 * Math.log(0.6);
        assertRelative(Dirichlet.lpdf(new double[] {0, 0.4, 0.6}, new double[] {1, 2, 3}), dirichlet, 1e-14);
        assertThat(Dirichlet.lpdf(new double[] {0, 0.4, 0.6}, new double[] {2, 2, 3})).isEqualTo(Double.NEGATIVE_INFINITY);
    }
}

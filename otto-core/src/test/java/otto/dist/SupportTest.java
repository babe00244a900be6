package otto.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import otto.ad.Tape;
import otto.ad.Var;

/**
 * The support conventions of package-info: NaN for an invalid parameter (a flow rejects the
 * point), {@code -∞} for a variate outside the support.
 */
class SupportTest {
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double NAN = Double.NaN;

    private static Arguments nan(String what, DoubleSupplier call) {
        return Arguments.of(what, call, NAN);
    }

    private static Arguments outside(String what, DoubleSupplier call) {
        return Arguments.of(what, call, Double.NEGATIVE_INFINITY);
    }

    static Stream<Arguments> cases() {
        double[] l2 = {1, 0, 0.6, 0.8};
        return Stream.of(
                nan("normal sigma = 0", () -> Normal.lpdf(0, 0, 0)),
                nan("normal sigma < 0", () -> Normal.lpdf(0, 0, -1)),
                nan("normal sigma = inf", () -> Normal.lpdf(0, 0, INF)),
                nan("normal mu = inf", () -> Normal.lpdf(0, INF, 1)),
                nan("normal mu NaN", () -> Normal.lpdf(0, NAN, 1)),
                nan("student_t nu = 0", () -> StudentT.lpdf(0, 0, 0, 1)),
                nan("student_t sigma < 0", () -> StudentT.lpdf(0, 3, 0, -1)),
                nan("cauchy sigma = 0", () -> Cauchy.lpdf(0, 0, 0)),
                nan("double_exponential sigma < 0", () -> DoubleExponential.lpdf(0, 0, -2)),
                nan("logistic s = 0", () -> Logistic.lpdf(0, 0, 0)),
                nan("exponential beta = 0", () -> Exponential.lpdf(1, 0)),
                nan("exponential beta < 0 with y < 0", () -> Exponential.lpdf(-1, -1)),
                nan("gamma alpha = 0", () -> Gamma.lpdf(1, 0, 1)),
                nan("gamma beta < 0", () -> Gamma.lpdf(1, 1, -1)),
                nan("inv_gamma alpha < 0", () -> InvGamma.lpdf(1, -1, 1)),
                nan("weibull sigma = 0", () -> Weibull.lpdf(1, 1, 0)),
                nan("beta a = 0", () -> Beta.lpdf(0.5, 0, 1)),
                nan("beta b = inf", () -> Beta.lpdf(0.5, 1, INF)),
                nan("lognormal sigma = 0", () -> LogNormal.lpdf(1, 0, 0)),
                nan("uniform beta = alpha", () -> Uniform.lpdf(1, 1, 1)),
                nan("uniform beta < alpha", () -> Uniform.lpdf(1, 2, 0)),
                nan("uniform alpha = -inf", () -> Uniform.lpdf(1, -INF, 2)),
                nan("bernoulli_logit alpha NaN", () -> BernoulliLogit.lpmf(1, NAN)),
                nan("binomial_logit alpha = inf", () -> BinomialLogit.lpmf(1, 2, INF)),
                nan("poisson_log alpha NaN", () -> PoissonLog.lpmf(1, NAN)),
                nan("neg_binomial_2_log phi = 0", () -> NegBinomial2Log.lpmf(1, 0, 0)),
                nan("neg_binomial_2_log eta = inf", () -> NegBinomial2Log.lpmf(1, INF, 1)),
                nan("categorical_logit beta = inf", () -> CategoricalLogit.lpmf(1, new double[] {0, INF})),
                nan("dirichlet alpha = 0", () -> Dirichlet.lpdf(new double[] {0.5, 0.5}, new double[] {0, 1})),
                nan("multi_normal not positive definite",
                        () -> MultiNormal.lpdf(new double[] {0, 0}, new double[] {0, 0}, new double[] {1, 2, 2, 1})),
                nan("multi_normal not symmetric",
                        () -> MultiNormal.lpdf(new double[] {0, 0}, new double[] {0, 0}, new double[] {2, 0.5, 0.4, 2})),
                nan("multi_normal mu = inf",
                        () -> MultiNormal.lpdf(new double[] {0, 0}, new double[] {INF, 0}, new double[] {1, 0, 0, 1})),
                nan("multi_normal_cholesky L_ii = 0",
                        () -> MultiNormalCholesky.lpdf(new double[] {0, 0}, new double[] {0, 0}, new double[] {1, 0, 0.5, 0})),
                nan("lkj_corr_cholesky eta < 0", () -> LkjCorrCholesky.lpdf(l2, -1, 2)),
                outside("exponential y < 0", () -> Exponential.lpdf(-1, 1)),
                outside("gamma y < 0", () -> Gamma.lpdf(-1, 2, 1)),
                outside("inv_gamma y = 0", () -> InvGamma.lpdf(0, 2, 1)),
                outside("weibull y < 0", () -> Weibull.lpdf(-0.1, 2, 1)),
                outside("beta y > 1", () -> Beta.lpdf(1.5, 2, 2)),
                outside("beta y < 0", () -> Beta.lpdf(-0.5, 2, 2)),
                outside("lognormal y = 0", () -> LogNormal.lpdf(0, 0, 1)),
                outside("lognormal y < 0", () -> LogNormal.lpdf(-1, 0, 1)),
                outside("uniform y < alpha", () -> Uniform.lpdf(-0.1, 0, 1)),
                outside("uniform y > beta", () -> Uniform.lpdf(1.1, 0, 1)),
                outside("bernoulli_logit y = 2", () -> BernoulliLogit.lpmf(2, 0.3)),
                outside("binomial_logit n > N", () -> BinomialLogit.lpmf(3, 2, 0.3)),
                outside("binomial_logit n < 0", () -> BinomialLogit.lpmf(-1, 2, 0.3)),
                outside("poisson_log k < 0", () -> PoissonLog.lpmf(-1, 0.5)),
                outside("neg_binomial_2_log k < 0", () -> NegBinomial2Log.lpmf(-1, 0.5, 2)),
                outside("categorical_logit y = 0", () -> CategoricalLogit.lpmf(0, new double[] {0, 1})),
                outside("categorical_logit y > K", () -> CategoricalLogit.lpmf(3, new double[] {0, 1})),
                outside("dirichlet negative theta", () -> Dirichlet.lpdf(new double[] {-0.1, 1.1}, new double[] {1, 1})),
                outside("dirichlet theta off the simplex", () -> Dirichlet.lpdf(new double[] {0.5, 0.6}, new double[] {1, 1})),
                outside("lkj_corr_cholesky row not unit", () -> LkjCorrCholesky.lpdf(new double[] {1, 0, 0.6, 0.7}, 1, 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void invalidParametersAreNaNAndOutsideTheSupportIsMinusInfinity(String what, DoubleSupplier call, double expected) {
        if (Double.isNaN(expected)) {
            assertThat(call.getAsDouble()).as(what).isNaN();
        } else {
            assertThat(call.getAsDouble()).as(what).isEqualTo(expected);
        }
    }

    @org.junit.jupiter.api.Test
    void oneBadElementOfAVectorDecides() {
        Tape t = Tape.create();
        Var y = t.constant(new double[] {0.5, 1.2, -0.1});
        assertThat(Gamma.lpdf(y, t.constant(2.0), t.constant(1.0)).value()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Normal.lpdf(y, t.constant(0.0), t.constant(new double[] {1, 0, 1})).value()).isNaN();
        assertThat(BernoulliLogit.lpmf(new int[] {0, 1, 3}, t.constant(0.2)).value()).isEqualTo(Double.NEGATIVE_INFINITY);
    }
}

package otto.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import otto.ad.Tape;
import otto.ad.Var;

/**
 * Broadcasting: a vector argument against length-1 others gives the sum of the scalar calls, for
 * every position of the vector argument, and equals the call with every argument repeated to
 * full length (which exercises the scalar fast paths against the general one).
 */
class BroadcastTest {
    private static final int N = 4;

    /** A family of continuous distributions: the lpdf of its arguments, and one value per argument. */
    record Family(Function<Var[], Var> lpdf, double[][] values) {
    }

    static Map<String, Family> continuous() {
        Map<String, Family> f = new LinkedHashMap<>();
        double[] y = {0.3, 1.7, 0.05, 2.4};
        double[] unit = {0.3, 0.7, 0.05, 0.95};
        double[] loc = {0.1, -0.5, 1.2, 0.0};
        double[] scale = {0.5, 1.3, 2.0, 0.9};
        double[] shape = {0.7, 2.5, 1.0, 4.0};
        f.put("normal", new Family(a -> Normal.lpdf(a[0], a[1], a[2]), new double[][] {y, loc, scale}));
        f.put("student_t", new Family(a -> StudentT.lpdf(a[0], a[1], a[2], a[3]),
                new double[][] {y, {3, 25, 0.8, 60}, loc, scale}));
        f.put("cauchy", new Family(a -> Cauchy.lpdf(a[0], a[1], a[2]), new double[][] {y, loc, scale}));
        f.put("double_exponential", new Family(a -> DoubleExponential.lpdf(a[0], a[1], a[2]), new double[][] {y, loc, scale}));
        f.put("logistic", new Family(a -> Logistic.lpdf(a[0], a[1], a[2]), new double[][] {y, loc, scale}));
        f.put("exponential", new Family(a -> Exponential.lpdf(a[0], a[1]), new double[][] {y, scale}));
        f.put("gamma", new Family(a -> Gamma.lpdf(a[0], a[1], a[2]), new double[][] {y, shape, scale}));
        f.put("inv_gamma", new Family(a -> InvGamma.lpdf(a[0], a[1], a[2]), new double[][] {y, shape, scale}));
        f.put("weibull", new Family(a -> Weibull.lpdf(a[0], a[1], a[2]), new double[][] {y, shape, scale}));
        f.put("beta", new Family(a -> Beta.lpdf(a[0], a[1], a[2]), new double[][] {unit, shape, scale}));
        f.put("lognormal", new Family(a -> LogNormal.lpdf(a[0], a[1], a[2]), new double[][] {y, loc, scale}));
        f.put("uniform", new Family(a -> Uniform.lpdf(a[0], a[1], a[2]),
                new double[][] {unit, {-1, 0, 0.01, -3}, {1, 2, 0.5, 1}}));
        return f;
    }

    static Stream<Arguments> vectorPositions() {
        return continuous().entrySet().stream().flatMap(e -> {
            int arity = e.getValue().values().length;
            return Stream.iterate(0, i -> i < arity, i -> i + 1).map(i -> Arguments.of(e.getKey(), e.getValue(), i));
        });
    }

    @ParameterizedTest(name = "{0}, argument {2} a vector")
    @MethodSource("vectorPositions")
    void oneVectorArgumentIsTheSumOfScalarCalls(String name, Family family, int vectorArg) {
        double[][] v = family.values();
        Tape t = Tape.create();
        Var[] args = new Var[v.length];
        for (int j = 0; j < v.length; j++) {
            args[j] = j == vectorArg ? t.constant(v[j]) : t.constant(v[j][0]);
        }
        double vector = family.lpdf().apply(args).value();
        Var[] repeated = new Var[v.length];
        for (int j = 0; j < v.length; j++) {
            repeated[j] = j == vectorArg ? t.constant(v[j]) : t.constant(new double[] {v[j][0], v[j][0], v[j][0], v[j][0]});
        }
        double full = family.lpdf().apply(repeated).value();
        double sum = 0;
        for (int i = 0; i < N; i++) {
            Var[] scalars = new Var[v.length];
            for (int j = 0; j < v.length; j++) {
                scalars[j] = t.constant(v[j][j == vectorArg ? i : 0]);
            }
            sum += family.lpdf().apply(scalars).value();
        }
        assertThat(sum).isFinite();
        assertThat(vector).as(name).isCloseTo(sum, within(1e-12 * (1 + Math.abs(sum))));
        assertThat(full).as(name).isCloseTo(sum, within(1e-12 * (1 + Math.abs(sum))));
    }

    @ParameterizedTest(name = "{0}, all arguments vectors")
    @MethodSource("names")
    void allVectorArgumentsAreTheSumOfScalarCalls(String name) {
        Family family = continuous().get(name);
        double[][] v = family.values();
        Tape t = Tape.create();
        Var[] args = new Var[v.length];
        for (int j = 0; j < v.length; j++) {
            args[j] = t.constant(v[j]);
        }
        double sum = 0;
        for (int i = 0; i < N; i++) {
            Var[] scalars = new Var[v.length];
            for (int j = 0; j < v.length; j++) {
                scalars[j] = t.constant(v[j][i]);
            }
            sum += family.lpdf().apply(scalars).value();
        }
        assertThat(family.lpdf().apply(args).value()).as(name).isCloseTo(sum, within(1e-12 * (1 + Math.abs(sum))));
    }

    static Stream<String> names() {
        return continuous().keySet().stream();
    }

    @Test
    void discreteFamiliesBroadcastLikeSumsOfScalarCalls() {
        Tape t = Tape.create();
        int[] y = {0, 1, 1, 0, 1};
        double[] alpha = {0.3, -2, 25, -40, 1.5};
        double[] same = {0.3, 0.3, 0.3, 0.3, 0.3};
        double bernoulli = 0;
        double bernoulliScalar = 0;
        for (int i = 0; i < y.length; i++) {
            bernoulli += BernoulliLogit.lpmf(y[i], alpha[i]);
            bernoulliScalar += BernoulliLogit.lpmf(y[i], 0.3);
        }
        assertThat(BernoulliLogit.lpmf(y, t.constant(alpha)).value()).isCloseTo(bernoulli, within(1e-13));
        assertThat(BernoulliLogit.lpmf(y, t.constant(0.3)).value()).isCloseTo(bernoulliScalar, within(1e-13));
        assertThat(BernoulliLogit.lpmf(y, t.constant(same)).value()).isCloseTo(bernoulliScalar, within(1e-13));
        assertThat(BernoulliLogit.lpmf(new int[] {1}, t.constant(alpha)).value()).isCloseTo(
                sum(i -> BernoulliLogit.lpmf(1, alpha[i]), alpha.length), within(1e-12));

        int[] n = {2, 0, 5, 7, 1};
        int[] trials = {5, 3, 5, 10, 1};
        assertThat(BinomialLogit.lpmf(n, trials, t.constant(alpha)).value()).isCloseTo(
                sum(i -> BinomialLogit.lpmf(n[i], trials[i], alpha[i]), n.length), within(1e-10));
        assertThat(BinomialLogit.lpmf(n, trials, t.constant(0.3)).value()).isCloseTo(
                sum(i -> BinomialLogit.lpmf(n[i], trials[i], 0.3), n.length), within(1e-12));
        assertThat(BinomialLogit.lpmf(new int[] {3}, new int[] {8}, t.constant(same)).value()).isCloseTo(
                5 * BinomialLogit.lpmf(3, 8, 0.3), within(1e-12));

        int[] k = {0, 3, 7, 160, 1};
        double[] logRate = {1.2, -2, 0.5, 5, 0};
        assertThat(PoissonLog.lpmf(k, t.constant(logRate)).value()).isCloseTo(
                sum(i -> PoissonLog.lpmf(k[i], logRate[i]), k.length), within(1e-11));
        assertThat(PoissonLog.lpmf(k, t.constant(0.7)).value()).isCloseTo(
                sum(i -> PoissonLog.lpmf(k[i], 0.7), k.length), within(1e-11));
        assertThat(PoissonLog.lpmf(new int[] {4}, t.constant(logRate)).value()).isCloseTo(
                sum(i -> PoissonLog.lpmf(4, logRate[i]), k.length), within(1e-11));

        double[] phi = {2, 0.5, 50, 1e6, 9.99};
        assertThat(NegBinomial2Log.lpmf(k, t.constant(logRate), t.constant(phi)).value()).isCloseTo(
                sum(i -> NegBinomial2Log.lpmf(k[i], logRate[i], phi[i]), k.length), within(1e-10));
        assertThat(NegBinomial2Log.lpmf(k, t.constant(0.7), t.constant(3.0)).value()).isCloseTo(
                sum(i -> NegBinomial2Log.lpmf(k[i], 0.7, 3.0), k.length), within(1e-10));
        assertThat(NegBinomial2Log.lpmf(new int[] {4}, t.constant(logRate), t.constant(phi)).value()).isCloseTo(
                sum(i -> NegBinomial2Log.lpmf(4, logRate[i], phi[i]), k.length), within(1e-10));
        assertThat(NegBinomial2Log.lpmf(k, t.constant(0.7), t.constant(phi)).value()).isCloseTo(
                sum(i -> NegBinomial2Log.lpmf(k[i], 0.7, phi[i]), k.length), within(1e-10));

        double[] beta = {0.2, -1, 0.7};
        int[] outcomes = {1, 3, 3, 2};
        assertThat(CategoricalLogit.lpmf(outcomes, t.constant(beta)).value()).isCloseTo(
                sum(i -> CategoricalLogit.lpmf(outcomes[i], beta), outcomes.length), within(1e-13));
    }

    @Test
    void multivariateSumsOverVectors() {
        Tape t = Tape.create();
        double[] y = {0.5, -1, 2, 0.1, 0.2, -0.3};
        double[] mu = {0, 0.5, 1};
        double[] mus = {0, 0.5, 1, -1, 0, 0.2};
        double[] l = {1.2, 0, 0, 0.3, 0.9, 0, -0.4, 0.2, 0.7};
        double one = MultiNormalCholesky.lpdf(new double[] {0.5, -1, 2}, mu, l);
        double two = MultiNormalCholesky.lpdf(new double[] {0.1, 0.2, -0.3}, mu, l);
        assertThat(MultiNormalCholesky.lpdf(t.constant(y), t.constant(mu), t.constant(l), 3).value())
                .isCloseTo(one + two, within(1e-13));
        double twoOwnMean = MultiNormalCholesky.lpdf(new double[] {0.1, 0.2, -0.3}, new double[] {-1, 0, 0.2}, l);
        assertThat(MultiNormalCholesky.lpdf(t.constant(y), t.constant(mus), t.constant(l), 3).value())
                .isCloseTo(one + twoOwnMean, within(1e-13));
        double[] sigma = ClosedFormTest.timesTranspose(l, 3);
        assertThat(MultiNormal.lpdf(t.constant(y), t.constant(mu), t.constant(sigma), 3).value())
                .isCloseTo(one + two, within(1e-12));
    }

    @Test
    void sizesThatDoNotBroadcastAreRejected() {
        Tape t = Tape.create();
        assertThatThrownBy(() -> Normal.lpdf(t.constant(new double[3]), t.constant(new double[2]), t.constant(1.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("broadcast");
        assertThatThrownBy(() -> BernoulliLogit.lpmf(new int[] {0, 1, 1}, t.constant(new double[2])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MultiNormalCholesky.lpdf(t.constant(new double[4]), t.constant(new double[3]),
                t.constant(new double[9]), 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Dirichlet.lpdf(t.constant(new double[] {0.5, 0.5}), t.constant(new double[3])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static double sum(java.util.function.IntToDoubleFunction f, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += f.applyAsDouble(i);
        }
        return s;
    }
}

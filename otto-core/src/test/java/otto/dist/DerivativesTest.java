package otto.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import otto.ad.Gradients;
import otto.ad.ScalarFunction;
import otto.ad.Tape;
import otto.ad.Var;

/**
 * Gradients and Hessian–vector products of every log density, with respect to its parameters
 * (and its variate, where continuous), against central finite differences at seeded random
 * points inside the support.
 *
 * <p>Each case slices one input vector into the arguments. With step {@code h = 1e-5} the
 * central difference has truncation error {@code O(h² f''')} ≈ 1e-10 and rounding error
 * {@code O(ε |f| / h)} ≈ 1e-10 for the values here (|f| below a few hundred, moderate third
 * derivatives on the sampled boxes), so agreement to {@code 1e-6 (1 + |fd|)} is a safe bound
 * that still catches any wrong derivative term.
 */
class DerivativesTest {
    private static final double H = 1e-5;
    private static final double TOL = 1e-6;

    /** A differentiable case: name, the box each coordinate is drawn from, the function. */
    record Case(String name, double[][] box, ScalarFunction f) {
        double[] draw(UniformRandomProvider rng) {
            double[] x = new double[box.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = box[i][0] + (box[i][1] - box[i][0]) * rng.nextDouble();
            }
            return x;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Boxes from triples {@code (count, lo, hi)}: {@code count} coordinates each drawn in {@code [lo, hi]}. */
    private static double[][] box(Object... spec) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < spec.length; i += 3) {
            int count = (Integer) spec[i];
            for (int j = 0; j < count; j++) {
                out.add(new double[] {((Number) spec[i + 1]).doubleValue(), ((Number) spec[i + 2]).doubleValue()});
            }
        }
        return out.toArray(new double[0][]);
    }

    private static Var data(Var x, double... values) {
        return x.tape().constant(values);
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("normal, vector mu", box(3, -2, 2, 3, -1, 1, 1, 0.5, 2),
                x -> Normal.lpdf(x.slice(0, 3), x.slice(3, 3), x.get(6))));
        c.add(new Case("normal, vector sigma", box(3, -2, 2, 1, -1, 1, 3, 0.5, 2),
                x -> Normal.lpdf(x.slice(0, 3), x.get(3), x.slice(4, 3))));
        c.add(new Case("student_t, small nu", box(3, -3, 3, 1, 1, 5, 1, -1, 1, 1, 0.5, 2),
                x -> StudentT.lpdf(x.slice(0, 3), x.get(3), x.get(4), x.get(5))));
        c.add(new Case("student_t, large nu (Stirling)", box(3, -3, 3, 1, 25, 60, 1, -1, 1, 3, 0.5, 2),
                x -> StudentT.lpdf(x.slice(0, 3), x.get(3), x.get(4), x.slice(5, 3))));
        c.add(new Case("student_t, mixed nu vector", box(3, -3, 3, 1, 2, 6, 1, 30, 60, 1, 10, 16, 1, -1, 1, 1, 0.5, 2),
                x -> StudentT.lpdf(x.slice(0, 3), x.slice(3, 3), x.get(6), x.get(7))));
        c.add(new Case("cauchy", box(3, -3, 3, 1, -1, 1, 1, 0.5, 2),
                x -> Cauchy.lpdf(x.slice(0, 3), x.get(3), x.get(4))));
        c.add(new Case("double_exponential", box(3, 1, 2, 1, -1, 0, 1, 0.5, 2),
                x -> DoubleExponential.lpdf(x.slice(0, 3), x.get(3), x.get(4))));
        c.add(new Case("double_exponential, vector sigma", box(3, -2, -1, 1, -1, 0, 3, 0.5, 2),
                x -> DoubleExponential.lpdf(x.slice(0, 3), x.get(3), x.slice(4, 3))));
        c.add(new Case("logistic", box(3, -4, 4, 1, -1, 1, 1, 0.5, 2),
                x -> Logistic.lpdf(x.slice(0, 3), x.get(3), x.get(4))));
        c.add(new Case("exponential", box(3, 0.1, 3, 1, 0.5, 3),
                x -> Exponential.lpdf(x.slice(0, 3), x.get(3))));
        c.add(new Case("exponential, vector rate", box(1, 0.1, 3, 3, 0.5, 3),
                x -> Exponential.lpdf(x.get(0), x.slice(1, 3))));
        c.add(new Case("gamma", box(3, 0.2, 3, 1, 0.5, 4, 1, 0.5, 3),
                x -> Gamma.lpdf(x.slice(0, 3), x.get(3), x.get(4))));
        c.add(new Case("gamma, vector rate", box(3, 0.2, 3, 1, 0.5, 4, 3, 0.5, 3),
                x -> Gamma.lpdf(x.slice(0, 3), x.get(3), x.slice(4, 3))));
        c.add(new Case("inv_gamma", box(3, 0.3, 3, 1, 0.5, 4, 1, 0.5, 3),
                x -> InvGamma.lpdf(x.slice(0, 3), x.get(3), x.get(4))));
        c.add(new Case("weibull", box(3, 0.2, 3, 1, 0.5, 4, 1, 0.5, 3),
                x -> Weibull.lpdf(x.slice(0, 3), x.get(3), x.get(4))));
        c.add(new Case("beta", box(3, 0.1, 0.9, 2, 0.5, 4),
                x -> Beta.lpdf(x.slice(0, 3), x.get(3), x.get(4))));
        c.add(new Case("lognormal", box(3, 0.2, 3, 1, -1, 1, 1, 0.5, 2),
                x -> LogNormal.lpdf(x.slice(0, 3), x.get(3), x.get(4))));
        c.add(new Case("uniform", box(1, -2, -1, 1, 1, 2),
                x -> Uniform.lpdf(data(x, 0.3, -0.5, 0.9), x.get(0), x.get(1))));
        c.add(new Case("bernoulli_logit, vector alpha", box(4, -3, 3),
                x -> BernoulliLogit.lpmf(new int[] {0, 1, 1, 0}, x)));
        c.add(new Case("bernoulli_logit, scalar alpha", box(1, -3, 3),
                x -> BernoulliLogit.lpmf(new int[] {0, 1, 1, 0, 1}, x)));
        c.add(new Case("binomial_logit, vector alpha", box(3, -3, 3),
                x -> BinomialLogit.lpmf(new int[] {2, 0, 5}, new int[] {5, 3, 5}, x)));
        c.add(new Case("binomial_logit, scalar alpha", box(1, -3, 3),
                x -> BinomialLogit.lpmf(new int[] {2, 0, 5}, new int[] {5, 3, 5}, x)));
        c.add(new Case("poisson_log, vector alpha", box(3, -1, 2),
                x -> PoissonLog.lpmf(new int[] {0, 3, 7}, x)));
        c.add(new Case("poisson_log, scalar alpha", box(1, -1, 2),
                x -> PoissonLog.lpmf(new int[] {0, 3, 7}, x)));
        c.add(new Case("neg_binomial_2_log, small phi", box(3, -1, 2, 1, 0.5, 5),
                x -> NegBinomial2Log.lpmf(new int[] {0, 2, 9}, x.slice(0, 3), x.get(3))));
        c.add(new Case("neg_binomial_2_log, large phi (Stirling)", box(3, -1, 2, 1, 20, 200),
                x -> NegBinomial2Log.lpmf(new int[] {0, 2, 9}, x.slice(0, 3), x.get(3))));
        c.add(new Case("neg_binomial_2_log, mixed phi vector", box(1, -1, 2, 1, 1, 5, 1, 30, 60, 1, 2, 8),
                x -> NegBinomial2Log.lpmf(new int[] {4, 2, 9}, x.get(0), x.slice(1, 3))));
        c.add(new Case("categorical_logit", box(4, -2, 2),
                x -> CategoricalLogit.lpmf(new int[] {1, 3, 3, 4}, x)));
        c.add(new Case("multi_normal", box(6, -2, 2, 3, -1, 1, 1, 2, 3, 1, -0.5, 0.5, 1, 2, 3, 2, -0.5, 0.5, 1, 2, 3),
                x -> MultiNormal.lpdf(x.slice(0, 6), x.slice(6, 3), symmetric(x.slice(9, 6)), 3)));
        c.add(new Case("multi_normal_cholesky", box(6, -2, 2, 3, -1, 1, 1, 0.5, 1.5, 1, -0.5, 0.5, 1, 0.5, 1.5,
                2, -0.5, 0.5, 1, 0.5, 1.5),
                x -> MultiNormalCholesky.lpdf(x.slice(0, 6), x.slice(6, 3), lower(x.slice(9, 6)), 3)));
        c.add(new Case("multi_normal_cholesky, one mean per vector", box(6, -2, 2, 6, -1, 1, 1, 0.5, 1.5,
                1, -0.5, 0.5, 1, 0.5, 1.5, 2, -0.5, 0.5, 1, 0.5, 1.5),
                x -> MultiNormalCholesky.lpdf(x.slice(0, 6), x.slice(6, 6), lower(x.slice(12, 6)), 3)));
        c.add(new Case("dirichlet, alpha", box(3, 0.5, 4),
                x -> Dirichlet.lpdf(data(x, 0.2, 0.5, 0.3), x)));
        c.add(new Case("dirichlet, softmax theta", box(3, -1, 1, 3, 0.5, 4),
                x -> Dirichlet.lpdf(x.slice(0, 3).exp().div(x.slice(0, 3).exp().sum()), x.slice(3, 3))));
        c.add(new Case("lkj_corr_cholesky", box(3, -1.5, 1.5, 1, 0.5, 3),
                x -> LkjCorrCholesky.lpdf(correlationCholesky(x.slice(0, 3)), x.get(3), 3)));
        return c;
    }

    /** A symmetric 3 × 3 matrix from its lower triangle (s11, s21, s22, s31, s32, s33). */
    static Var symmetric(Var s) {
        return s.gather(new int[] {0, 1, 3, 1, 2, 4, 3, 4, 5});
    }

    /** A lower-triangular 3 × 3 matrix from (l11, l21, l22, l31, l32, l33). */
    static Var lower(Var s) {
        return s.gather(new int[] {0, 0, 0, 1, 2, 0, 3, 4, 5}).mul(new double[] {1, 0, 0, 1, 1, 0, 1, 1, 1});
    }

    /** The Cholesky factor of a 3 × 3 correlation matrix from three unconstrained values (via tanh). */
    static Var correlationCholesky(Var u) {
        Var z = u.tanh();
        Tape t = u.tape();
        Var one = t.constant(1.0);
        Var zero = t.constant(0.0);
        Var z0 = z.get(0);
        Var z1 = z.get(1);
        Var z2 = z.get(2);
        Var r1 = z1.square().rsub(1.0);
        Var r2 = z2.square().rsub(1.0);
        return Var.concat(one, zero, zero,
                z0, z0.square().rsub(1.0).sqrt(), zero,
                z1, z2.mul(r1.sqrt()), r1.mul(r2).sqrt());
    }

    static Stream<Arguments> points() {
        List<Arguments> out = new ArrayList<>();
        for (Case c : cases()) {
            for (long seed = 1; seed <= 3; seed++) {
                out.add(Arguments.of(c, seed));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}, seed {1}")
    @MethodSource("points")
    void gradientAndHessianVectorProductMatchFiniteDifferences(Case c, long seed) {
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(seed);
        double[] x = c.draw(rng);
        int d = x.length;
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            v[i] = rng.nextDouble() - 0.5;
        }
        double[] g = new double[d];
        double[] hv = new double[d];
        double value = Gradients.hessianVectorProduct(c.f(), x, v, g, hv);
        assertThat(value).as("%s value", c).isFinite();
        double[] g2 = new double[d];
        assertThat(Gradients.valueAndGradient(c.f(), x, g2)).isEqualTo(value);
        assertThat(g2).containsExactly(g);

        for (int i = 0; i < d; i++) {
            double[] xp = x.clone();
            double[] xm = x.clone();
            xp[i] += H;
            xm[i] -= H;
            double fd = (Gradients.valueAndGradient(c.f(), xp, null) - Gradients.valueAndGradient(c.f(), xm, null)) / (2 * H);
            assertThat(g[i]).as("%s ∂f/∂x%d", c, i).isCloseTo(fd, within(TOL * (1 + Math.abs(fd))));
        }
        double[] xp = x.clone();
        double[] xm = x.clone();
        for (int i = 0; i < d; i++) {
            xp[i] += H * v[i];
            xm[i] -= H * v[i];
        }
        double[] gp = new double[d];
        double[] gm = new double[d];
        Gradients.valueAndGradient(c.f(), xp, gp);
        Gradients.valueAndGradient(c.f(), xm, gm);
        for (int i = 0; i < d; i++) {
            double fd = (gp[i] - gm[i]) / (2 * H);
            assertThat(hv[i]).as("%s (Hv)_%d", c, i).isCloseTo(fd, within(TOL * (1 + Math.abs(fd))));
        }
    }
}

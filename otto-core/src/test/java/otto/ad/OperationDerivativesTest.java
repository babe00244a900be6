package otto.ad;

import static org.assertj.core.api.Assertions.assertThat;
import static otto.ad.FiniteDifferences.STEP;
import static otto.ad.FiniteDifferences.assertAgrees;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property tests of every single-input tape operation (elementwise functions, scalar forms,
 * reductions, indexing, concatenation, products with data matrices, dense linear algebra), at
 * seeded random points of each operation's domain.
 *
 * <p>Each operation {@code op: ℝⁿ → ℝᵐ} is scalarised as
 * {@code f(x) = Σ wᵢ yᵢ + ½ (Σ cᵢ yᵢ)² + ⅙ Σ eᵢ yᵢ³} with {@code y = op(x)} and random weights:
 * the linear term exercises {@code op}'s own second derivatives, the square couples all outputs
 * (so adjoint tangents reach the operation non-zero and different per element), and the cube
 * makes the Hessian of even a linear {@code op} depend on the point. For each case:
 * <ul>
 *   <li>values agree on a plain tape, a tape with tangents and on constants, and constants record
 *       no node;</li>
 *   <li>the gradient of {@code f} agrees with finite differences of {@code f};</li>
 *   <li>the forward tangent of {@code op(x)} along {@code v} agrees with finite differences of
 *       {@code op} along {@code v};</li>
 *   <li>the Hessian–vector product agrees with finite differences of the gradient along {@code v};</li>
 *   <li>the exact Hessian (columns from Hessian–vector products, before symmetrising) is
 *       symmetric to rounding, and {@link Gradients#hessian} agrees with finite differences.</li>
 * </ul>
 * Tolerances are the finite-difference error bounds of {@link FiniteDifferences} (truncation
 * estimated by Richardson extrapolation at two steps, plus rounding ~ ε·|f|/h).
 */
class OperationDerivativesTest {
    /** An operation on inputs of size {@code n} drawn uniformly from {@code (lo, hi)}. */
    record Op(String name, int n, double lo, double hi, ScalarFunction f) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final double[] DATA5 = {0.3, -1.2, 2.0, 0.7, -0.4};
    private static final Matrix WIDE = new Matrix(3, 5, new double[] {
        1, 2, 0, -1, 0.5,
        -0.3, 1, 2, 0, 1,
        1, 1, -2, 0.25, 0});
    private static final Matrix SQUARE5 = new Matrix(5, 5, new double[] {
        2, -1, 0, 0.5, 1,
        0, 1, 3, -1, 0,
        1, 1, 1, 1, 1,
        -2, 0, 0.5, 0, 4,
        0, 0, 0, 0, 1});

    static List<Op> operations() {
        List<Op> ops = new ArrayList<>();
        // elementwise functions, each on a domain where it is smooth
        ops.add(new Op("exp", 5, -2, 2, Var::exp));
        ops.add(new Op("log", 5, 0.3, 3, Var::log));
        ops.add(new Op("log1p", 5, -0.6, 2, Var::log1p));
        ops.add(new Op("log1m", 5, -2, 0.7, Var::log1m));
        ops.add(new Op("expm1", 5, -2, 2, Var::expm1));
        ops.add(new Op("sqrt", 5, 0.3, 3, Var::sqrt));
        ops.add(new Op("square", 5, -2, 2, Var::square));
        ops.add(new Op("inv (positive)", 5, 0.3, 3, Var::inv));
        ops.add(new Op("inv (negative)", 5, -3, -0.3, Var::inv));
        ops.add(new Op("abs (positive)", 5, 0.2, 2, Var::abs));
        ops.add(new Op("abs (negative)", 5, -2, -0.2, Var::abs));
        ops.add(new Op("tanh", 5, -3, 3, Var::tanh));
        ops.add(new Op("invLogit", 5, -5, 5, Var::invLogit));
        ops.add(new Op("log1pExp", 5, -5, 5, Var::log1pExp));
        ops.add(new Op("logInvLogit", 5, -5, 5, Var::logInvLogit));
        ops.add(new Op("log1mInvLogit", 5, -5, 5, Var::log1mInvLogit));
        ops.add(new Op("lgamma", 5, 0.2, 6, Var::lgamma));
        ops.add(new Op("lgamma (large)", 5, 10, 40, Var::lgamma));
        for (double p : new double[] {3, 2.5, 2, 1, 0.5, 0, -1, -1.5}) {
            ops.add(new Op("pow(" + p + ")", 5, 0.3, 3, x -> x.pow(p)));
        }
        ops.add(new Op("pow(3) of negatives", 5, -2, -0.3, x -> x.pow(3.0)));
        ops.add(new Op("pow(-1) of negatives", 5, -2, -0.3, x -> x.pow(-1.0)));
        // scalar forms
        ops.add(new Op("affine", 5, -2, 2, x -> x.affine(-1.5, 0.25)));
        ops.add(new Op("neg", 5, -2, 2, Var::neg));
        ops.add(new Op("add(c)", 5, -2, 2, x -> x.add(1.75)));
        ops.add(new Op("sub(c)", 5, -2, 2, x -> x.sub(0.6)));
        ops.add(new Op("rsub(c)", 5, -2, 2, x -> x.rsub(0.6)));
        ops.add(new Op("mul(c)", 5, -2, 2, x -> x.mul(-2.5)));
        ops.add(new Op("div(c)", 5, -2, 2, x -> x.div(3.0)));
        ops.add(new Op("rdiv(c)", 5, 0.3, 3, x -> x.rdiv(3.0)));
        ops.add(new Op("add(double[])", 5, -2, 2, x -> x.add(DATA5)));
        ops.add(new Op("sub(double[])", 5, -2, 2, x -> x.sub(DATA5)));
        ops.add(new Op("mul(double[])", 5, -2, 2, x -> x.mul(DATA5)));
        // reductions
        ops.add(new Op("sum", 5, -2, 2, Var::sum));
        ops.add(new Op("dot (two variables)", 5, -2, 2, x -> x.dot(x.exp())));
        ops.add(new Op("dot (self)", 5, -2, 2, x -> x.dot(x)));
        ops.add(new Op("dot (constant)", 5, -2, 2, x -> x.dot(x.tape().constant(DATA5))));
        ops.add(new Op("logSumExp", 5, -3, 3, Var::logSumExp));
        ops.add(new Op("logSumExp (scalar)", 1, -3, 3, Var::logSumExp));
        // indexing
        ops.add(new Op("slice", 5, -2, 2, x -> x.slice(1, 3)));
        ops.add(new Op("slice (all)", 5, -2, 2, x -> x.slice(0, 5)));
        ops.add(new Op("get", 5, -2, 2, x -> x.get(2)));
        ops.add(new Op("gather (repeats)", 5, -2, 2, x -> x.gather(new int[] {4, 0, 4, 1, 1, 2, 4})));
        ops.add(new Op("repeat", 5, -2, 2, x -> x.get(3).repeat(4)));
        ops.add(new Op("repeat (same size)", 5, -2, 2, x -> x.repeat(5)));
        ops.add(new Op("cumulativeSum inclusive", 5, -2, 2, x -> x.cumulativeSum(false)));
        ops.add(new Op("cumulativeSum exclusive", 5, -2, 2, x -> x.cumulativeSum(true)));
        ops.add(new Op("concat", 5, -2, 2, x -> Var.concat(x.slice(2, 3), x.tape().constant(new double[] {1, 2}),
                x.get(0).exp(), x)));
        ops.add(new Op("concat (one part)", 5, -2, 2, x -> Var.concat(x.square())));
        // products with data
        ops.add(new Op("Matrix.times (3×5)", 5, -2, 2, WIDE::times));
        ops.add(new Op("Matrix.times (5×5) of exp", 5, -1, 1, x -> SQUARE5.times(x.exp())));
        // dense linear algebra on the tape
        ops.add(new Op("cholesky", 9, -1, 1, x -> LinearAlgebra.cholesky(spd(x), 3)));
        ops.add(new Op("cholesky (1×1)", 1, 0.3, 3, x -> LinearAlgebra.cholesky(x, 1)));
        ops.add(new Op("solveLower (both variables)", 9, -1, 1,
                x -> LinearAlgebra.solveLower(LinearAlgebra.cholesky(spd(x), 3), 3, x.slice(6, 3))));
        ops.add(new Op("solveLower (constant L)", 3, -1, 1,
                x -> LinearAlgebra.solveLower(x.tape().constant(new double[] {2, 0, 0, 0.5, 1.5, 0, -1, 0.3, 3}), 3, x)));
        ops.add(new Op("solveLower (constant b)", 9, -1, 1,
                x -> LinearAlgebra.solveLower(LinearAlgebra.cholesky(spd(x), 3), 3, x.tape().constant(new double[] {1, -2, 0.5}))));
        ops.add(new Op("multiply (square)", 9, -1, 1, x -> LinearAlgebra.multiply(x, 3, 3, x.slice(0, 3).exp())));
        ops.add(new Op("multiply (2×3)", 9, -1, 1, x -> LinearAlgebra.multiply(x.slice(0, 6), 2, 3, x.slice(6, 3))));
        ops.add(new Op("multiply (constant matrix)", 3, -1, 1,
                x -> LinearAlgebra.multiply(x.tape().constant(new double[] {1, 2, 3, 4, 5, 6}), 2, 3, x)));
        ops.add(new Op("logDeterminantFromCholesky", 9, -1, 1,
                x -> LinearAlgebra.logDeterminantFromCholesky(LinearAlgebra.cholesky(spd(x), 3), 3)));
        return ops;
    }

    /** {@code A = B Bᵀ + 3I} for the 3 × 3 matrix {@code B} held row-major in {@code x}: SPD, well conditioned. */
    static Var spd(Var x) {
        Var[] a = new Var[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                Var s = x.slice(3 * i, 3).dot(x.slice(3 * j, 3));
                a[3 * i + j] = i == j ? s.add(3.0) : s;
            }
        }
        return Var.concat(a);
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Op op : operations()) {
            for (long seed = 1; seed <= 4; seed++) {
                out.add(Arguments.of(op, seed));
            }
        }
        return out.stream();
    }

    /** The scalarisation {@code Σ wᵢ yᵢ + ½ (Σ cᵢ yᵢ)² + ⅙ Σ eᵢ yᵢ³} with weights fixed by the seed. */
    static ScalarFunction scalarise(ScalarFunction op, int m, UniformRandomProvider rng) {
        double[] w = uniform(rng, m, -1, 1);
        double[] c = uniform(rng, m, -1, 1);
        double[] e = uniform(rng, m, -1, 1);
        return in -> {
            Tape t = in.tape();
            Var y = op.apply(in);
            Var linear = y.dot(t.constant(w));
            Var coupled = y.dot(t.constant(c)).square().mul(0.5);
            Var cubic = y.square().mul(y).dot(t.constant(e)).div(6.0);
            return linear.add(coupled).add(cubic);
        };
    }

    static double[] uniform(UniformRandomProvider rng, int n, double lo, double hi) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = lo + (hi - lo) * rng.nextDouble();
        }
        return x;
    }

    static double[] unitDirection(UniformRandomProvider rng, int n) {
        double[] v = uniform(rng, n, -1, 1);
        double norm = 0;
        for (double vi : v) {
            norm += vi * vi;
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < n; i++) {
            v[i] /= norm;
        }
        return v;
    }

    static double[] values(ScalarFunction op, double[] x) {
        return op.apply(Tape.create().variable(x)).values();
    }

    static double[] gradient(ScalarFunction f, double[] x) {
        double[] g = new double[x.length];
        Gradients.valueAndGradient(f, x, g);
        return g;
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("cases")
    void valuesOnEveryKindOfTapeAgreeAndConstantsRecordNothing(Op op, long seed) {
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(seed);
        double[] x = uniform(rng, op.n(), op.lo(), op.hi());
        double[] v = unitDirection(rng, op.n());

        Tape plain = Tape.create();
        Var active = op.f().apply(plain.variable(x));
        assertThat(active.isActive()).isTrue();
        assertThat(java.util.Arrays.stream(active.values()).allMatch(Double::isFinite)).as("finite values").isTrue();

        Tape withTangents = Tape.withTangents();
        Var tangentOut = op.f().apply(withTangents.variable(x, v));
        assertThat(tangentOut.values()).containsExactly(active.values());

        Tape constants = Tape.create();
        Var constant = op.f().apply(constants.constant(x.clone()));
        assertThat(constant.isActive()).as("an operation on constants is constant").isFalse();
        assertThat(constants.size()).as("nodes recorded for constants").isZero();
        assertThat(constant.values()).containsExactly(active.values());
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("cases")
    void gradientMatchesFiniteDifferences(Op op, long seed) {
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(seed);
        double[] x = uniform(rng, op.n(), op.lo(), op.hi());
        int m = values(op.f(), x).length;
        ScalarFunction f = scalarise(op.f(), m, rng);
        assertAgrees(op.name() + " gradient", gradient(f, x),
                FiniteDifferences.gradient(y -> Gradients.valueAndGradient(f, y, null), x, STEP));
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("cases")
    void forwardTangentMatchesDirectionalDerivative(Op op, long seed) {
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(seed);
        double[] x = uniform(rng, op.n(), op.lo(), op.hi());
        double[] v = unitDirection(rng, op.n());
        Var y = op.f().apply(Tape.withTangents().variable(x, v));
        assertThat(y.tan).as("tangent of an active output").isNotNull();
        assertAgrees(op.name() + " forward tangent", y.tan.clone(),
                FiniteDifferences.directional(z -> values(op.f(), z), x, v, STEP));
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("cases")
    void hessianVectorProductMatchesFiniteDifferencesOfTheGradient(Op op, long seed) {
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(seed);
        double[] x = uniform(rng, op.n(), op.lo(), op.hi());
        int m = values(op.f(), x).length;
        ScalarFunction f = scalarise(op.f(), m, rng);
        double[] v = unitDirection(rng, op.n());
        double[] g = new double[op.n()];
        double[] hv = new double[op.n()];
        double value = Gradients.hessianVectorProduct(f, x, v, g, hv);
        // the tape with tangents gives exactly the value and gradient of the plain tape
        double[] plain = new double[op.n()];
        assertThat(Gradients.valueAndGradient(f, x, plain)).isEqualTo(value);
        assertThat(g).containsExactly(plain);
        assertAgrees(op.name() + " Hv", hv, FiniteDifferences.directional(z -> gradient(f, z), x, v, STEP));
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("cases")
    void hessianIsSymmetricAndMatchesFiniteDifferences(Op op, long seed) {
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(seed);
        int n = op.n();
        double[] x = uniform(rng, n, op.lo(), op.hi());
        int m = values(op.f(), x).length;
        ScalarFunction f = scalarise(op.f(), m, rng);
        // raw columns: forward-over-reverse must already be symmetric up to rounding
        double[][] col = new double[n][n];
        double scale = 0;
        for (int j = 0; j < n; j++) {
            double[] e = new double[n];
            e[j] = 1;
            Gradients.hessianVectorProduct(f, x, e, null, col[j]);
            for (double c : col[j]) {
                scale = Math.max(scale, Math.abs(c));
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                // both entries are sums of the same products in a different order: a few ulps of the largest entry
                assertThat(Math.abs(col[j][i] - col[i][j])).as("%s H[%d][%d] - H[%d][%d]", op.name(), i, j, j, i)
                        .isLessThanOrEqualTo(64 * FiniteDifferences.EPS * (1 + scale));
            }
        }
        double[] h = new double[n * n];
        Gradients.hessian(f, x, h);
        FiniteDifferences.Estimate[] fd = FiniteDifferences.jacobianColumns(z -> gradient(f, z), x, STEP);
        for (int j = 0; j < n; j++) {
            double[] column = new double[n];
            for (int i = 0; i < n; i++) {
                column[i] = h[i * n + j];
                assertThat(h[i * n + j]).isEqualTo(h[j * n + i]);
            }
            assertAgrees(op.name() + " Hessian column " + j, column, fd[j]);
        }
    }
}

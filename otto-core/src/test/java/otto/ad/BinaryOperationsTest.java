package otto.ad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static otto.ad.FiniteDifferences.STEP;
import static otto.ad.FiniteDifferences.assertAgrees;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import java.util.stream.Stream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every two-argument elementwise operation ({@code add, sub, mul, div, pow, logAddExp}) with every
 * broadcasting combination (vector–vector, scalar–vector, vector–scalar, scalar–scalar), with either
 * operand a constant (vector or scalar), and with both operands the same node: values against
 * plain arithmetic, then gradient, forward tangent and Hessian–vector product against finite
 * differences with the error bounds of {@link FiniteDifferences}, through the same scalarisation as
 * {@link OperationDerivativesTest}.
 *
 * <p>The input {@code x ∈ ℝ¹⁰} holds the left vector ({@code x[0..4)}), the right vector
 * ({@code x[4..8)}), the left scalar ({@code x[8]}) and the right scalar ({@code x[9]}), all in
 * {@code (0.3, 2)} so that {@code pow}'s base and {@code div}'s denominator stay away from zero.
 */
class BinaryOperationsTest {
    private static final int N = 4;
    private static final int DIM = 2 * N + 2;

    record Binary(String name, BinaryOperator<Var> op, DoubleBinaryOperator reference) {
    }

    static List<Binary> binaries() {
        return List.of(
                new Binary("add", Var::add, (a, b) -> a + b),
                new Binary("sub", Var::sub, (a, b) -> a - b),
                new Binary("mul", Var::mul, (a, b) -> a * b),
                new Binary("div", Var::div, (a, b) -> a / b),
                new Binary("pow", Var::pow, Math::pow),
                new Binary("logAddExp", Var::logAddExp, (a, b) -> Math.log(Math.exp(a) + Math.exp(b))));
    }

    /** How an operand is made from the input: a slice or element of it, or a constant. */
    enum Kind {
        VECTOR, SCALAR, CONSTANT_VECTOR, CONSTANT_SCALAR;

        boolean scalar() {
            return this == SCALAR || this == CONSTANT_SCALAR;
        }

        boolean constant() {
            return this == CONSTANT_VECTOR || this == CONSTANT_SCALAR;
        }
    }

    record Case(Binary binary, Kind left, Kind right, boolean same) {
        @Override
        public String toString() {
            return same ? binary.name() + "(x, x)" : binary.name() + "(" + left + ", " + right + ")";
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Binary b : binaries()) {
            List<Case> cs = new ArrayList<>();
            for (Kind l : Kind.values()) {
                for (Kind r : Kind.values()) {
                    if (!(l.constant() && r.constant())) {
                        cs.add(new Case(b, l, r, false));
                    }
                }
            }
            cs.add(new Case(b, Kind.VECTOR, Kind.VECTOR, true));
            for (Case c : cs) {
                for (long seed = 1; seed <= 3; seed++) {
                    out.add(Arguments.of(c, seed));
                }
            }
        }
        return out.stream();
    }

    /** The constants of a case, drawn from the seed. */
    record Constants(double[] left, double[] right) {
        static Constants draw(Case c, UniformRandomProvider rng) {
            return new Constants(OperationDerivativesTest.uniform(rng, c.left().scalar() ? 1 : N, 0.3, 2),
                    OperationDerivativesTest.uniform(rng, c.right().scalar() ? 1 : N, 0.3, 2));
        }
    }

    /** The operation of a case as a function of x. */
    static ScalarFunction operation(Case c, Constants k) {
        return x -> {
            Var a = operand(x, c.left(), 0, 2 * N, k.left());
            Var b = c.same() ? a : operand(x, c.right(), N, 2 * N + 1, k.right());
            return c.binary().op().apply(a, b);
        };
    }

    private static Var operand(Var x, Kind kind, int vectorStart, int scalarIndex, double[] constant) {
        return switch (kind) {
            case VECTOR -> x.slice(vectorStart, N);
            case SCALAR -> x.get(scalarIndex);
            case CONSTANT_VECTOR, CONSTANT_SCALAR -> x.tape().constant(constant);
        };
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("cases")
    void valuesBroadcastLikePlainArithmetic(Case c, long seed) {
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(seed);
        double[] x = OperationDerivativesTest.uniform(rng, DIM, 0.3, 2);
        Constants k = Constants.draw(c, rng);
        Tape tape = Tape.create();
        Var y = operation(c, k).apply(tape.variable(x));
        boolean bothScalar = !c.same() && c.left().scalar() && c.right().scalar();
        assertThat(y.size()).isEqualTo(bothScalar ? 1 : N);
        assertThat(y.isActive()).isTrue();
        // the expected values, from the scalar formula with explicit broadcasting
        double[] a = values(x, c.left(), 0, 2 * N, k.left());
        double[] b = c.same() ? a : values(x, c.right(), N, 2 * N + 1, k.right());
        double[] expected = new double[y.size()];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = c.binary().reference().applyAsDouble(a[a.length == 1 ? 0 : i], b[b.length == 1 ? 0 : i]);
        }
        // exact for + - × ÷ and pow; logAddExp is computed stably, so a few ulps from the naive formula
        assertThat(y.values()).containsExactly(expected, within(4 * Math.ulp(10.0)));
        // on constants the same values, and nothing recorded
        Tape constants = Tape.create();
        Var yc = operation(c, k).apply(constants.constant(x));
        assertThat(constants.size()).isZero();
        assertThat(yc.values()).containsExactly(y.values());
    }

    private static double[] values(double[] x, Kind kind, int vectorStart, int scalarIndex, double[] constant) {
        return switch (kind) {
            case VECTOR -> java.util.Arrays.copyOfRange(x, vectorStart, vectorStart + N);
            case SCALAR -> new double[] {x[scalarIndex]};
            case CONSTANT_VECTOR, CONSTANT_SCALAR -> constant;
        };
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("cases")
    void derivativesMatchFiniteDifferences(Case c, long seed) {
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(seed);
        double[] x = OperationDerivativesTest.uniform(rng, DIM, 0.3, 2);
        ScalarFunction op = operation(c, Constants.draw(c, rng));
        int m = OperationDerivativesTest.values(op, x).length;
        ScalarFunction f = OperationDerivativesTest.scalarise(op, m, rng);
        double[] v = OperationDerivativesTest.unitDirection(rng, DIM);

        double[] g = new double[DIM];
        double[] hv = new double[DIM];
        Gradients.hessianVectorProduct(f, x, v, g, hv);
        assertAgrees(c + " gradient", g,
                FiniteDifferences.gradient(z -> Gradients.valueAndGradient(f, z, null), x, STEP));
        assertAgrees(c + " Hv", hv,
                FiniteDifferences.directional(z -> OperationDerivativesTest.gradient(f, z), x, v, STEP));
        Var y = op.apply(Tape.withTangents().variable(x, v));
        assertAgrees(c + " forward tangent", y.tan.clone(),
                FiniteDifferences.directional(z -> OperationDerivativesTest.values(op, z), x, v, STEP));

        // an input that is not used gets a zero gradient, not garbage
        for (int i = 0; i < DIM; i++) {
            if (!uses(c, i)) {
                assertThat(g[i]).as("unused input %d", i).isZero();
                assertThat(hv[i]).as("unused input %d (Hv)", i).isZero();
            }
        }
    }

    private static boolean uses(Case c, int i) {
        return usesOperand(c.left(), i, 0, 2 * N) || (!c.same() && usesOperand(c.right(), i, N, 2 * N + 1));
    }

    private static boolean usesOperand(Kind k, int i, int vectorStart, int scalarIndex) {
        return switch (k) {
            case VECTOR -> i >= vectorStart && i < vectorStart + N;
            case SCALAR -> i == scalarIndex;
            default -> false;
        };
    }
}

package otto.ad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Values and derivatives in the tails, where naive formulas overflow, underflow or cancel. The
 * references are closed forms that are themselves exact in double precision there (for instance
 * {@code σ'(x) = e⁻ˣ/(1 + e⁻ˣ)²}), so the tolerances are a few ulps relative.
 */
class NumericsTest {
    private static final double REL = 1e-14;

    /** Value, first and second derivative of an elementwise tape function at one point. */
    private static double[] derivatives(java.util.function.UnaryOperator<Var> f, double x) {
        Tape t = Tape.withTangents();
        Var in = t.variable(new double[] {x}, new double[] {1.0});
        Var y = f.apply(in);
        t.backward(y);
        return new double[] {y.value(), in.gradient()[0], in.gradientTangent()[0]};
    }

    private static void assertRelative(String what, double actual, double expected) {
        assertThat(actual).as(what).isCloseTo(expected, within(REL * Math.abs(expected)));
    }

    @Test
    void log1pExpInTheTails() {
        assertThat(derivatives(Var::log1pExp, 800)).containsExactly(800.0, 1.0, 0.0);
        double[] d = derivatives(Var::log1pExp, -800);
        assertThat(d[0]).isZero();                    // log1p(e⁻⁸⁰⁰) underflows to 0, not NaN
        assertThat(d[1]).isZero();
        assertThat(d[2]).isZero();
        // moderate tails: σ(x) and σ(x)σ(-x), each exact to rounding
        for (double x : new double[] {-40, -30, 30, 40}) {
            double[] e = derivatives(Var::log1pExp, x);
            assertRelative("log1pExp(" + x + ")", e[0], x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
            assertRelative("log1pExp'(" + x + ")", e[1], 1 / (1 + Math.exp(-x)));
            assertRelative("log1pExp''(" + x + ")", e[2], Math.exp(-Math.abs(x)) / Math.pow(1 + Math.exp(-Math.abs(x)), 2));
        }
    }

    @Test
    void invLogitInTheTails() {
        double[] d = derivatives(Var::invLogit, -800);
        assertThat(d[0]).isGreaterThanOrEqualTo(0.0).isFinite();
        assertThat(d[1]).isGreaterThanOrEqualTo(0.0).isFinite();
        assertThat(d[2]).isFinite();
        // e⁻⁷⁰⁰ ≈ 1e-304 is still a normal double: the value must not flush to zero there
        assertThat(derivatives(Var::invLogit, -700)[0]).isPositive().isCloseTo(Math.exp(-700), within(1e-15 * Math.exp(-700)));
        assertThat(derivatives(Var::invLogit, 800)).containsExactly(1.0, 0.0, 0.0);
        for (double x : new double[] {-40, -30, 30, 40}) {
            double[] e = derivatives(Var::invLogit, x);
            double a = Math.exp(-Math.abs(x));
            double s = 1 / (1 + Math.exp(-x));
            double d1 = a / ((1 + a) * (1 + a));
            assertRelative("invLogit(" + x + ")", e[0], s);
            assertRelative("invLogit'(" + x + ")", e[1], d1);
            // σ'' = σ'(1 - 2σ) = σ' · (σ(-x) - σ(x))
            assertRelative("invLogit''(" + x + ")", e[2], d1 * (1 / (1 + Math.exp(x)) - s));
        }
    }

    @Test
    void logInvLogitAndLog1mInvLogitInTheTails() {
        assertThat(derivatives(Var::logInvLogit, -800)).containsExactly(-800.0, 1.0, 0.0);
        assertThat(derivatives(Var::logInvLogit, 800)).containsExactly(new double[] {0.0, 0.0, 0.0}, within(0.0));
        assertThat(derivatives(Var::log1mInvLogit, 800)).containsExactly(-800.0, -1.0, 0.0);
        assertThat(derivatives(Var::log1mInvLogit, -800)).containsExactly(new double[] {0.0, 0.0, 0.0}, within(0.0));
        for (double x : new double[] {-40, -30, 30, 40}) {
            double a = Math.exp(-Math.abs(x));
            double curvature = a / ((1 + a) * (1 + a));
            double[] e = derivatives(Var::logInvLogit, x);
            assertRelative("logInvLogit'(" + x + ")", e[1], 1 / (1 + Math.exp(x)));
            assertRelative("logInvLogit''(" + x + ")", e[2], -curvature);
            double[] f = derivatives(Var::log1mInvLogit, x);
            assertRelative("log1mInvLogit'(" + x + ")", f[1], -1 / (1 + Math.exp(-x)));
            assertRelative("log1mInvLogit''(" + x + ")", f[2], -curvature);
        }
    }

    @Test
    void tanhAndExpm1InTheTails() {
        for (double x : new double[] {-20, -12, 12, 20}) {
            double[] e = derivatives(Var::tanh, x);
            double c = Math.cosh(x);
            assertRelative("tanh'(" + x + ")", e[1], 1 / (c * c));
            assertRelative("tanh''(" + x + ")", e[2], -2 * Math.tanh(x) / (c * c));
        }
        assertThat(derivatives(Var::tanh, 800)).containsExactly(new double[] {1.0, 0.0, 0.0}, within(0.0));
        for (double x : new double[] {-40, -30, 30}) {
            double[] e = derivatives(Var::expm1, x);
            assertRelative("expm1'(" + x + ")", e[1], Math.exp(x));
            assertRelative("expm1''(" + x + ")", e[2], Math.exp(x));
        }
    }

    @Test
    void logSumExpOfHugeArgumentsNeitherOverflowsNorLosesTheGradient() {
        Tape t = Tape.withTangents();
        double[] v = {1, -2, 0.5};
        Var x = t.variable(new double[] {1000, 1001, 999}, v);
        Var y = x.logSumExp();
        t.backward(y);
        double z = Math.exp(-1) + 1 + Math.exp(-2);
        assertThat(y.value()).isCloseTo(1001 + Math.log(z), within(1e-12));
        double[] p = {Math.exp(-1) / z, 1 / z, Math.exp(-2) / z};
        assertThat(x.gradient()).containsExactly(p, within(1e-15));
        // Hv = (diag(p) - p pᵀ) v
        double pv = p[0] * v[0] + p[1] * v[1] + p[2] * v[2];
        double[] hv = new double[3];
        for (int i = 0; i < 3; i++) {
            hv[i] = p[i] * (v[i] - pv);
        }
        assertThat(x.gradientTangent()).containsExactly(hv, within(1e-15));
        // and at -1000: no underflow to log(0)
        Tape t2 = Tape.create();
        assertThat(t2.variable(new double[] {-1000, -1000}).logSumExp().value()).isCloseTo(-1000 + Math.log(2), within(1e-12));
    }

    @Test
    void logSumExpWithInfiniteEntries() {
        Tape t = Tape.create();
        assertThat(t.constant(new double[] {Double.NEGATIVE_INFINITY, 0.0}).logSumExp().value()).isEqualTo(0.0);
        assertThat(t.constant(new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}).logSumExp().value())
                .as("log of an empty sum").isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(t.constant(new double[] {Double.POSITIVE_INFINITY, 0.0}).logSumExp().value())
                .isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(t.constant(new double[] {Double.NEGATIVE_INFINITY}).logAddExp(t.constant(Double.NEGATIVE_INFINITY)).value())
                .isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void logAddExpOfHugeArguments() {
        Tape t = Tape.withTangents();
        Var a = t.variable(new double[] {800, -800, 5}, new double[] {1, 1, 1});
        Var b = t.constant(new double[] {800, -800, -800});
        Var y = a.logAddExp(b);
        assertThat(y.values()).containsExactly(new double[] {800 + Math.log(2), -800 + Math.log(2), 5}, within(1e-12));
        t.backward(y.sum());
        assertThat(a.gradient()).containsExactly(new double[] {0.5, 0.5, 1.0}, within(1e-15));
        assertThat(a.gradientTangent()).containsExactly(new double[] {0.25, 0.25, 0.0}, within(1e-15));
    }

    @Test
    void lgammaDerivativesAreDigammaAndTrigammaToRounding() {
        // ψ(1) = -γ, ψ₁(1) = π²/6; ψ(1/2) = -γ - 2 log 2, ψ₁(1/2) = π²/2
        double gamma = 0.57721566490153286061;
        double[] one = derivatives(Var::lgamma, 1.0);
        assertThat(one[0]).isZero();
        assertRelative("digamma(1)", one[1], -gamma);
        assertRelative("trigamma(1)", one[2], Math.PI * Math.PI / 6);
        double[] half = derivatives(Var::lgamma, 0.5);
        assertRelative("lgamma(1/2)", half[0], 0.5 * Math.log(Math.PI));
        assertRelative("digamma(1/2)", half[1], -gamma - 2 * Math.log(2));
        assertRelative("trigamma(1/2)", half[2], Math.PI * Math.PI / 2);
    }

    @Test
    void powAndAbsAtTheEdges() {
        assertThat(derivatives(Var::abs, 0.0)).containsExactly(0.0, 0.0, 0.0);
        assertThat(derivatives(x -> x.pow(0.0), 3.0)).containsExactly(1.0, 0.0, 0.0);
        assertThat(derivatives(x -> x.pow(1.0), 3.0)).containsExactly(3.0, 1.0, 0.0);
        assertThat(derivatives(x -> x.pow(2.0), -3.0)).containsExactly(9.0, -6.0, 2.0);
        // x^y at y = 0 and at base 0 (where log x is -∞) stays finite
        Tape t = Tape.withTangents();
        Var a = t.variable(new double[] {0.0, 2.0}, new double[] {1, 1});
        Var b = t.variable(new double[] {2.0, 0.0}, new double[] {1, 1});
        Var y = a.pow(b);
        assertThat(y.values()).containsExactly(0.0, 1.0);
        t.backward(y.sum());
        assertThat(a.gradient()).containsExactly(0.0, 0.0);
        assertThat(b.gradient()).containsExactly(0.0, Math.log(2));
    }
}

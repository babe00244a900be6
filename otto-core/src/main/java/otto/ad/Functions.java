package otto.ad;

import org.hipparchus.special.Gamma;

import static otto.math.SpecialFunctions.digamma;
import static otto.math.SpecialFunctions.invLogit;
import static otto.math.SpecialFunctions.log1pExp;
import static otto.math.SpecialFunctions.trigamma;

/** The elementwise functions of the tape, each with its first and second derivative. */
final class Functions {
    private Functions() {
    }

    static final UnaryFunction EXP = new UnaryFunction() {
        public double value(double x) { return Math.exp(x); }
        public double first(double x, double y) { return y; }
        public double second(double x, double y) { return y; }
    };

    static final UnaryFunction LOG = new UnaryFunction() {
        public double value(double x) { return Math.log(x); }
        public double first(double x, double y) { return 1.0 / x; }
        public double second(double x, double y) { return -1.0 / (x * x); }
    };

    static final UnaryFunction LOG1P = new UnaryFunction() {
        public double value(double x) { return Math.log1p(x); }
        public double first(double x, double y) { return 1.0 / (1.0 + x); }
        public double second(double x, double y) { double u = 1.0 + x; return -1.0 / (u * u); }
    };

    /** {@code log(1 - x)}. */
    static final UnaryFunction LOG1M = new UnaryFunction() {
        public double value(double x) { return Math.log1p(-x); }
        public double first(double x, double y) { return -1.0 / (1.0 - x); }
        public double second(double x, double y) { double u = 1.0 - x; return -1.0 / (u * u); }
    };

    /** {@code exp(x) - 1}; the derivatives are {@code exp(x)} itself, not {@code y + 1}, which cancels for {@code x ≪ 0}. */
    static final UnaryFunction EXPM1 = new UnaryFunction() {
        public double value(double x) { return Math.expm1(x); }
        public double first(double x, double y) { return Math.exp(x); }
        public double second(double x, double y) { return Math.exp(x); }
    };

    static final UnaryFunction SQRT = new UnaryFunction() {
        public double value(double x) { return Math.sqrt(x); }
        public double first(double x, double y) { return 0.5 / y; }
        public double second(double x, double y) { return -0.25 / (x * y); }
    };

    static final UnaryFunction SQUARE = new UnaryFunction() {
        public double value(double x) { return x * x; }
        public double first(double x, double y) { return 2.0 * x; }
        public double second(double x, double y) { return 2.0; }
    };

    static final UnaryFunction INV = new UnaryFunction() {
        public double value(double x) { return 1.0 / x; }
        public double first(double x, double y) { return -y * y; }
        public double second(double x, double y) { return 2.0 * y * y * y; }
    };

    static final UnaryFunction ABS = new UnaryFunction() {
        public double value(double x) { return Math.abs(x); }
        public double first(double x, double y) { return Math.signum(x); }
        public double second(double x, double y) { return 0.0; }
    };

    /** {@code tanh(x)}; {@code tanh' = 1/cosh²}, not {@code 1 - y²}, which cancels to 0 for {@code |x| ≳ 19}. */
    static final UnaryFunction TANH = new UnaryFunction() {
        public double value(double x) { return Math.tanh(x); }
        public double first(double x, double y) { return sech2(x); }
        public double second(double x, double y) { return -2.0 * y * sech2(x); }
    };

    /** {@code 1 / cosh²(x)}, accurate (and 0, not NaN) in both tails. */
    private static double sech2(double x) {
        double c = Math.cosh(x);
        return 1.0 / (c * c);
    }

    /**
     * {@code σ(x)(1 - σ(x)) = σ(x)σ(-x)}, the logistic density: as a product of two accurately
     * computed factors it keeps full relative accuracy in both tails, where {@code 1 - σ(x)} cancels.
     */
    private static double logisticDensity(double x) {
        return invLogit(x) * invLogit(-x);
    }

    static final UnaryFunction INV_LOGIT = new UnaryFunction() {
        public double value(double x) { return invLogit(x); }
        public double first(double x, double y) { return y * invLogit(-x); }
        public double second(double x, double y) { double r = invLogit(-x); return y * r * (r - y); }
    };

    /** {@code log(1 + exp(x))}, computed without overflow. */
    static final UnaryFunction LOG1P_EXP = new UnaryFunction() {
        public double value(double x) { return log1pExp(x); }
        public double first(double x, double y) { return invLogit(x); }
        public double second(double x, double y) { return logisticDensity(x); }
    };

    /** {@code log(inv_logit(x)) = -log1p_exp(-x)}. */
    static final UnaryFunction LOG_INV_LOGIT = new UnaryFunction() {
        public double value(double x) { return -log1pExp(-x); }
        public double first(double x, double y) { return invLogit(-x); }
        public double second(double x, double y) { return -logisticDensity(x); }
    };

    /** {@code log(1 - inv_logit(x)) = -log1p_exp(x)}. */
    static final UnaryFunction LOG1M_INV_LOGIT = new UnaryFunction() {
        public double value(double x) { return -log1pExp(x); }
        public double first(double x, double y) { return -invLogit(x); }
        public double second(double x, double y) { return -logisticDensity(x); }
    };

    static final UnaryFunction LGAMMA = new UnaryFunction() {
        public double value(double x) { return Gamma.logGamma(x); }
        public double first(double x, double y) { return digamma(x); }
        public double second(double x, double y) { return trigamma(x); }
    };

    static final BinaryFunction ADD = new BinaryFunction() {
        public double value(double a, double b) { return a + b; }
        public double da(double a, double b, double y) { return 1.0; }
        public double db(double a, double b, double y) { return 1.0; }
        public double daa(double a, double b, double y) { return 0.0; }
        public double dab(double a, double b, double y) { return 0.0; }
        public double dbb(double a, double b, double y) { return 0.0; }
    };

    static final BinaryFunction SUB = new BinaryFunction() {
        public double value(double a, double b) { return a - b; }
        public double da(double a, double b, double y) { return 1.0; }
        public double db(double a, double b, double y) { return -1.0; }
        public double daa(double a, double b, double y) { return 0.0; }
        public double dab(double a, double b, double y) { return 0.0; }
        public double dbb(double a, double b, double y) { return 0.0; }
    };

    static final BinaryFunction MUL = new BinaryFunction() {
        public double value(double a, double b) { return a * b; }
        public double da(double a, double b, double y) { return b; }
        public double db(double a, double b, double y) { return a; }
        public double daa(double a, double b, double y) { return 0.0; }
        public double dab(double a, double b, double y) { return 1.0; }
        public double dbb(double a, double b, double y) { return 0.0; }
    };

    static final BinaryFunction DIV = new BinaryFunction() {
        public double value(double a, double b) { return a / b; }
        public double da(double a, double b, double y) { return 1.0 / b; }
        public double db(double a, double b, double y) { return -y / b; }
        public double daa(double a, double b, double y) { return 0.0; }
        public double dab(double a, double b, double y) { return -1.0 / (b * b); }
        public double dbb(double a, double b, double y) { return 2.0 * y / (b * b); }
    };

    static final BinaryFunction POW = new BinaryFunction() {
        public double value(double a, double b) { return Math.pow(a, b); }
        public double da(double a, double b, double y) { return b == 0.0 ? 0.0 : b * Math.pow(a, b - 1.0); }
        public double db(double a, double b, double y) { return y == 0.0 ? 0.0 : y * Math.log(a); }
        public double daa(double a, double b, double y) {
            return b == 0.0 || b == 1.0 ? 0.0 : b * (b - 1.0) * Math.pow(a, b - 2.0);
        }
        public double dab(double a, double b, double y) {
            return y == 0.0 ? 0.0 : Math.pow(a, b - 1.0) * (1.0 + b * Math.log(a));
        }
        public double dbb(double a, double b, double y) {
            if (y == 0.0) {
                return 0.0;
            }
            double l = Math.log(a);
            return y * l * l;
        }
    };

    /** {@code log(exp(a) + exp(b))}. */
    static final BinaryFunction LOG_SUM_EXP = new BinaryFunction() {
        public double value(double a, double b) {
            double m = Math.max(a, b);
            if (m == Double.NEGATIVE_INFINITY) {
                return m;
            }
            return m + Math.log1p(Math.exp(-Math.abs(a - b)));
        }
        public double da(double a, double b, double y) { return invLogit(a - b); }
        public double db(double a, double b, double y) { return invLogit(b - a); }
        public double daa(double a, double b, double y) { return logisticDensity(a - b); }
        public double dab(double a, double b, double y) { return -logisticDensity(a - b); }
        public double dbb(double a, double b, double y) { return logisticDensity(a - b); }
    };
}

package otto.ad;

import org.hipparchus.special.Gamma;

import static otto.math.SpecialFunctions.invLogit;
import static otto.math.SpecialFunctions.log1pExp;

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

    static final UnaryFunction EXPM1 = new UnaryFunction() {
        public double value(double x) { return Math.expm1(x); }
        public double first(double x, double y) { return y + 1.0; }
        public double second(double x, double y) { return y + 1.0; }
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

    static final UnaryFunction TANH = new UnaryFunction() {
        public double value(double x) { return Math.tanh(x); }
        public double first(double x, double y) { return 1.0 - y * y; }
        public double second(double x, double y) { return -2.0 * y * (1.0 - y * y); }
    };

    static final UnaryFunction INV_LOGIT = new UnaryFunction() {
        public double value(double x) { return invLogit(x); }
        public double first(double x, double y) { return y * (1.0 - y); }
        public double second(double x, double y) { return y * (1.0 - y) * (1.0 - 2.0 * y); }
    };

    /** {@code log(1 + exp(x))}, computed without overflow. */
    static final UnaryFunction LOG1P_EXP = new UnaryFunction() {
        public double value(double x) { return log1pExp(x); }
        public double first(double x, double y) { return invLogit(x); }
        public double second(double x, double y) { double s = invLogit(x); return s * (1.0 - s); }
    };

    /** {@code log(inv_logit(x)) = -log1p_exp(-x)}. */
    static final UnaryFunction LOG_INV_LOGIT = new UnaryFunction() {
        public double value(double x) { return -log1pExp(-x); }
        public double first(double x, double y) { return invLogit(-x); }
        public double second(double x, double y) { double s = invLogit(x); return -s * (1.0 - s); }
    };

    /** {@code log(1 - inv_logit(x)) = -log1p_exp(x)}. */
    static final UnaryFunction LOG1M_INV_LOGIT = new UnaryFunction() {
        public double value(double x) { return -log1pExp(x); }
        public double first(double x, double y) { return -invLogit(x); }
        public double second(double x, double y) { double s = invLogit(x); return -s * (1.0 - s); }
    };

    static final UnaryFunction LGAMMA = new UnaryFunction() {
        public double value(double x) { return Gamma.logGamma(x); }
        public double first(double x, double y) { return Gamma.digamma(x); }
        public double second(double x, double y) { return Gamma.trigamma(x); }
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
        public double daa(double a, double b, double y) { double s = invLogit(a - b); return s * (1.0 - s); }
        public double dab(double a, double b, double y) { double s = invLogit(a - b); return -s * (1.0 - s); }
        public double dbb(double a, double b, double y) { double s = invLogit(a - b); return s * (1.0 - s); }
    };
}

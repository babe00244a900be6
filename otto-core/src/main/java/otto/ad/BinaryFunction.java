package otto.ad;

/**
 * A smooth function of two scalars applied elementwise (with broadcasting), described by its
 * value, its two partial derivatives and its three second partial derivatives.
 */
interface BinaryFunction {
    double value(double a, double b);

    /** ∂f/∂a, given {@code y = f(a, b)}. */
    double da(double a, double b, double y);

    /** ∂f/∂b, given {@code y = f(a, b)}. */
    double db(double a, double b, double y);

    /** ∂²f/∂a². */
    double daa(double a, double b, double y);

    /** ∂²f/∂a∂b. */
    double dab(double a, double b, double y);

    /** ∂²f/∂b². */
    double dbb(double a, double b, double y);
}

package otto.ad;

/**
 * A smooth scalar function applied elementwise, described by its value and first two
 * derivatives. The second derivative is what lets the tape give exact Hessian–vector products
 * (forward-over-reverse) for every operation built from these functions.
 */
interface UnaryFunction {
    /** The value {@code f(x)}. */
    double value(double x);

    /** {@code f'(x)}, given {@code y = f(x)} for reuse. */
    double first(double x, double y);

    /** {@code f''(x)}, given {@code y = f(x)} for reuse. */
    double second(double x, double y);
}

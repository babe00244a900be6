package otto.model;

import otto.ad.Var;

/**
 * A map from unconstrained {@code ℝ^m} onto a parameter's support, with its log-Jacobian.
 *
 * <p>{@link #constrain} runs on the tape (so its gradient and Hessian are exact) and adds
 * {@code log |det J|} to the {@link Params}; {@link #unconstrain} is its inverse, used for initial
 * values given on the constrained scale and in round-trip tests.
 */
public interface Constraint {
    /** The number of unconstrained values for a parameter of the given shape. */
    int freeSize(int[] shape);

    /** Maps the unconstrained values to the support, adding the log-Jacobian to {@code params}. */
    Var constrain(Var free, int[] shape, Params params);

    /**
     * The inverse map. {@code value} holds the constrained values in the parameter's own
     * (row-major) order; {@code params} holds the parameters declared before, for dependent bounds.
     *
     * @throws IllegalArgumentException if {@code value} is outside the support
     */
    double[] unconstrain(double[] value, int[] shape, Params params);

    /** A short description for listings, such as {@code lower=0}. */
    String describe();

    /** No constraint: {@code x = u}. */
    static Constraint none() {
        return Unconstrained.INSTANCE;
    }

    /** {@code x > lower}: {@code x = lower + exp(u)}. */
    static Constraint lower(double lower) {
        return new Interval(Bound.of(lower), null);
    }

    /** {@code x < upper}: {@code x = upper - exp(u)}. */
    static Constraint upper(double upper) {
        return new Interval(null, Bound.of(upper));
    }

    /** {@code lower < x < upper}: {@code x = lower + (upper - lower) logit⁻¹(u)}. */
    static Constraint interval(double lower, double upper) {
        if (!(lower < upper)) {
            throw new IllegalArgumentException("interval needs lower < upper, got " + lower + " and " + upper);
        }
        return new Interval(Bound.of(lower), Bound.of(upper));
    }

    /** Bounds that may depend on earlier parameters; either may be null (unbounded on that side). */
    static Constraint interval(Bound lower, Bound upper) {
        return new Interval(lower, upper);
    }

    /** A vector in increasing order: {@code x₁ = u₁, x_k = x_{k-1} + exp(u_k)}. */
    static Constraint ordered() {
        return Ordered.INSTANCE;
    }

    /** A point of the unit simplex (stick-breaking, {@code K - 1} free values). */
    static Constraint simplex() {
        return Simplex.INSTANCE;
    }

    /**
     * The lower Cholesky factor of a correlation matrix ({@code K × K}, {@code K(K-1)/2} free
     * values through {@code tanh} canonical partial correlations, as Stan does).
     */
    static Constraint choleskyCorrelation() {
        return CholeskyCorrelation.INSTANCE;
    }
}

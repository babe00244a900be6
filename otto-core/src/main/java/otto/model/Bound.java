package otto.model;

import otto.ad.Var;

/**
 * A bound of a constrained parameter: a constant, or an expression of parameters declared
 * before it (Stan's {@code real<lower=0, upper=1 - alpha1> beta1}).
 */
@FunctionalInterface
public interface Bound {
    /** The bound's value (a scalar, or one value per element), from the earlier parameters. */
    Var value(Params earlier);

    /** A constant bound. */
    static Bound of(double value) {
        return new Constant(value);
    }

    /** A constant bound; its value is available without a tape. */
    record Constant(double constant) implements Bound {
        @Override
        public Var value(Params earlier) {
            return earlier.tape().constant(constant);
        }
    }
}

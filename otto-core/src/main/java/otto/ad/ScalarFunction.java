package otto.ad;

/** A scalar function of a vector, written on the tape: the unit that {@link Gradients} differentiates. */
@FunctionalInterface
public interface ScalarFunction {
    /** Evaluates the function at {@code x} (an input variable of the tape), returning a scalar. */
    Var apply(Var x);
}

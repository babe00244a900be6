package otto.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a {@link Model} declares: its parameters, in order (they fill the unconstrained vector in
 * that order, and a bound may use any parameter declared before it), and its transformed
 * parameters. Shapes are given as trailing dimensions: none for a scalar, one for a vector.
 */
public final class Declarations {
    private final List<Parameter> parameters = new ArrayList<>();
    private final List<Parameter> transformed = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    Declarations() {
    }

    /** A parameter with any constraint. */
    public Declarations parameter(String name, Constraint constraint, int... shape) {
        unique(name);
        parameters.add(new Parameter(name, shape, constraint, false));
        return this;
    }

    /** An unconstrained real (scalar or array). */
    public Declarations real(String name, int... shape) {
        return parameter(name, Constraint.none(), shape);
    }

    /** A real with a lower bound. */
    public Declarations lower(String name, double lower, int... shape) {
        return parameter(name, Constraint.lower(lower), shape);
    }

    /** A real with an upper bound. */
    public Declarations upper(String name, double upper, int... shape) {
        return parameter(name, Constraint.upper(upper), shape);
    }

    /** A real in {@code (lower, upper)}. */
    public Declarations interval(String name, double lower, double upper, int... shape) {
        return parameter(name, Constraint.interval(lower, upper), shape);
    }

    /** An increasing vector of length {@code k}. */
    public Declarations ordered(String name, int k) {
        return parameter(name, Constraint.ordered(), k);
    }

    /** A point of the {@code k}-simplex. */
    public Declarations simplex(String name, int k) {
        return parameter(name, Constraint.simplex(), k);
    }

    /** The Cholesky factor of a {@code k × k} correlation matrix. */
    public Declarations choleskyCorrelation(String name, int k) {
        return parameter(name, Constraint.choleskyCorrelation(), k, k);
    }

    /** A transformed parameter the model computes in {@link Model#transform} and reports. */
    public Declarations transformed(String name, int... shape) {
        unique(name);
        transformed.add(new Parameter(name, shape, Constraint.none(), true));
        return this;
    }

    private void unique(String name) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("quantity '" + name + "' is declared twice");
        }
    }

    List<Parameter> parameters() {
        return List.copyOf(parameters);
    }

    List<Parameter> transformedParameters() {
        return List.copyOf(transformed);
    }
}

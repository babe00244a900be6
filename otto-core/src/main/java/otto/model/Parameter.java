package otto.model;

/**
 * A declared quantity of a model: a parameter with its {@link Constraint}, or a transformed
 * parameter (computed from the parameters, reported in the output). The shape is empty for a
 * scalar, {@code [n]} for a vector, {@code [r, c]} for a matrix.
 */
public record Parameter(String name, int[] shape, Constraint constraint, boolean transformed) {
    public Parameter {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a parameter needs a name");
        }
        shape = shape.clone();
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("parameter " + name + " has a negative dimension");
            }
        }
    }

    /** The number of (constrained) elements. */
    public int size() {
        return Shapes.size(shape);
    }

    /** The number of unconstrained values it takes (0 for a transformed parameter). */
    public int freeSize() {
        return transformed ? 0 : constraint.freeSize(shape);
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Stan-style output names of its elements, first index fastest: {@code beta.1}, {@code L.2.1}. */
    public String[] columnNames() {
        return Shapes.names(name, shape, new int[size()]);
    }

    /** A declaration in Stan-like words, such as {@code sigma: real<lower=0>} or {@code beta: vector[5]}. */
    public String describe() {
        String c = transformed ? "" : constraint.describe();
        String kind = shape.length == 0 ? "real" : shape.length == 1 ? "vector" : "matrix";
        return name + ": " + (transformed ? "transformed " : "") + kind
                + (c.isEmpty() ? "" : "<" + c + ">") + Shapes.describe(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Parameter p && p.name.equals(name) && java.util.Arrays.equals(p.shape, shape)
                && p.transformed == transformed && p.constraint.equals(constraint);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + java.util.Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return describe();
    }
}

package otto.ad;

import java.util.ArrayList;
import java.util.List;

/**
 * A reverse-mode automatic-differentiation tape whose nodes are whole arrays.
 *
 * <p>Every operation on {@link Var}s that depends on an input variable records one node holding
 * its value array and a pullback; {@link #backward(Var)} sweeps the nodes in reverse and
 * accumulates adjoints. A log density over {@code N} data points is therefore a handful of
 * nodes of length {@code N}, not {@code N·d} scalar ones.
 *
 * <p>A tape created {@linkplain #withTangents() with tangents} also carries a forward-mode
 * tangent through every node and the tangent of every adjoint back (forward-over-reverse): after
 * {@code backward}, {@link Var#gradientTangent()} of an input seeded with direction {@code v} is
 * the exact Hessian–vector product {@code ∇²f · v}.
 *
 * <p>A tape is used by one thread for one evaluation and then dropped; it is cheap to create.
 */
public final class Tape {
    private final boolean tangents;
    private final List<Var> nodes = new ArrayList<>();
    private boolean swept;

    private Tape(boolean tangents) {
        this.tangents = tangents;
    }

    /** A tape for values and gradients. */
    public static Tape create() {
        return new Tape(false);
    }

    /** A tape that also propagates tangents, for Hessian–vector products. */
    public static Tape withTangents() {
        return new Tape(true);
    }

    /** Whether this tape propagates tangents. */
    public boolean hasTangents() {
        return tangents;
    }

    /** A constant (data) array; the array is used as given, not copied, and must not change. */
    public Var constant(double[] values) {
        return new Var(this, values, null, false);
    }

    /** A constant scalar. */
    public Var constant(double value) {
        return new Var(this, new double[] {value}, null, false);
    }

    /** An input variable: gradients are taken with respect to it. The array is copied. */
    public Var variable(double[] values) {
        return variable(values, null);
    }

    /**
     * An input variable with a tangent direction (used only on a tape with tangents; a null
     * direction means zero).
     */
    public Var variable(double[] values, double[] direction) {
        double[] tangent = null;
        if (tangents) {
            if (direction != null && direction.length != values.length) {
                throw new IllegalArgumentException("direction has length " + direction.length
                        + ", variable has " + values.length);
            }
            tangent = direction == null ? new double[values.length] : direction.clone();
        }
        Var v = new Var(this, values.clone(), tangent, true);
        record(v);
        return v;
    }

    /** A scalar input variable. */
    public Var variable(double value) {
        return variable(new double[] {value});
    }

    void record(Var v) {
        if (swept) {
            throw new IllegalStateException("this tape has already been swept backward; use a new tape");
        }
        nodes.add(v);
    }

    /**
     * Propagates adjoints from the scalar {@code output} back to every input variable. May be
     * called once per tape.
     */
    public void backward(Var output) {
        if (output.size() != 1) {
            throw new IllegalArgumentException("backward needs a scalar output, got size " + output.size());
        }
        if (output.tape != this) {
            throw new IllegalArgumentException("output belongs to another tape");
        }
        if (swept) {
            throw new IllegalStateException("this tape has already been swept backward");
        }
        swept = true;
        if (!output.active) {
            return;
        }
        output.adjoint()[0] = 1.0;
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Var v = nodes.get(i);
            if (v.adj != null && v.pullback != null) {
                v.pullback.run();
            }
        }
    }

    /** The number of recorded nodes (inputs and operations). */
    public int size() {
        return nodes.size();
    }
}

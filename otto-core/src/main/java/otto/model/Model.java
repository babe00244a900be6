package otto.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import otto.ad.Gradients;
import otto.ad.Tape;
import otto.ad.Var;

/**
 * A Bayesian model written on {@code otto.ad}: declared parameters with constraints, optional
 * transformed parameters, and a log density on the constrained scale. As a {@link Target} it is
 * the log density on unconstrained {@code ℝ^d}, log-Jacobians of the constraints included, with
 * exact gradients and Hessian–vector products.
 *
 * <p>Subclasses implement {@link #declare}, {@link #logDensity(Params)} and, if they report
 * transformed parameters, {@link #transform}. They are immutable once built and safe to share
 * between threads: every evaluation uses its own tape.
 *
 * <pre>{@code
 * class Normal extends Model {
 *     Normal() { super("normal"); }
 *     protected void declare(Declarations d) { d.real("mu"); d.lower("sigma", 0); }
 *     protected Var logDensity(Params p) {
 *         return Distributions.normal(p.tape().constant(y), p.get("mu"), p.get("sigma"));
 *     }
 * }
 * }</pre>
 */
public abstract class Model implements Target {
    private final String name;
    private volatile Layout layout;

    protected Model(String name) {
        this.name = name;
    }

    /** Declares the parameters, in order, and the transformed parameters. */
    protected abstract void declare(Declarations d);

    /**
     * Computes the declared transformed parameters from the parameters with
     * {@link Params#define}. The default defines none.
     */
    protected void transform(Params p) {
    }

    /** The log density (log prior plus log likelihood) at the constrained parameters {@code p}. */
    protected abstract Var logDensity(Params p);

    /** The model's name. */
    public String name() {
        return name;
    }

    /** The parameters, in declaration order. */
    public List<Parameter> parameters() {
        return layout().parameters;
    }

    /** The transformed parameters, in declaration order. */
    public List<Parameter> transformedParameters() {
        return layout().transformed;
    }

    @Override
    public int dimension() {
        return layout().dimension;
    }

    /** Names of the output columns: every parameter's elements, then every transformed parameter's. */
    public String[] outputNames() {
        return layout().names.clone();
    }

    /** The number of output columns. */
    public int outputSize() {
        return layout().names.length;
    }

    /** The log density on the unconstrained scale (log-Jacobian included), on the tape. */
    public Var logDensity(Var free) {
        Params p = constrain(free);
        Var lp = logDensity(p);
        if (lp.size() != 1) {
            throw new IllegalStateException("model " + name + " returned a log density of size " + lp.size());
        }
        return lp.add(p.logJacobian());
    }

    @Override
    public double logDensity(double[] x, double[] gradient) {
        checkDimension(x);
        return Gradients.valueAndGradient(this::logDensity, x, gradient);
    }

    @Override
    public void hessianVectorProduct(double[] x, double[] v, double[] out) {
        checkDimension(x);
        Gradients.hessianVectorProduct(this::logDensity, x, v, null, out);
    }

    /**
     * The output row for an unconstrained point: constrained parameters then transformed
     * parameters, in the order of {@link #outputNames()}.
     */
    public double[] output(double[] free) {
        checkDimension(free);
        Tape tape = Tape.create();
        Params p = constrain(tape.constant(free));
        Layout l = layout();
        double[] out = new double[l.names.length];
        int col = 0;
        for (Parameter q : l.all) {
            Var v = p.get(q.name());
            int[] order = new int[q.size()];
            Shapes.names(q.name(), q.shape(), order);
            for (int k = 0; k < order.length; k++) {
                out[col++] = v.value(order[k]);
            }
        }
        return out;
    }

    /**
     * The unconstrained point for constrained parameter values, given in declaration order with
     * each parameter's elements row-major (a scalar is one value).
     *
     * @throws IllegalArgumentException if a value is outside its parameter's support
     */
    public double[] unconstrain(double[] constrained) {
        Layout l = layout();
        int total = 0;
        for (Parameter q : l.parameters) {
            total += q.size();
        }
        if (constrained.length != total) {
            throw new IllegalArgumentException("model " + name + " has " + total
                    + " constrained parameter values, got " + constrained.length);
        }
        Tape tape = Tape.create();
        Params p = new Params(tape);
        double[] free = new double[l.dimension];
        int in = 0;
        int out = 0;
        for (Parameter q : l.parameters) {
            double[] x = Arrays.copyOfRange(constrained, in, in + q.size());
            double[] u;
            try {
                u = q.constraint().unconstrain(x, q.shape(), p);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("parameter " + q.name() + ": " + e.getMessage(), e);
            }
            System.arraycopy(u, 0, free, out, u.length);
            p.put(q.name(), tape.constant(x));
            in += q.size();
            out += u.length;
        }
        return free;
    }

    private Params constrain(Var free) {
        Layout l = layout();
        if (free.size() != l.dimension) {
            throw new IllegalArgumentException("model " + name + " has dimension " + l.dimension
                    + ", got a point of size " + free.size());
        }
        Params p = new Params(free.tape());
        int offset = 0;
        for (Parameter q : l.parameters) {
            int m = q.freeSize();
            Var x = q.constraint().constrain(free.slice(offset, m), q.shape(), p);
            if (x.size() != q.size()) {
                throw new IllegalStateException("constraint of " + q.name() + " gave " + x.size() + " values, expected " + q.size());
            }
            p.put(q.name(), x);
            offset += m;
        }
        transform(p);
        for (Parameter t : l.transformed) {
            if (!p.has(t.name())) {
                throw new IllegalStateException("model " + name + " did not define transformed parameter " + t.name());
            }
            if (p.get(t.name()).size() != t.size()) {
                throw new IllegalStateException("transformed parameter " + t.name() + " has size "
                        + p.get(t.name()).size() + ", declared " + t.size());
            }
        }
        return p;
    }

    private void checkDimension(double[] x) {
        if (x.length != dimension()) {
            throw new IllegalArgumentException("model " + name + " has dimension " + dimension()
                    + ", got a point of size " + x.length);
        }
    }

    private Layout layout() {
        Layout l = layout;
        if (l == null) {
            Declarations d = new Declarations();
            declare(d);
            l = new Layout(d.parameters(), d.transformedParameters());
            layout = l;
        }
        return l;
    }

    private static final class Layout {
        final List<Parameter> parameters;
        final List<Parameter> transformed;
        final List<Parameter> all;
        final int dimension;
        final String[] names;

        Layout(List<Parameter> parameters, List<Parameter> transformed) {
            this.parameters = parameters;
            this.transformed = transformed;
            List<Parameter> a = new ArrayList<>(parameters);
            a.addAll(transformed);
            this.all = List.copyOf(a);
            int d = 0;
            List<String> n = new ArrayList<>();
            for (Parameter q : all) {
                d += q.freeSize();
                n.addAll(Arrays.asList(q.columnNames()));
            }
            this.dimension = d;
            this.names = n.toArray(new String[0]);
        }
    }
}

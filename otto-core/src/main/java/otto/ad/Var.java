package otto.ad;

import java.util.Arrays;

/**
 * A node of a {@link Tape}: an array of values (a scalar is an array of length one) and, once
 * the tape is swept backward, their adjoints.
 *
 * <p>Elementwise operations broadcast a length-one operand against any length. A {@code Var}
 * that does not depend on an input variable is a constant: operations on constants only compute
 * values and record nothing.
 */
public final class Var {
    final Tape tape;
    final double[] val;
    /** Forward tangent; null for constants or on a tape without tangents. */
    final double[] tan;
    final boolean active;
    double[] adj;
    double[] adjTan;
    Runnable pullback;

    Var(Tape tape, double[] val, double[] tan, boolean active) {
        this.tape = tape;
        this.val = val;
        this.tan = tan;
        this.active = active;
    }

    // ---------------------------------------------------------------- access

    /** The tape this value lives on. */
    public Tape tape() {
        return tape;
    }

    /** The number of elements. */
    public int size() {
        return val.length;
    }

    /** The value of a scalar. */
    public double value() {
        if (val.length != 1) {
            throw new IllegalStateException("value() of a Var of size " + val.length + "; use value(i)");
        }
        return val[0];
    }

    /** The value of element {@code i}. */
    public double value(int i) {
        return val[i];
    }

    /** A copy of the values. */
    public double[] values() {
        return val.clone();
    }

    /** Whether this value depends on an input variable. */
    public boolean isActive() {
        return active;
    }

    /** The gradient of the swept output with respect to this node (zeros if it had no effect). */
    public double[] gradient() {
        return adj == null ? new double[val.length] : adj.clone();
    }

    /**
     * On a tape with tangents: the directional derivative of {@link #gradient()} along the input
     * tangents, i.e. a Hessian–vector product for an input variable.
     */
    public double[] gradientTangent() {
        if (!tape.hasTangents()) {
            throw new IllegalStateException("gradientTangent needs a tape created withTangents()");
        }
        return adjTan == null ? new double[val.length] : adjTan.clone();
    }

    double[] adjoint() {
        if (adj == null) {
            adj = new double[val.length];
        }
        return adj;
    }

    double[] adjointTangent() {
        if (adjTan == null) {
            adjTan = new double[val.length];
        }
        return adjTan;
    }

    /** The output's adjoint tangent, or null when tangents are off or none reached it. */
    double[] outAdjTan() {
        return adjTan;
    }

    Var constantLike(double[] values) {
        return new Var(tape, values, null, false);
    }

    Var newNode(double[] values, double[] tangent) {
        Var v = new Var(tape, values, tangent, true);
        tape.record(v);
        return v;
    }

    private Var lift(double c) {
        return tape.constant(c);
    }

    // ---------------------------------------------------------------- elementwise, one argument

    Var apply(UnaryFunction f) {
        int n = val.length;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = f.value(val[i]);
        }
        if (!active) {
            return constantLike(y);
        }
        double[] t = null;
        if (tan != null) {
            t = new double[n];
            for (int i = 0; i < n; i++) {
                t[i] = f.first(val[i], y[i]) * tan[i];
            }
        }
        Var out = newNode(y, t);
        Var in = this;
        out.pullback = () -> {
            double[] a = in.adjoint();
            double[] ya = out.adj;
            double[] yt = out.adjTan;
            if (tan == null) {
                for (int i = 0; i < n; i++) {
                    a[i] += ya[i] * f.first(val[i], y[i]);
                }
                return;
            }
            double[] at = in.adjointTangent();
            for (int i = 0; i < n; i++) {
                double d1 = f.first(val[i], y[i]);
                a[i] += ya[i] * d1;
                at[i] += (yt == null ? 0.0 : yt[i] * d1) + ya[i] * f.second(val[i], y[i]) * tan[i];
            }
        };
        return out;
    }

    /** {@code exp(x)}. */
    public Var exp() { return apply(Functions.EXP); }

    /** {@code log(x)}. */
    public Var log() { return apply(Functions.LOG); }

    /** {@code log(1 + x)}. */
    public Var log1p() { return apply(Functions.LOG1P); }

    /** {@code log(1 - x)}. */
    public Var log1m() { return apply(Functions.LOG1M); }

    /** {@code exp(x) - 1}. */
    public Var expm1() { return apply(Functions.EXPM1); }

    /** {@code √x}. */
    public Var sqrt() { return apply(Functions.SQRT); }

    /** {@code x²}. */
    public Var square() { return apply(Functions.SQUARE); }

    /** {@code 1 / x}. */
    public Var inv() { return apply(Functions.INV); }

    /** {@code |x|} (derivative {@code sign(x)}). */
    public Var abs() { return apply(Functions.ABS); }

    /** {@code tanh(x)}. */
    public Var tanh() { return apply(Functions.TANH); }

    /** The logistic function {@code 1 / (1 + exp(-x))}. */
    public Var invLogit() { return apply(Functions.INV_LOGIT); }

    /** {@code log(1 + exp(x))}. */
    public Var log1pExp() { return apply(Functions.LOG1P_EXP); }

    /** {@code log(inv_logit(x))}. */
    public Var logInvLogit() { return apply(Functions.LOG_INV_LOGIT); }

    /** {@code log(1 - inv_logit(x))}. */
    public Var log1mInvLogit() { return apply(Functions.LOG1M_INV_LOGIT); }

    /** {@code log Γ(x)}. */
    public Var lgamma() { return apply(Functions.LGAMMA); }

    /** {@code x^p} for a constant exponent. */
    public Var pow(double p) {
        if (p == 2.0) {
            return square();
        }
        return apply(new UnaryFunction() {
            public double value(double x) { return Math.pow(x, p); }
            public double first(double x, double y) { return p * Math.pow(x, p - 1.0); }
            public double second(double x, double y) { return p * (p - 1.0) * Math.pow(x, p - 2.0); }
        });
    }

    /** {@code a·x + b} for constants {@code a, b}. */
    public Var affine(double a, double b) {
        int n = val.length;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = a * val[i] + b;
        }
        if (!active) {
            return constantLike(y);
        }
        double[] t = null;
        if (tan != null) {
            t = new double[n];
            for (int i = 0; i < n; i++) {
                t[i] = a * tan[i];
            }
        }
        Var out = newNode(y, t);
        Var in = this;
        out.pullback = () -> {
            double[] g = in.adjoint();
            for (int i = 0; i < n; i++) {
                g[i] += a * out.adj[i];
            }
            if (out.adjTan != null) {
                double[] gt = in.adjointTangent();
                for (int i = 0; i < n; i++) {
                    gt[i] += a * out.adjTan[i];
                }
            }
        };
        return out;
    }

    /** {@code -x}. */
    public Var neg() { return affine(-1.0, 0.0); }

    /** {@code x + c}. */
    public Var add(double c) { return affine(1.0, c); }

    /** {@code x - c}. */
    public Var sub(double c) { return affine(1.0, -c); }

    /** {@code c - x}. */
    public Var rsub(double c) { return affine(-1.0, c); }

    /** {@code c·x}. */
    public Var mul(double c) { return affine(c, 0.0); }

    /** {@code x / c}. */
    public Var div(double c) { return affine(1.0 / c, 0.0); }

    /** {@code c / x}. */
    public Var rdiv(double c) { return inv().mul(c); }

    // ---------------------------------------------------------------- elementwise, two arguments

    Var apply(BinaryFunction f, Var b) {
        Var a = this;
        if (a.tape != b.tape) {
            throw new IllegalArgumentException("operands belong to different tapes");
        }
        int na = a.val.length;
        int nb = b.val.length;
        if (na != nb && na != 1 && nb != 1) {
            throw new IllegalArgumentException("sizes " + na + " and " + nb + " do not broadcast");
        }
        int n = na == 1 ? nb : na;
        int sa = na == 1 ? 0 : 1;
        int sb = nb == 1 ? 0 : 1;
        double[] av = a.val;
        double[] bv = b.val;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = f.value(av[i * sa], bv[i * sb]);
        }
        if (!a.active && !b.active) {
            return constantLike(y);
        }
        double[] at = a.tan;
        double[] bt = b.tan;
        boolean tangents = a.tape.hasTangents();
        double[] t = null;
        if (tangents) {
            t = new double[n];
            for (int i = 0; i < n; i++) {
                double x = av[i * sa];
                double z = bv[i * sb];
                double s = 0.0;
                if (at != null) {
                    s += f.da(x, z, y[i]) * at[i * sa];
                }
                if (bt != null) {
                    s += f.db(x, z, y[i]) * bt[i * sb];
                }
                t[i] = s;
            }
        }
        Var out = newNode(y, t);
        out.pullback = () -> {
            double[] ya = out.adj;
            double[] yt = out.adjTan;
            double[] ga = a.active ? a.adjoint() : null;
            double[] gb = b.active ? b.adjoint() : null;
            double[] gat = a.active && tangents ? a.adjointTangent() : null;
            double[] gbt = b.active && tangents ? b.adjointTangent() : null;
            for (int i = 0; i < n; i++) {
                int ia = i * sa;
                int ib = i * sb;
                double x = av[ia];
                double z = bv[ib];
                double w = ya[i];
                if (ga != null) {
                    ga[ia] += w * f.da(x, z, y[i]);
                }
                if (gb != null) {
                    gb[ib] += w * f.db(x, z, y[i]);
                }
                if (tangents) {
                    double ta = at == null ? 0.0 : at[ia];
                    double tb = bt == null ? 0.0 : bt[ib];
                    double wt = yt == null ? 0.0 : yt[i];
                    if (gat != null) {
                        gat[ia] += wt * f.da(x, z, y[i])
                                + w * (f.daa(x, z, y[i]) * ta + f.dab(x, z, y[i]) * tb);
                    }
                    if (gbt != null) {
                        gbt[ib] += wt * f.db(x, z, y[i])
                                + w * (f.dab(x, z, y[i]) * ta + f.dbb(x, z, y[i]) * tb);
                    }
                }
            }
        };
        return out;
    }

    /** Elementwise {@code x + b} (broadcasting). */
    public Var add(Var b) { return apply(Functions.ADD, b); }

    /** Elementwise {@code x - b} (broadcasting). */
    public Var sub(Var b) { return apply(Functions.SUB, b); }

    /** Elementwise {@code x · b} (broadcasting). */
    public Var mul(Var b) { return apply(Functions.MUL, b); }

    /** Elementwise {@code x / b} (broadcasting). */
    public Var div(Var b) { return apply(Functions.DIV, b); }

    /** Elementwise {@code x^b} (broadcasting). */
    public Var pow(Var b) { return apply(Functions.POW, b); }

    /** Elementwise {@code log(exp(x) + exp(b))} (broadcasting). */
    public Var logAddExp(Var b) { return apply(Functions.LOG_SUM_EXP, b); }

    /** Elementwise {@code x + b} with a constant array {@code b}. */
    public Var add(double[] b) { return add(tape.constant(b)); }

    /** Elementwise {@code x - b} with a constant array {@code b}. */
    public Var sub(double[] b) { return sub(tape.constant(b)); }

    /** Elementwise {@code x · b} with a constant array {@code b}. */
    public Var mul(double[] b) { return mul(tape.constant(b)); }

    // ---------------------------------------------------------------- reductions

    /** The sum of the elements. */
    public Var sum() {
        int n = val.length;
        double s = 0.0;
        for (double v : val) {
            s += v;
        }
        if (!active) {
            return constantLike(new double[] {s});
        }
        double[] t = null;
        if (tan != null) {
            double st = 0.0;
            for (double v : tan) {
                st += v;
            }
            t = new double[] {st};
        }
        Var out = newNode(new double[] {s}, t);
        Var in = this;
        out.pullback = () -> {
            double[] g = in.adjoint();
            double w = out.adj[0];
            for (int i = 0; i < n; i++) {
                g[i] += w;
            }
            if (out.adjTan != null) {
                double[] gt = in.adjointTangent();
                double wt = out.adjTan[0];
                for (int i = 0; i < n; i++) {
                    gt[i] += wt;
                }
            }
        };
        return out;
    }

    /** The dot product {@code Σ x_i b_i} (equal sizes). */
    public Var dot(Var b) {
        if (b.val.length != val.length) {
            throw new IllegalArgumentException("dot of sizes " + val.length + " and " + b.val.length);
        }
        return mul(b).sum();
    }

    /** {@code log Σ exp(x_i)}. */
    public Var logSumExp() {
        int n = val.length;
        double m = Double.NEGATIVE_INFINITY;
        for (double v : val) {
            m = Math.max(m, v);
        }
        double s = 0.0;
        for (double v : val) {
            s += Math.exp(v - m);
        }
        // an infinite maximum is the answer (also for all -∞: the log of an empty sum), not ∞ - ∞
        double y = Double.isInfinite(m) ? m : m + Math.log(s);
        if (!active) {
            return constantLike(new double[] {y});
        }
        // softmax as exp(x - m) / s: exp(x - y) would carry the rounding of a large y into every p
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp(val[i] - m) / s;
        }
        double pt = 0.0;
        double[] t = null;
        if (tan != null) {
            for (int i = 0; i < n; i++) {
                pt += p[i] * tan[i];
            }
            t = new double[] {pt};
        }
        double ptFinal = pt;
        Var out = newNode(new double[] {y}, t);
        Var in = this;
        out.pullback = () -> {
            double[] g = in.adjoint();
            double w = out.adj[0];
            for (int i = 0; i < n; i++) {
                g[i] += w * p[i];
            }
            if (tan != null) {
                double[] gt = in.adjointTangent();
                double wt = out.adjTan == null ? 0.0 : out.adjTan[0];
                for (int i = 0; i < n; i++) {
                    gt[i] += wt * p[i] + w * p[i] * (tan[i] - ptFinal);
                }
            }
        };
        return out;
    }

    // ---------------------------------------------------------------- indexing

    /** Element {@code i} as a scalar. */
    public Var get(int i) {
        return slice(i, 1);
    }

    /** Elements {@code [from, from + length)}. */
    public Var slice(int from, int length) {
        if (from < 0 || length < 0 || from + length > val.length) {
            throw new IndexOutOfBoundsException("slice [" + from + ", " + (from + length) + ") of size " + val.length);
        }
        double[] y = Arrays.copyOfRange(val, from, from + length);
        if (!active) {
            return constantLike(y);
        }
        double[] t = tan == null ? null : Arrays.copyOfRange(tan, from, from + length);
        Var out = newNode(y, t);
        Var in = this;
        out.pullback = () -> {
            double[] g = in.adjoint();
            for (int i = 0; i < length; i++) {
                g[from + i] += out.adj[i];
            }
            if (out.adjTan != null) {
                double[] gt = in.adjointTangent();
                for (int i = 0; i < length; i++) {
                    gt[from + i] += out.adjTan[i];
                }
            }
        };
        return out;
    }

    /** The elements at the given indices, in that order (indices may repeat). */
    public Var gather(int[] index) {
        int n = index.length;
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            y[k] = val[index[k]];
        }
        if (!active) {
            return constantLike(y);
        }
        double[] t = null;
        if (tan != null) {
            t = new double[n];
            for (int k = 0; k < n; k++) {
                t[k] = tan[index[k]];
            }
        }
        Var out = newNode(y, t);
        Var in = this;
        out.pullback = () -> {
            double[] g = in.adjoint();
            for (int k = 0; k < n; k++) {
                g[index[k]] += out.adj[k];
            }
            if (out.adjTan != null) {
                double[] gt = in.adjointTangent();
                for (int k = 0; k < n; k++) {
                    gt[index[k]] += out.adjTan[k];
                }
            }
        };
        return out;
    }

    /** This value repeated to length {@code n} (a scalar broadcast into a vector). */
    public Var repeat(int n) {
        if (val.length == n) {
            return this;
        }
        if (val.length != 1) {
            throw new IllegalArgumentException("only a scalar can be repeated, size is " + val.length);
        }
        return gather(new int[n]);
    }

    /**
     * Cumulative sums: element {@code k} is {@code Σ_{i ≤ k} x_i}, or {@code Σ_{i < k} x_i} when
     * {@code exclusive} (so it starts at 0).
     */
    public Var cumulativeSum(boolean exclusive) {
        int n = val.length;
        double[] y = cumsum(val, exclusive);
        if (!active) {
            return constantLike(y);
        }
        Var out = newNode(y, tan == null ? null : cumsum(tan, exclusive));
        Var in = this;
        out.pullback = () -> {
            addReverseCumsum(in.adjoint(), out.adj, exclusive);
            if (out.adjTan != null) {
                addReverseCumsum(in.adjointTangent(), out.adjTan, exclusive);
            }
        };
        return out;
    }

    private static double[] cumsum(double[] x, boolean exclusive) {
        double[] y = new double[x.length];
        double s = 0.0;
        for (int i = 0; i < x.length; i++) {
            if (exclusive) {
                y[i] = s;
                s += x[i];
            } else {
                s += x[i];
                y[i] = s;
            }
        }
        return y;
    }

    /** g_i += Σ_{k ≥ i} w_k (inclusive) or Σ_{k > i} w_k (exclusive). */
    private static void addReverseCumsum(double[] g, double[] w, boolean exclusive) {
        double s = 0.0;
        for (int i = w.length - 1; i >= 0; i--) {
            if (exclusive) {
                g[i] += s;
                s += w[i];
            } else {
                s += w[i];
                g[i] += s;
            }
        }
    }

    /** The concatenation of the given values, in order (all on one tape). */
    public static Var concat(Var... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat of nothing");
        }
        Tape tape = parts[0].tape;
        int n = 0;
        boolean anyActive = false;
        for (Var p : parts) {
            if (p.tape != tape) {
                throw new IllegalArgumentException("operands belong to different tapes");
            }
            n += p.val.length;
            anyActive |= p.active;
        }
        double[] y = new double[n];
        double[] t = tape.hasTangents() && anyActive ? new double[n] : null;
        int off = 0;
        for (Var p : parts) {
            System.arraycopy(p.val, 0, y, off, p.val.length);
            if (t != null && p.tan != null) {
                System.arraycopy(p.tan, 0, t, off, p.val.length);
            }
            off += p.val.length;
        }
        if (!anyActive) {
            return tape.constant(y);
        }
        Var out = parts[0].newNode(y, t);
        out.pullback = () -> {
            int o = 0;
            for (Var p : parts) {
                int m = p.val.length;
                if (p.active) {
                    double[] g = p.adjoint();
                    for (int i = 0; i < m; i++) {
                        g[i] += out.adj[o + i];
                    }
                    if (out.adjTan != null) {
                        double[] gt = p.adjointTangent();
                        for (int i = 0; i < m; i++) {
                            gt[i] += out.adjTan[o + i];
                        }
                    }
                }
                o += m;
            }
        };
        return out;
    }

    @Override
    public String toString() {
        return (active ? "Var" : "Const") + Arrays.toString(val);
    }
}

package otto.model;

import otto.ad.Var;

/**
 * A lower bound, an upper bound, or both, each constant or depending on earlier parameters.
 * {@code x = a + exp(u)}, {@code x = b - exp(u)}, or {@code x = a + (b - a) logit⁻¹(u)}.
 */
final class Interval implements Constraint {
    private final Bound lower;
    private final Bound upper;

    Interval(Bound lower, Bound upper) {
        if (lower == null && upper == null) {
            throw new IllegalArgumentException("an interval needs at least one bound");
        }
        this.lower = lower;
        this.upper = upper;
    }

    @Override
    public int freeSize(int[] shape) {
        return Shapes.size(shape);
    }

    @Override
    public Var constrain(Var u, int[] shape, Params params) {
        int n = u.size();
        if (upper == null) {
            Var a = lower.value(params);
            params.addLogJacobian(u.sum());
            return u.exp().add(a);
        }
        if (lower == null) {
            Var b = upper.value(params);
            params.addLogJacobian(u.sum());
            return b.sub(u.exp());
        }
        Var a = lower.value(params);
        Var width = upper.value(params).sub(a);
        Var logWidth = width.log();
        Var logWidthTotal = logWidth.size() == 1 ? logWidth.mul(n) : logWidth.sum();
        params.addLogJacobian(logWidthTotal.add(u.logInvLogit().add(u.log1mInvLogit()).sum()));
        return a.add(width.mul(u.invLogit()));
    }

    @Override
    public double[] unconstrain(double[] x, int[] shape, Params params) {
        double[] u = new double[x.length];
        Var a = lower == null ? null : lower.value(params);
        Var b = upper == null ? null : upper.value(params);
        for (int i = 0; i < x.length; i++) {
            double lo = a == null ? Double.NEGATIVE_INFINITY : a.value(a.size() == 1 ? 0 : i);
            double hi = b == null ? Double.POSITIVE_INFINITY : b.value(b.size() == 1 ? 0 : i);
            if (!(x[i] > lo && x[i] < hi)) {
                throw new IllegalArgumentException("value " + x[i] + " is outside (" + lo + ", " + hi + ")");
            }
            if (b == null) {
                u[i] = Math.log(x[i] - lo);
            } else if (a == null) {
                u[i] = Math.log(hi - x[i]);
            } else {
                double p = (x[i] - lo) / (hi - lo);
                u[i] = Math.log(p) - Math.log1p(-p);
            }
        }
        return u;
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (lower != null) {
            sb.append("lower=").append(lower instanceof Bound.Constant c ? fmt(c.constant()) : "expr");
        }
        if (upper != null) {
            sb.append(sb.length() > 0 ? ", " : "")
                    .append("upper=").append(upper instanceof Bound.Constant c ? fmt(c.constant()) : "expr");
        }
        return sb.toString();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}

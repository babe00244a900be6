package otto.dist;

import otto.ad.Var;

/** Helpers shared by the distributions: broadcast sizes, sums over broadcast elements, {@code x log y}. */
final class Args {
    private Args() {
    }

    /** The broadcast length of the arguments: all of length 1 or a common {@code n}. */
    static int length(Var... vars) {
        int n = 1;
        for (Var v : vars) {
            n = broadcast(n, v.size());
        }
        return n;
    }

    /** The broadcast length of {@code n} and {@code m}. */
    static int broadcast(int n, int m) {
        if (m == 1) {
            return n;
        }
        if (n != 1 && n != m) {
            throw new IllegalArgumentException("argument sizes " + n + " and " + m + " do not broadcast");
        }
        return m;
    }

    /** {@code Σ log x} over the broadcast length {@code n}: {@code n log x} for a scalar. */
    static Var sumLog(Var x, int n) {
        return x.size() == 1 ? x.log().mul(n) : x.log().sum();
    }

    /** {@code f} summed over {@code n} broadcast elements: {@code n f} for a scalar. */
    static Var sumOver(Var f, int n) {
        return f.size() == 1 ? f.mul(n) : f.sum();
    }

    static double[] toDouble(int[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    static long sum(int[] v) {
        long s = 0;
        for (int x : v) {
            s += x;
        }
        return s;
    }

    /** Element {@code i} of {@code v} under broadcasting. */
    static double at(Var v, int i) {
        return v.value(v.size() == 1 ? 0 : i);
    }

    /**
     * Elementwise {@code a · log y} (broadcast), with the convention {@code 0 · log 0 = 0}, so that
     * a boundary point whose exponent vanishes (a gamma with shape 1 at {@code y = 0}) keeps its
     * finite density; where {@code y = 0} and {@code a ≠ 0} the value is the limit {@code ∓∞}.
     */
    static Var mulLog(Var a, Var y) {
        return mulLogAt(a, y, false);
    }

    /** Elementwise {@code a · log(1 - y)} with {@code 0 · log 0 = 0}, as {@link #mulLog}. */
    static Var mulLog1m(Var a, Var y) {
        return mulLogAt(a, y, true);
    }

    private static Var mulLogAt(Var a, Var y, boolean oneMinus) {
        double edge = oneMinus ? 1.0 : 0.0;
        boolean any = false;
        for (int i = 0; i < y.size() && !any; i++) {
            any = y.value(i) == edge;
        }
        if (!any) {
            return a.mul(oneMinus ? y.log1m() : y.log());
        }
        int n = length(a, y);
        double[] shift = new double[y.size()];
        double[] limit = new double[n];
        for (int i = 0; i < y.size(); i++) {
            shift[i] = y.value(i) == edge ? (oneMinus ? -1.0 : 1.0) : 0.0;
        }
        for (int i = 0; i < n; i++) {
            if (at(y, i) == edge) {
                double ai = at(a, i);
                limit[i] = ai == 0.0 ? 0.0 : ai > 0.0 ? Double.NEGATIVE_INFINITY
                        : ai < 0.0 ? Double.POSITIVE_INFINITY : Double.NaN;
            }
        }
        Var safe = y.add(shift);
        return a.mul(oneMinus ? safe.log1m() : safe.log()).add(limit);
    }
}

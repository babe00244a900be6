package otto.dist;

import otto.ad.Var;

/** Helpers shared by the distributions: sizes for broadcasting and integer data. */
final class Args {
    private Args() {
    }

    /** The broadcast length of the arguments (all length 1 or a common n). */
    static int length(Var... vars) {
        int n = 1;
        for (Var v : vars) {
            int m = v.size();
            if (m != 1) {
                if (n != 1 && n != m) {
                    throw new IllegalArgumentException("argument sizes " + n + " and " + m + " do not broadcast");
                }
                n = m;
            }
        }
        return n;
    }

    /** {@code Σ log(x)} over the broadcast length {@code n}: {@code n log x} for a scalar. */
    static Var sumLog(Var x, int n) {
        return x.size() == 1 ? x.log().mul(n) : x.log().sum();
    }

    /** A scalar {@code f} summed over {@code n} elements: {@code n f} for a scalar. */
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

    /** NaN (as a scalar on the tape) when any value of {@code v} is not positive: invalid parameter. */
    static boolean anyNotPositive(Var v) {
        for (int i = 0; i < v.size(); i++) {
            if (!(v.value(i) > 0)) {
                return true;
            }
        }
        return false;
    }

    static Var nan(Var like) {
        return like.tape().constant(Double.NaN);
    }
}

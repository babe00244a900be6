package otto.dist;

import otto.ad.Var;

/**
 * The support and parameter checks of the distributions, and the values they return: NaN for an
 * invalid parameter, {@code -∞} for a value outside the support.
 */
final class Check {
    /** Stan's tolerance for a simplex's sum, a unit row, a symmetric matrix. */
    static final double TOLERANCE = 1e-8;

    private Check() {
    }

    /** Whether every value of every argument is finite. */
    static boolean finite(Var... vars) {
        for (Var v : vars) {
            for (int i = 0; i < v.size(); i++) {
                if (!Double.isFinite(v.value(i))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether every value of every argument is positive and finite (NaN is neither). */
    static boolean positiveFinite(Var... vars) {
        for (Var v : vars) {
            for (int i = 0; i < v.size(); i++) {
                double x = v.value(i);
                if (!(x > 0.0) || x == Double.POSITIVE_INFINITY) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether some value is below {@code bound} (or equal to it when {@code strict}). */
    static boolean anyBelow(Var y, double bound, boolean strict) {
        for (int i = 0; i < y.size(); i++) {
            double v = y.value(i);
            if (v < bound || (strict && v == bound)) {
                return true;
            }
        }
        return false;
    }

    /** Whether some value is above {@code bound} (or equal to it when {@code strict}). */
    static boolean anyAbove(Var y, double bound, boolean strict) {
        for (int i = 0; i < y.size(); i++) {
            double v = y.value(i);
            if (v > bound || (strict && v == bound)) {
                return true;
            }
        }
        return false;
    }

    /** NaN, as a constant on {@code like}'s tape: an invalid parameter. */
    static Var invalid(Var like) {
        return like.tape().constant(Double.NaN);
    }

    /** {@code -∞}, as a constant on {@code like}'s tape: a value outside the support. */
    static Var outside(Var like) {
        return like.tape().constant(Double.NEGATIVE_INFINITY);
    }
}

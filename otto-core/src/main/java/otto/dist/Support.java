package otto.dist;

import otto.ad.Var;

/** Checks of data against a distribution's support. */
final class Support {
    private Support() {
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

    /** Whether some value is above {@code bound} (or equal when {@code strict}). */
    static boolean anyAbove(Var y, double bound, boolean strict) {
        for (int i = 0; i < y.size(); i++) {
            double v = y.value(i);
            if (v > bound || (strict && v == bound)) {
                return true;
            }
        }
        return false;
    }

    /** -∞: a value outside the support. */
    static Var outside(Var like) {
        return like.tape().constant(Double.NEGATIVE_INFINITY);
    }
}

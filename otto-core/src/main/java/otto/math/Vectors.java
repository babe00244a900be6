package otto.math;

/** Small helpers on {@code double[]} vectors. */
public final class Vectors {
    private Vectors() {
    }

    /** Whether every element is finite. */
    public static boolean allFinite(double[] v) {
        return allFinite(v, 0, v.length);
    }

    /** Whether every element of {@code v[from, from + length)} is finite. */
    public static boolean allFinite(double[] v, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (!Double.isFinite(v[i])) {
                return false;
            }
        }
        return true;
    }
}

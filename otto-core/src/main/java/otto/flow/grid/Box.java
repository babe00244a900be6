package otto.flow.grid;

import java.util.Arrays;
import java.util.Locale;

/**
 * An axis-aligned box {@code [lo₁, hi₁] × … × [lo_d, hi_d]} on the unconstrained scale, the
 * domain of a grid method (no-flux boundaries on its faces).
 *
 * <p>Written as text ({@link #parse}, the command line's {@code --box}) one interval {@code lo:hi}
 * per axis, separated by commas: {@code -5:5,-2:20}; a single interval is used for every axis.
 *
 * @param lo lower corner
 * @param hi upper corner, {@code hi[a] > lo[a]} on every axis
 */
public record Box(double[] lo, double[] hi) {
    public Box {
        if (lo.length != hi.length || lo.length == 0) {
            throw new IllegalArgumentException("box: lower and upper corners need the same positive dimension, got "
                    + lo.length + " and " + hi.length);
        }
        lo = lo.clone();
        hi = hi.clone();
        for (int a = 0; a < lo.length; a++) {
            if (!Double.isFinite(lo[a]) || !Double.isFinite(hi[a]) || !(hi[a] > lo[a])) {
                throw new IllegalArgumentException("box: axis " + (a + 1) + " needs finite lo < hi, got " + lo[a] + ":" + hi[a]);
            }
        }
    }

    /** The same interval {@code [lo, hi]} on each of {@code d} axes. */
    public static Box cube(int d, double lo, double hi) {
        double[] l = new double[d];
        double[] h = new double[d];
        Arrays.fill(l, lo);
        Arrays.fill(h, hi);
        return new Box(l, h);
    }

    /**
     * Parses {@code lo:hi[,lo:hi…]}: one interval per axis, or one for all {@code d} axes.
     *
     * @throws IllegalArgumentException naming the part that is wrong
     */
    public static Box parse(String text, int d) {
        String[] parts = text.trim().split(",");
        if (parts.length != 1 && parts.length != d) {
            throw new IllegalArgumentException("box '" + text + "': " + parts.length + " intervals for " + d
                    + " axes; give one lo:hi for every axis, or one for all (e.g. -5:5" + (d > 1 ? ",-2:20" : "") + ")");
        }
        double[] lo = new double[d];
        double[] hi = new double[d];
        for (int a = 0; a < d; a++) {
            String p = parts[parts.length == 1 ? 0 : a].trim();
            int colon = p.indexOf(':', 1);
            if (colon < 0) {
                throw new IllegalArgumentException("box '" + text + "': '" + p + "' is not an interval lo:hi (e.g. -5:5)");
            }
            try {
                lo[a] = Double.parseDouble(p.substring(0, colon).trim());
                hi[a] = Double.parseDouble(p.substring(colon + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("box '" + text + "': '" + p + "' is not an interval lo:hi of numbers");
            }
            if (!Double.isFinite(lo[a]) || !Double.isFinite(hi[a]) || !(hi[a] > lo[a])) {
                throw new IllegalArgumentException("box '" + text + "': axis " + (a + 1) + " needs finite lo < hi, got " + p);
            }
        }
        return new Box(lo, hi);
    }

    /** The dimension. */
    public int dimension() {
        return lo.length;
    }

    /** The width of axis {@code a}. */
    public double width(int a) {
        return hi[a] - lo[a];
    }

    @Override
    public double[] lo() {
        return lo.clone();
    }

    @Override
    public double[] hi() {
        return hi.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Box b && Arrays.equals(lo, b.lo) && Arrays.equals(hi, b.hi);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(lo) + Arrays.hashCode(hi);
    }

    /** The {@link #parse} form, {@code lo:hi,…}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int a = 0; a < lo.length; a++) {
            sb.append(a == 0 ? "" : ",").append(fmt(lo[a])).append(':').append(fmt(hi[a]));
        }
        return sb.toString();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.6g", v);
    }
}

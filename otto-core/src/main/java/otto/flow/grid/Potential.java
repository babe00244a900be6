package otto.flow.grid;

import java.util.Arrays;
import otto.flow.Evaluator;

/**
 * A potential {@code V = -log π̃} on the cells of a {@link Grid}: the target's log density at the
 * cell centres, negated. Where the log density is {@code -∞} (outside the support) or NaN the cell
 * gets {@code V = +∞}: it has {@code π = 0} and no flux in or out, and a density on the grid is 0
 * there. A log density of {@code +∞} is refused.
 *
 * <p>{@link #minimum()} is the smallest finite {@code V}: solvers work with {@code V - min V} so
 * that {@code π = exp(-(V - min V))} cannot underflow everywhere.
 */
public final class Potential {
    private final Grid grid;
    private final double[] v;
    private final double minimum;
    private final int argMinimum;
    private final int outsideSupport;
    private final int notANumber;
    private final int firstExcluded;

    private Potential(Grid grid, double[] v, int outsideSupport, int notANumber, int firstExcluded) {
        this.grid = grid;
        this.v = v;
        this.outsideSupport = outsideSupport;
        this.notANumber = notANumber;
        this.firstExcluded = firstExcluded;
        double m = Double.POSITIVE_INFINITY;
        int arg = -1;
        for (int i = 0; i < v.length; i++) {
            if (v[i] < m) {
                m = v[i];
                arg = i;
            }
        }
        if (arg < 0) {
            throw new IllegalArgumentException("the log density is -inf or NaN at every one of the " + v.length
                    + " cell centres of " + grid + ": no cell has positive density; choose another box");
        }
        this.minimum = m;
        this.argMinimum = arg;
    }

    /**
     * The potential with values {@code V_i} (NaN and {@code +∞} mark cells outside the support).
     *
     * @throws IllegalArgumentException if the length is wrong, a value is {@code -∞} (an infinite
     *                                  density) or no value is finite
     */
    public static Potential of(Grid grid, double[] values) {
        if (values.length != grid.size()) {
            throw new IllegalArgumentException("potential: " + values.length + " values for " + grid.size() + " cells");
        }
        double[] v = values.clone();
        int outside = 0;
        int nan = 0;
        int first = -1;
        double[] c = new double[grid.dimension()];
        for (int i = 0; i < v.length; i++) {
            if (v[i] == Double.NEGATIVE_INFINITY) {
                grid.centre(i, c);
                throw new IllegalArgumentException("the log density is +inf at " + Arrays.toString(c)
                        + " (cell " + i + " of " + grid + "): an infinite density cannot be put on a grid");
            }
            if (Double.isNaN(v[i]) || v[i] == Double.POSITIVE_INFINITY) {
                if (Double.isNaN(v[i])) {
                    nan++;
                } else {
                    outside++;
                }
                if (first < 0) {
                    first = i;
                }
                v[i] = Double.POSITIVE_INFINITY;
            }
        }
        return new Potential(grid, v, outside, nan, first);
    }

    /**
     * {@code V = -log π̃} at the cell centres, evaluated in batches of at most 65 536 points through
     * the run's evaluator (so over its threads).
     */
    public static Potential evaluate(Grid grid, Evaluator evaluator) {
        int d = grid.dimension();
        if (evaluator.target().dimension() != d) {
            throw new IllegalArgumentException("grid methods need d ≤ 3; this model has d = " + evaluator.target().dimension()
                    + (evaluator.target().dimension() <= Grid.MAX_DIMENSION ? " but the box has d = " + d : ""));
        }
        int size = grid.size();
        double[] v = new double[size];
        int batch = 1 << 16;
        double[] lp = new double[Math.min(batch, size)];
        for (int from = 0; from < size; from += batch) {
            int to = Math.min(size, from + batch);
            double[] points = grid.centres(from, to);
            evaluator.evaluate(points, to - from, lp, null);
            for (int i = from; i < to; i++) {
                double l = lp[i - from];
                v[i] = Double.isNaN(l) ? Double.NaN : -l;
            }
        }
        return of(grid, v);
    }

    /** The grid. */
    public Grid grid() {
        return grid;
    }

    /** {@code V_i} ({@code +∞} outside the support). */
    public double value(int i) {
        return v[i];
    }

    /** All values (a copy). */
    public double[] values() {
        return v.clone();
    }

    /** Values without copying, for the solvers of this package. */
    double[] raw() {
        return v;
    }

    /** The smallest {@code V_i}. */
    public double minimum() {
        return minimum;
    }

    /** The cell where {@code V} is smallest (the grid's mode). */
    public int argMinimum() {
        return argMinimum;
    }

    /** Whether cell {@code i} is in the support ({@code V_i} finite). */
    public boolean inSupport(int i) {
        return v[i] < Double.POSITIVE_INFINITY;
    }

    /** Cells where the log density was {@code -∞}. */
    public int outsideSupport() {
        return outsideSupport;
    }

    /** Cells where the log density was NaN (treated as outside the support). */
    public int notANumber() {
        return notANumber;
    }

    /** The first cell outside the support, or -1. */
    public int firstExcluded() {
        return firstExcluded;
    }

    /**
     * {@code log Σ_i exp(-V_i/T) Δx^d}: at {@code T = 1}, the grid's (midpoint-rule) estimate of the
     * log normalising constant {@code log Z = log ∫ π̃}.
     */
    public double logNormaliser(double temperature) {
        double s = 0.0;
        for (double x : v) {
            if (x < Double.POSITIVE_INFINITY) {
                s += Math.exp(-(x - minimum) / temperature);
            }
        }
        return Math.log(s) - minimum / temperature + Math.log(grid.cellVolume());
    }

    /** {@link #logNormaliser(double)} at {@code T = 1}. */
    public double logNormaliser() {
        return logNormaliser(1.0);
    }

    /**
     * The discrete stationary density {@code π_i ∝ exp(-V_i/T)}, normalised so that
     * {@code Σ π_i Δx^d = 1}: the exact stationary state of both grid schemes at temperature T
     * (for the entropic JKO, at its effective temperature).
     */
    public double[] stationary(double temperature) {
        double[] p = new double[v.length];
        double s = 0.0;
        for (int i = 0; i < v.length; i++) {
            p[i] = v[i] < Double.POSITIVE_INFINITY ? Math.exp(-(v[i] - minimum) / temperature) : 0.0;
            s += p[i];
        }
        double scale = 1.0 / (s * grid.cellVolume());
        for (int i = 0; i < v.length; i++) {
            p[i] *= scale;
        }
        return p;
    }

    /** {@link #stationary(double)} at {@code T = 1}: the posterior on the grid. */
    public double[] stationary() {
        return stationary(1.0);
    }
}

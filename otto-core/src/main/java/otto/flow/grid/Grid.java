package otto.flow.grid;

import java.util.Arrays;

/**
 * A uniform cell-centred grid on a {@link Box} in 1, 2 or 3 dimensions: {@code n_a} cells of width
 * {@code Δx_a = (hi_a - lo_a)/n_a} on axis {@code a}, cell centres {@code lo_a + (i + ½)Δx_a}.
 * Cells are numbered row-major, the last axis fastest: cell {@code (i₁, …, i_d)} is
 * {@code Σ_a i_a · stride(a)} with {@code stride(d-1) = 1}. Values on the grid (a density, a
 * potential) are {@code double[size()]} in this order; a density is a density (integrating to its
 * mass as {@code Σ ρ_i · cellVolume()}), not a vector of cell masses.
 */
public final class Grid {
    /** The largest dimension grid methods handle. */
    public static final int MAX_DIMENSION = 3;

    private final Box box;
    private final int[] n;
    private final int[] stride;
    private final double[] lo;
    private final double[] dx;
    private final int size;

    /**
     * @param box   the domain
     * @param cells cells per axis (each ≥ 2), one per axis of the box
     * @throws IllegalArgumentException for a dimension above 3, too few cells, or more than
     *                                  {@code Integer.MAX_VALUE / 8} cells in all
     */
    public Grid(Box box, int... cells) {
        int d = box.dimension();
        if (d > MAX_DIMENSION) {
            throw new IllegalArgumentException("grid methods need d ≤ 3; this box has d = " + d);
        }
        if (cells.length != d) {
            throw new IllegalArgumentException("grid: " + cells.length + " cell counts for a " + d + "-dimensional box");
        }
        this.box = box;
        this.n = cells.clone();
        this.stride = new int[d];
        this.lo = box.lo();
        this.dx = new double[d];
        long total = 1;
        for (int a = d - 1; a >= 0; a--) {
            if (n[a] < 2) {
                throw new IllegalArgumentException("grid: axis " + (a + 1) + " needs at least 2 cells, got " + n[a]);
            }
            stride[a] = (int) total;
            total *= n[a];
            if (total > Integer.MAX_VALUE / 8) {
                throw new IllegalArgumentException("grid: " + Arrays.toString(cells) + " is too many cells");
            }
            dx[a] = box.width(a) / n[a];
        }
        this.size = (int) total;
    }

    /** The same number of cells on every axis. */
    public static Grid uniform(Box box, int cellsPerAxis) {
        int[] c = new int[box.dimension()];
        Arrays.fill(c, cellsPerAxis);
        return new Grid(box, c);
    }

    /** The domain. */
    public Box box() {
        return box;
    }

    /** The dimension d. */
    public int dimension() {
        return n.length;
    }

    /** Cells on axis {@code a}. */
    public int cells(int a) {
        return n[a];
    }

    /** Cells per axis. */
    public int[] cells() {
        return n.clone();
    }

    /** The total number of cells. */
    public int size() {
        return size;
    }

    /** The cell width on axis {@code a}. */
    public double spacing(int a) {
        return dx[a];
    }

    /** The index step between neighbours along axis {@code a}. */
    public int stride(int a) {
        return stride[a];
    }

    /** The volume {@code Π Δx_a} of one cell. */
    public double cellVolume() {
        double v = 1.0;
        for (double h : dx) {
            v *= h;
        }
        return v;
    }

    /** The coordinate of cell {@code i}'s centre on axis {@code a}. */
    public double centre(int i, int a) {
        return lo[a] + ((i / stride[a]) % n[a] + 0.5) * dx[a];
    }

    /** The centre of cell {@code i} into {@code out} (length d). */
    public void centre(int i, double[] out) {
        for (int a = 0; a < n.length; a++) {
            out[a] = centre(i, a);
        }
    }

    /** The index of cell {@code i} on axis {@code a}. */
    public int index(int i, int a) {
        return (i / stride[a]) % n[a];
    }

    /** The cell containing point {@code x}, or -1 if it is outside the box. */
    public int cellOf(double[] x) {
        int i = 0;
        for (int a = 0; a < n.length; a++) {
            double t = (x[a] - lo[a]) / dx[a];
            if (!(t >= 0) || t > n[a]) {
                return -1;
            }
            i += Math.min(n[a] - 1, (int) t) * stride[a];
        }
        return i;
    }

    /** The centres of cells {@code from … to-1}, row-major ({@code (to - from) × d}). */
    public double[] centres(int from, int to) {
        int d = n.length;
        double[] out = new double[(to - from) * d];
        for (int i = from; i < to; i++) {
            for (int a = 0; a < d; a++) {
                out[(i - from) * d + a] = centre(i, a);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int a = 0; a < n.length; a++) {
            sb.append(a == 0 ? "" : "x").append(n[a]);
        }
        return sb.append(" cells on ").append(box).toString();
    }
}

package otto.flow.grid;

import java.util.Arrays;

/**
 * A uniform cell-centred grid on a {@link Box} in 1, 2 or 3 dimensions: {@code n_a} cells of width
 * {@code Δx_a = (hi_a - lo_a)/n_a} on axis {@code a}, cell centres {@code lo_a + (i + ½)Δx_a}.
 * Cells are numbered row-major, the last axis fastest: cell {@code (i₁, …, i_d)} is
 * {@code Σ_a i_a · stride(a)} with {@code stride(d-1) = 1}. Values on the grid (a density, a
 * potential) are {@code double[size()]} in this order; a density is a density (integrating to its
 * mass as {@code Σ ρ_i · cellVolume()}), not a vector of cell masses.
 *
 * <p>The box and the spacings are in the grid's coordinates z; a {@link Frame} maps them to the
 * model's, {@code θ = origin + L z} (the identity unless given). Points — the centres, {@link #point},
 * {@link #cellOf} — are in θ, and so are the cell volume ({@code det L · Π Δx_a}) and densities:
 * the solvers, which see only spacings and strides, solve the flow in z.
 */
public final class Grid {
    /** The largest dimension grid methods handle. */
    public static final int MAX_DIMENSION = 3;

    private final Box box;
    private final Frame frame;
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
        this(box, Frame.identity(box.dimension()), cells);
    }

    /**
     * A grid whose box is in the coordinates z of {@code frame}.
     *
     * @throws IllegalArgumentException as {@link #Grid(Box, int...)}, or if the frame's dimension
     *                                  is not the box's
     */
    public Grid(Box box, Frame frame, int... cells) {
        int d = box.dimension();
        if (frame.dimension() != d) {
            throw new IllegalArgumentException("grid: a " + frame.dimension() + "-D frame for a " + d + "-dimensional box");
        }
        this.frame = frame;
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

    /** The domain, in the grid's coordinates z. */
    public Box box() {
        return box;
    }

    /** The map from the grid's coordinates to the model's. */
    public Frame frame() {
        return frame;
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

    /** The cell width on axis {@code a}, in z. */
    public double spacing(int a) {
        return dx[a];
    }

    /** The index step between neighbours along axis {@code a}. */
    public int stride(int a) {
        return stride[a];
    }

    /** The volume of one cell in the model's coordinates, {@code det L · Π Δx_a}. */
    public double cellVolume() {
        double v = frame.determinant();
        for (double h : dx) {
            v *= h;
        }
        return v;
    }

    /** The grid coordinate {@code z_a} of cell {@code i}'s centre. */
    public double coordinate(int i, int a) {
        return lo[a] + ((i / stride[a]) % n[a] + 0.5) * dx[a];
    }

    /** Coordinate a (in the model's coordinates θ) of cell {@code i}'s centre. */
    public double centre(int i, int a) {
        if (frame.isIdentity()) {
            return coordinate(i, a);
        }
        double[] z = new double[n.length];
        for (int b = 0; b <= a; b++) {
            z[b] = coordinate(i, b);
        }
        return frame.toModel(z, a);
    }

    /** The centre of cell {@code i} in the model's coordinates into {@code out} (length d). */
    public void centre(int i, double[] out) {
        for (int a = 0; a < n.length; a++) {
            out[a] = coordinate(i, a);
        }
        frame.toModel(out, out);
    }

    /**
     * The point of cell {@code i} at {@code offset_a} cell widths from its centre on each axis
     * ({@code offset_a} in [-½, ½] stays in the cell), in the model's coordinates, into {@code out}.
     */
    public void point(int i, double[] offset, double[] out) {
        for (int a = 0; a < n.length; a++) {
            out[a] = coordinate(i, a) + offset[a] * dx[a];
        }
        frame.toModel(out, out);
    }

    /** The index of cell {@code i} on axis {@code a}. */
    public int index(int i, int a) {
        return (i / stride[a]) % n[a];
    }

    /** The cell containing point {@code x} (in the model's coordinates), or -1 if it is outside the box. */
    public int cellOf(double[] x) {
        double[] z = new double[n.length];
        frame.toGrid(x, z);
        int i = 0;
        for (int a = 0; a < n.length; a++) {
            double t = (z[a] - lo[a]) / dx[a];
            if (!(t >= 0) || t > n[a]) {
                return -1;
            }
            i += Math.min(n[a] - 1, (int) t) * stride[a];
        }
        return i;
    }

    /** The centres of cells {@code from … to-1} in the model's coordinates, row-major ({@code (to - from) × d}). */
    public double[] centres(int from, int to) {
        int d = n.length;
        double[] out = new double[(to - from) * d];
        double[] x = new double[d];
        for (int i = from; i < to; i++) {
            centre(i, x);
            System.arraycopy(x, 0, out, (i - from) * d, d);
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int a = 0; a < n.length; a++) {
            sb.append(a == 0 ? "" : "x").append(n[a]);
        }
        sb.append(" cells on ").append(box);
        return frame.isIdentity() ? sb.toString() : sb.append(" in z, ").append(frame).toString();
    }
}

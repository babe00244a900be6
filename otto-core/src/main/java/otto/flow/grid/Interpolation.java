package otto.flow.grid;

import java.util.Arrays;

/**
 * The prolongation P from a coarse level of {@link Multigrid} to the next finer one, and its
 * transpose. Along every coarsened axis a fine cell takes ¾ of its own coarse cell and ¼ of the
 * coarse cell on its other side (all of its own at the ends of the axis): the linear interpolation
 * of a cell-centred grid, T. The weights are then tilted toward heavy coarse cells and normalised,
 *
 * <pre>  P_iJ = T_iJ √m_J / Σ_K T_iK √m_K,</pre>
 *
 * {@code m_J} the coarse mass (a block sum of π). Where π is smooth on the coarse scale this is
 * the linear interpolation; where it is not (the tails of a peaked target, the edge of the
 * support) a light coarse cell takes almost nothing of a heavy fine cell's residual, whose
 * correction would otherwise be divided by a tiny diagonal and sent back tens of orders of
 * magnitude too large. P keeps constants (its rows sum to 1) and has zero rows for cells outside
 * the support. The weight {@code √m} was chosen by iteration counts: {@code m^¼} lets the banana
 * test target's valley down (twice the iterations), {@code m} over-tilts smooth targets.
 *
 * <p>Every product works row by row, each output row written by one task, so results do not
 * depend on the number of threads.
 */
final class Interpolation {
    private final Stencil fine;
    private final Stencil coarse;
    private final int f0;
    private final int f1;
    private final int f2;
    /** √m_J on the coarse level. */
    private final double[] strength;
    /** {@code 1 / Σ_K T_iK √m_K} on the fine level, 0 outside the support. */
    private final double[] norm;
    /** The fine residual restricted along the last axis ({@code n0 × n1 × c2}). */
    private final double[] half;
    /** {@code √m ∘ xc}, coarse. */
    private final double[] scaled;

    /**
     * @param f0 whether axis 0 is coarsened (1) or kept (0); likewise {@code f1}, {@code f2}
     */
    Interpolation(Stencil fine, Stencil coarse, int f0, int f1, int f2) {
        this.fine = fine;
        this.coarse = coarse;
        this.f0 = f0;
        this.f1 = f1;
        this.f2 = f2;
        strength = new double[coarse.size];
        for (int j = 0; j < strength.length; j++) {
            strength[j] = Math.sqrt(coarse.m[j]);
        }
        scaled = new double[coarse.size];
        half = new double[fine.n0 * fine.n1 * coarse.n2];
        norm = new double[fine.size];
        double[] ones = new double[fine.size];
        Arrays.fill(ones, 1.0);
        interpolateAdd(strength, ones, norm);
        for (int i = 0; i < norm.length; i++) {
            norm[i] = fine.m[i] > 0 ? 1.0 / norm[i] : 0.0;
        }
    }

    /** How many axes are coarsened. */
    int axes() {
        return f0 + f1 + f2;
    }

    /** The coarse cell a fine cell {@code i} takes ¼ from along an axis of {@code c} coarse cells (its own at the ends). */
    private static int neighbour(int i, int c) {
        int j = i >> 1;
        int nb = (i & 1) == 0 ? j - 1 : j + 1;
        return nb < 0 || nb >= c ? j : nb;
    }

    /** {@code T_ij} along one coarsened axis of {@code c} coarse cells. */
    private static double weight(int i, int j, int c) {
        return ((i >> 1) == j ? 0.75 : 0.0) + (neighbour(i, c) == j ? 0.25 : 0.0);
    }

    /** {@code x += P xc}. */
    void prolongAdd(double[] xc, double[] x) {
        int n = coarse.size;
        coarse.parallel.forEach(coarse.blocks, blk -> {
            int from = blk * coarse.rowsPerBlock * coarse.n2;
            int to = Math.min(n, from + coarse.rowsPerBlock * coarse.n2);
            for (int j = from; j < to; j++) {
                scaled[j] = strength[j] * xc[j];
            }
        });
        interpolateAdd(scaled, norm, x);
    }

    /** {@code x += diag(sf) T y}. */
    private void interpolateAdd(double[] y, double[] sf, double[] x) {
        int rows = fine.n0 * fine.n1;
        int c1 = coarse.n1;
        int c2 = coarse.n2;
        int n2 = fine.n2;
        int pairs = Math.min((n2 - 1) / 2, c2 - 1);
        fine.parallel.forEach(fine.blocks, blk -> {
            double[] h = new double[c2];
            int from = blk * fine.rowsPerBlock;
            int to = Math.min(rows, from + fine.rowsPerBlock);
            for (int row = from; row < to; row++) {
                int i0 = row / fine.n1;
                int i1 = row % fine.n1;
                int ja = i0 >> f0;
                int jb = f0 == 1 ? neighbour(i0, coarse.n0) : i0;
                int ka = i1 >> f1;
                int kb = f1 == 1 ? neighbour(i1, c1) : i1;
                int raa = (ja * c1 + ka) * c2;
                if (ja == jb && ka == kb) {
                    System.arraycopy(y, raa, h, 0, c2);
                } else if (ja == jb || ka == kb) {
                    int rb = ja == jb ? (ja * c1 + kb) * c2 : (jb * c1 + ka) * c2;
                    for (int k = 0; k < c2; k++) {
                        h[k] = 0.75 * y[raa + k] + 0.25 * y[rb + k];
                    }
                } else {
                    int rab = (ja * c1 + kb) * c2;
                    int rba = (jb * c1 + ka) * c2;
                    int rbb = (jb * c1 + kb) * c2;
                    for (int k = 0; k < c2; k++) {
                        h[k] = 0.5625 * y[raa + k] + 0.1875 * (y[rab + k] + y[rba + k]) + 0.0625 * y[rbb + k];
                    }
                }
                int base = row * n2;
                if (f2 == 0) {
                    for (int k = 0; k < n2; k++) {
                        x[base + k] += sf[base + k] * h[k];
                    }
                    continue;
                }
                x[base] += sf[base] * h[0];
                // fine cells 2j + 1 and 2j + 2 lie between coarse cells j and j + 1
                for (int j = 0; j < pairs; j++) {
                    int i = base + 2 * j + 1;
                    double lo = h[j];
                    double hi = h[j + 1];
                    x[i] += sf[i] * (0.75 * lo + 0.25 * hi);
                    x[i + 1] += sf[i + 1] * (0.75 * hi + 0.25 * lo);
                }
                int k = 2 * pairs + 1;
                if (k < n2) {
                    x[base + k] += sf[base + k] * h[k >> 1];
                }
            }
        });
    }

    /**
     * {@code out = Pᵀ (b - A x)}: each fine row's residual is formed in a row buffer and
     * restricted along the last axis at once (the fine residual is never stored), then the half
     * rows are gathered along the first two axes, one coarse row per task.
     */
    void restrictResidual(double[] x, double[] b, double[] out) {
        int c2 = coarse.n2;
        int n2 = fine.n2;
        fine.parallel.forEach(fine.blocks, blk -> {
            double[] buf = new double[n2];
            int from = blk * fine.rowsPerBlock;
            int to = Math.min(fine.n0 * fine.n1, from + fine.rowsPerBlock);
            for (int row = from; row < to; row++) {
                fine.residualRow(x, b, norm, buf, row);
                int base = row * c2;
                if (f2 == 0) {
                    System.arraycopy(buf, 0, half, base, c2);
                    continue;
                }
                for (int j = 1; j < c2 - 1; j++) {
                    int i = 2 * j;
                    half[base + j] = 0.25 * (buf[i - 1] + buf[i + 2]) + 0.75 * (buf[i] + buf[i + 1]);
                }
                half[base] = endOfRow(buf, 0, c2);
                if (c2 > 1) {
                    half[base + c2 - 1] = endOfRow(buf, c2 - 1, c2);
                }
            }
        });
        int rows = coarse.n0 * coarse.n1;
        coarse.parallel.forEach(coarse.blocks, blk -> {
            int from = blk * coarse.rowsPerBlock;
            int to = Math.min(rows, from + coarse.rowsPerBlock);
            for (int row = from; row < to; row++) {
                int j0 = row / coarse.n1;
                int j1 = row % coarse.n1;
                int base = row * c2;
                Arrays.fill(out, base, base + c2, 0.0);
                int lo0 = f0 == 1 ? Math.max(0, 2 * j0 - 1) : j0;
                int hi0 = f0 == 1 ? Math.min(fine.n0 - 1, 2 * j0 + 2) : j0;
                int lo1 = f1 == 1 ? Math.max(0, 2 * j1 - 1) : j1;
                int hi1 = f1 == 1 ? Math.min(fine.n1 - 1, 2 * j1 + 2) : j1;
                for (int i0 = lo0; i0 <= hi0; i0++) {
                    double a0 = f0 == 1 ? weight(i0, j0, coarse.n0) : 1.0;
                    for (int i1 = lo1; i1 <= hi1; i1++) {
                        double a = a0 * (f1 == 1 ? weight(i1, j1, coarse.n1) : 1.0);
                        if (a == 0.0) {
                            continue;
                        }
                        int src = (i0 * fine.n1 + i1) * c2;
                        for (int k = 0; k < c2; k++) {
                            out[base + k] += a * half[src + k];
                        }
                    }
                }
                for (int k = 0; k < c2; k++) {
                    out[base + k] *= strength[base + k];
                }
            }
        });
    }

    /** {@code Σ_i T_ij buf_i} along the last axis for an end cell j. */
    private double endOfRow(double[] buf, int j, int c2) {
        double s = 0.0;
        for (int i = Math.max(0, 2 * j - 1); i <= Math.min(fine.n2 - 1, 2 * j + 2); i++) {
            s += weight(i, j, c2) * buf[i];
        }
        return s;
    }
}

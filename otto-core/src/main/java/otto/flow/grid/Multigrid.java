package otto.flow.grid;

import java.util.ArrayList;
import java.util.List;

/**
 * A symmetric multigrid cycle for the Scharfetter–Gummel operator, used as the preconditioner of
 * conjugate gradients: a V-cycle on the finest level, a W-cycle below it (each coarse correction
 * made twice from the updated residual, which keeps the cycle symmetric) where at least two axes
 * are coarsened. Cells are grouped in blocks of 2 along every axis with at
 * least 4 cells and a coupling not much weaker than the strongest axis' ({@link #coarsenedAxes}:
 * semi-coarsening where the grid's cells are much longer along some axes than others, in units of
 * the target's scale). The coarse operator is the fine one
 * re-discretised on the coarse grid, so it keeps the structure (a mass term plus a weighted
 * 5-/7-point Laplacian), the M-matrix property and the mass balance on every level: coarse
 * masses are block sums of π, and coarse edge weights the sums of the fine weights crossing
 * between blocks, halved along the coarsened axes (twice the distance between cell centres).
 * Corrections move between levels by {@link Interpolation}, a linear interpolation weighted by
 * √(coarse mass), and residuals by its transpose. Smoothing is red–black Gauss–Seidel before the
 * coarse correction and black–red after (so the cycle is symmetric): one sweep each way on the
 * finest level, two on the coarser ones. The coarsest level (at most {@value #COARSEST} cells) is
 * solved exactly by elimination in the form of Grassmann, Taksar and Heyman, which adds positive
 * numbers only and so stays accurate however large the time step.
 *
 * <p>Against the earlier aggregation cycle (piecewise-constant transfers, Galerkin coarse
 * operators, over-corrected by 1.4) this halves the iterations where the step is stiff (the 2-D
 * benchmark at {@code Δt/Δx² ≈ 300}: 19 → 9; 6 with the coarse levels' second sweep), see
 * {@code docs/performance.md}.
 */
final class Multigrid {
    static final int COARSEST = 256;

    private final List<Level> levels = new ArrayList<>();
    private double[] dense;
    private double[] pivots;
    private double[] rowSums;
    /** The largest distance between neighbours in the coarsest level's numbering: L's bandwidth. */
    private int band;

    private static final class Level {
        final Stencil stencil;
        final double[] invDiag;
        double[] x;
        double[] b;
        /** The transfers to the next coarser level (null on the coarsest). */
        Interpolation down;

        Level(Stencil stencil) {
            this.stencil = stencil;
            this.invDiag = new double[stencil.size];
        }
    }

    Multigrid(Stencil fine) {
        Stencil s = fine;
        while (true) {
            int[] f = coarsenedAxes(s);
            int f0 = f[0];
            int f1 = f[1];
            int f2 = f[2];
            boolean coarsen = s.size > COARSEST && (f0 | f1 | f2) != 0;
            Level level = new Level(s);
            if (!levels.isEmpty()) {
                level.x = new double[s.size];
                level.b = new double[s.size];
            }
            levels.add(level);
            if (!coarsen) {
                break;
            }
            Stencil next = coarsen(s, f0, f1, f2);
            level.down = new Interpolation(s, next, f0, f1, f2);
            s = next;
        }
    }

    /** An axis is coarsened when its coupling is at least this fraction of the strongest axis'. */
    static final double ANISOTROPY = 0.25;

    /**
     * The axes to coarsen (1) or keep (0): those with at least 4 cells whose coupling
     * {@code c_a Σ w_a / Σ m} is at least {@value #ANISOTROPY} of the strongest such axis'
     * (semi-coarsening). A point smoother reduces errors only along strongly coupled axes, so
     * coarsening a weak one leaves its errors to no one; coarsening the strong ones divides their
     * coupling by 4 per level, until the axes are balanced and all are coarsened together. The
     * couplings' ratios do not depend on the time step, so neither does the hierarchy.
     */
    static int[] coarsenedAxes(Stencil s) {
        int[] n = {s.n0, s.n1, s.n2};
        double[][] w = {s.w0, s.w1, s.w2};
        double mass = 0.0;
        for (double v : s.m) {
            mass += v;
        }
        double[] strength = new double[3];
        double max = 0.0;
        for (int a = 0; a < 3; a++) {
            if (n[a] >= 4 && w[a] != null) {
                double sum = 0.0;
                for (double v : w[a]) {
                    sum += v;
                }
                strength[a] = s.c[a] * sum / mass;
                max = Math.max(max, strength[a]);
            }
        }
        int[] f = new int[3];
        for (int a = 0; a < 3; a++) {
            f[a] = n[a] >= 4 && (!(max > 0) || strength[a] >= ANISOTROPY * max) ? 1 : 0;
        }
        return f;
    }

    int depth() {
        return levels.size();
    }

    /** The operator re-discretised on 2-blocks along the flagged axes (see the class comment). */
    private static Stencil coarsen(Stencil s, int f0, int f1, int f2) {
        int c0 = (s.n0 + f0) >> f0;
        int c1 = (s.n1 + f1) >> f1;
        int c2 = (s.n2 + f2) >> f2;
        int size = c0 * c1 * c2;
        double[] m = new double[size];
        double[] w0 = c0 > 1 ? new double[size] : null;
        double[] w1 = c1 > 1 ? new double[size] : null;
        double[] w2 = new double[size];
        for (int i0 = 0; i0 < s.n0; i0++) {
            int j0 = i0 >> f0;
            boolean cross0 = f0 == 0 || (i0 & 1) == 1;
            for (int i1 = 0; i1 < s.n1; i1++) {
                int j1 = i1 >> f1;
                boolean cross1 = f1 == 0 || (i1 & 1) == 1;
                int fineRow = (i0 * s.n1 + i1) * s.n2;
                int coarseRow = (j0 * c1 + j1) * c2;
                for (int k = 0; k < s.n2; k++) {
                    int i = fineRow + k;
                    int j = coarseRow + (k >> f2);
                    m[j] += s.m[i];
                    if (f2 == 0 || (k & 1) == 1) {
                        w2[j] += s.w2[i];
                    }
                    if (w1 != null && cross1) {
                        w1[j] += s.w1[i];
                    }
                    if (w0 != null && cross0) {
                        w0[j] += s.w0[i];
                    }
                }
            }
        }
        // re-discretised on the coarse grid: along a coarsened axis the cells are twice as far apart
        halve(w0, f0);
        halve(w1, f1);
        halve(w2, f2);
        Stencil coarse = new Stencil(c0, c1, c2, m, w0, w1, w2, s.parallel);
        coarse.scale(s.c[0], s.c[1], s.c[2]);
        return coarse;
    }

    private static void halve(double[] w, int flag) {
        if (w != null && flag == 1) {
            for (int i = 0; i < w.length; i++) {
                w[i] *= 0.5;
            }
        }
    }

    /** Re-reads the fine level's scales {@code c_a} (a new time step) and refactors. */
    void rescale() {
        Stencil fine = levels.get(0).stencil;
        for (Level l : levels) {
            l.stencil.scale(fine.c[0], fine.c[1], fine.c[2]);
            l.stencil.diagonal(l.invDiag);
            for (int i = 0; i < l.invDiag.length; i++) {
                l.invDiag[i] = l.invDiag[i] > 0 ? 1.0 / l.invDiag[i] : 0.0;
            }
        }
        factorCoarsest(levels.get(levels.size() - 1).stencil);
    }

    /** {@code z = B r}, one V-cycle from {@code z = 0}. */
    void apply(double[] r, double[] z) {
        cycle(0, r, z);
    }

    private void cycle(int l, double[] b, double[] x) {
        Level level = levels.get(l);
        Stencil s = level.stencil;
        if (l == levels.size() - 1) {
            solveCoarsest(b, x);
            return;
        }
        // one sweep on the finest level, two on the coarser ones (cheap there, and the W-cycle visits
        // them often): 1024², 9 → 6 iterations and about 0.6 of the time per step
        int sweeps = l == 0 ? 1 : 2;
        s.gaussSeidel(x, b, level.invDiag, 0, true);
        s.gaussSeidel(x, b, level.invDiag, 1, false);
        for (int extra = 1; extra < sweeps; extra++) {
            s.gaussSeidel(x, b, level.invDiag, 0, false);
            s.gaussSeidel(x, b, level.invDiag, 1, false);
        }
        Level next = levels.get(l + 1);
        // below the finest level each coarse correction is made twice (a W-cycle there): fewer CG
        // iterations (1024²: 9 against 10; the ring and random targets of the tests: 10–20 % fewer)
        // for about the same time per step; not where only one axis is coarsened (the next level
        // only half the size), where visiting twice would make a cycle cost O(n log n)
        int visits = l >= 1 && l + 1 < levels.size() - 1 && level.down.axes() >= 2 ? 2 : 1;
        for (int v = 0; v < visits; v++) {
            level.down.restrictResidual(x, b, next.b);
            cycle(l + 1, next.b, next.x);
            level.down.prolongAdd(next.x, x);
        }
        for (int extra = 1; extra < sweeps; extra++) {
            s.gaussSeidel(x, b, level.invDiag, 1, false);
            s.gaussSeidel(x, b, level.invDiag, 0, false);
        }
        s.gaussSeidel(x, b, level.invDiag, 1, false);
        s.gaussSeidel(x, b, level.invDiag, 0, false);
    }

    /** The dense coarsest operator, eliminated in place (L below the diagonal, pivots apart). */
    private void factorCoarsest(Stencil s) {
        int n = s.size;
        if (dense == null) {
            dense = new double[n * n];
            pivots = new double[n];
            rowSums = new double[n];
        }
        double[] a = dense;
        java.util.Arrays.fill(a, 0.0);
        int[] stride = {s.n1 * s.n2, s.n2, 1};
        // elimination without pivoting fills in only within the band of the neighbours' offsets
        band = s.n0 > 1 ? stride[0] : s.n1 > 1 ? stride[1] : 1;
        int[] dims = {s.n0, s.n1, s.n2};
        double[][] w = {s.w0, s.w1, s.w2};
        for (int i = 0; i < n; i++) {
            rowSums[i] = s.m[i];
            for (int ax = 0; ax < 3; ax++) {
                if (dims[ax] == 1 || w[ax] == null) {
                    continue;
                }
                int k = (i / stride[ax]) % dims[ax];
                if (k + 1 < dims[ax]) {
                    double e = s.c[ax] * w[ax][i];
                    int j = i + stride[ax];
                    a[i * n + j] -= e;
                    a[j * n + i] -= e;
                }
            }
        }
        for (int k = 0; k < n; k++) {
            double off = 0.0;
            for (int j = k + 1; j < n; j++) {
                off -= a[k * n + j];
            }
            double piv = rowSums[k] + off;
            pivots[k] = piv;
            if (!(piv > 0)) {
                pivots[k] = 0.0;
                for (int i = k + 1; i < n; i++) {
                    a[i * n + k] = 0.0;
                }
                continue;
            }
            for (int i = k + 1; i < n; i++) {
                double aik = a[i * n + k];
                if (aik == 0.0) {
                    continue;
                }
                double l = aik / piv;
                rowSums[i] -= l * rowSums[k];
                for (int j = k + 1; j < n; j++) {
                    if (j != i) {
                        a[i * n + j] -= l * a[k * n + j];
                    }
                }
                a[i * n + k] = l;
            }
        }
    }

    private void solveCoarsest(double[] b, double[] x) {
        int n = pivots.length;
        double[] a = dense;
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = Math.max(0, i - band); k < i; k++) {
                s -= a[i * n + k] * x[k];
            }
            x[i] = s;
        }
        for (int k = 0; k < n; k++) {
            x[k] = pivots[k] > 0 ? x[k] / pivots[k] : 0.0;
        }
        for (int k = n - 1; k >= 0; k--) {
            double s = x[k];
            for (int i = k + 1, end = Math.min(n - 1, k + band); i <= end; i++) {
                s -= a[i * n + k] * x[i];
            }
            x[k] = pivots[k] > 0 ? s : 0.0;
        }
    }
}

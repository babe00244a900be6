package otto.flow.grid;

import otto.flow.Parallel;

/**
 * The implicit operator {@code A = diag(m) + Σ_a c_a L_a} of the Scharfetter–Gummel scheme on a
 * grid, matrix-free: {@code m_i} the cell's mass weight ({@code π_i}), {@code L_a} the weighted
 * graph Laplacian along axis a with one weight per edge ({@code w_a[i]} for the edge from cell i to
 * i + stride, 0 at the upper face and next to cells outside the support) and {@code c_a} a scalar
 * (the time step over {@code Δx_a²}). Every grid is stored as a 3-D block {@code n0 × n1 × n2},
 * missing leading axes of size 1. Work is split into blocks of whole rows of fixed size, so that
 * sums (and so results) do not depend on the number of threads.
 */
final class Stencil {
    static final int BLOCK_CELLS = 1 << 14;

    final int n0;
    final int n1;
    final int n2;
    final int size;
    final double[] m;
    final double[] w0;
    final double[] w1;
    final double[] w2;
    final double[] c = new double[3];
    final int rowsPerBlock;
    final int blocks;
    final Parallel parallel;
    private final double[] partial;
    private final double[] partial2;

    Stencil(int n0, int n1, int n2, double[] m, double[] w0, double[] w1, double[] w2, Parallel parallel) {
        this.n0 = n0;
        this.n1 = n1;
        this.n2 = n2;
        this.size = n0 * n1 * n2;
        this.m = m;
        this.w0 = w0;
        this.w1 = w1;
        this.w2 = w2;
        this.parallel = parallel;
        int rows = n0 * n1;
        this.rowsPerBlock = Math.max(1, BLOCK_CELLS / n2);
        this.blocks = (rows + rowsPerBlock - 1) / rowsPerBlock;
        this.partial = new double[blocks];
        this.partial2 = new double[blocks];
    }

    /** Sets {@code c_a} for the padded axes. */
    void scale(double c0, double c1, double c2) {
        c[0] = c0;
        c[1] = c1;
        c[2] = c2;
    }

    /** The diagonal {@code m_i + Σ_a c_a (w_a[i] + w_a[i - s_a])} into {@code out}. */
    void diagonal(double[] out) {
        int s0 = n1 * n2;
        for (int i = 0; i < size; i++) {
            int k = i % n2;
            int i1 = (i / n2) % n1;
            int i0 = i / s0;
            double dsum = m[i];
            dsum += c[2] * (w2[i] + (k > 0 ? w2[i - 1] : 0.0));
            if (n1 > 1) {
                dsum += c[1] * (w1[i] + (i1 > 0 ? w1[i - n2] : 0.0));
            }
            if (n0 > 1) {
                dsum += c[0] * (w0[i] + (i0 > 0 ? w0[i - s0] : 0.0));
            }
            out[i] = dsum;
        }
    }

    /** {@code q = A p}; returns {@code p·q}. */
    double apply(double[] p, double[] q) {
        parallel.forEach(blocks, b -> {
            int rowFrom = b * rowsPerBlock;
            int rowTo = Math.min(n0 * n1, (b + 1) * rowsPerBlock);
            double dot = 0.0;
            for (int r = rowFrom; r < rowTo; r++) {
                applyRow(p, q, r * n2, r);
                dot += dotRow(p, q, r * n2, r * n2, n2);
            }
            partial[b] = dot;
        });
        return sum(partial);
    }

    /** {@code a·b} over {@code len} entries from {@code ao}, {@code bo}, with four accumulators (a fixed order). */
    static double dotRow(double[] a, double[] b, int ao, int bo, int len) {
        double s0 = 0.0;
        double s1 = 0.0;
        double s2 = 0.0;
        double s3 = 0.0;
        int k = 0;
        for (; k + 3 < len; k += 4) {
            s0 += a[ao + k] * b[bo + k];
            s1 += a[ao + k + 1] * b[bo + k + 1];
            s2 += a[ao + k + 2] * b[bo + k + 2];
            s3 += a[ao + k + 3] * b[bo + k + 3];
        }
        for (; k < len; k++) {
            s0 += a[ao + k] * b[bo + k];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * Row {@code r} of {@code A p} into {@code q[qo …]}: the interior loop has no branches and no
     * reduction (boundaries of axes 0 and 1 are handled with zero offsets: the weight of a missing
     * upper edge is 0, and a missing lower neighbour contributes {@code p_i - p_i = 0}).
     */
    void applyRow(double[] p, double[] q, int qo, int r) {
        final double c0 = c[0];
        final double c1 = c[1];
        final double c2 = c[2];
        final int s0 = n1 * n2;
        int i0 = r / n1;
        int i1 = r % n1;
        int base = r * n2;
        int up1 = i1 < n1 - 1 ? n2 : 0;
        int dn1 = i1 > 0 ? n2 : 0;
        int up0 = i0 < n0 - 1 ? s0 : 0;
        int dn0 = i0 > 0 ? s0 : 0;
        int off = qo - base;
        int last = base + n2 - 1;
        {
            int i = base;
            double pi = p[i];
            double acc = m[i] * pi + c2 * w2[i] * (pi - p[i + 1]);
            if (n1 > 1) {
                acc += c1 * (w1[i] * (pi - p[i + up1]) + w1[i - dn1] * (pi - p[i - dn1]));
            }
            if (n0 > 1) {
                acc += c0 * (w0[i] * (pi - p[i + up0]) + w0[i - dn0] * (pi - p[i - dn0]));
            }
            q[i + off] = acc;
        }
        if (n0 > 1) {
            for (int i = base + 1; i < last; i++) {
                double pi = p[i];
                q[i + off] = m[i] * pi + c2 * (w2[i] * (pi - p[i + 1]) + w2[i - 1] * (pi - p[i - 1]))
                        + c1 * (w1[i] * (pi - p[i + up1]) + w1[i - dn1] * (pi - p[i - dn1]))
                        + c0 * (w0[i] * (pi - p[i + up0]) + w0[i - dn0] * (pi - p[i - dn0]));
            }
        } else if (n1 > 1) {
            for (int i = base + 1; i < last; i++) {
                double pi = p[i];
                q[i + off] = m[i] * pi + c2 * (w2[i] * (pi - p[i + 1]) + w2[i - 1] * (pi - p[i - 1]))
                        + c1 * (w1[i] * (pi - p[i + up1]) + w1[i - dn1] * (pi - p[i - dn1]));
            }
        } else {
            for (int i = base + 1; i < last; i++) {
                double pi = p[i];
                q[i + off] = m[i] * pi + c2 * (w2[i] * (pi - p[i + 1]) + w2[i - 1] * (pi - p[i - 1]));
            }
        }
        {
            int i = last;
            double pi = p[i];
            double acc = m[i] * pi + c2 * w2[i - 1] * (pi - p[i - 1]);
            if (n1 > 1) {
                acc += c1 * (w1[i] * (pi - p[i + up1]) + w1[i - dn1] * (pi - p[i - dn1]));
            }
            if (n0 > 1) {
                acc += c0 * (w0[i] * (pi - p[i + up0]) + w0[i - dn0] * (pi - p[i - dn0]));
            }
            q[i + off] = acc;
        }
    }

    /** {@code out = b - A x}. */
    void residual(double[] x, double[] b, double[] out) {
        parallel.forEach(blocks, k -> {
            int rowFrom = k * rowsPerBlock;
            int rowTo = Math.min(n0 * n1, (k + 1) * rowsPerBlock);
            for (int r = rowFrom; r < rowTo; r++) {
                int base = r * n2;
                applyRow(x, out, base, r);
                for (int i = base; i < base + n2; i++) {
                    out[i] = b[i] - out[i];
                }
            }
        });
    }

    /** Row r of {@code diag(scale) (b - A x)} into {@code buf[0 … n2)}. */
    void residualRow(double[] x, double[] b, double[] scale, double[] buf, int r) {
        int base = r * n2;
        applyRow(x, buf, 0, r);
        for (int k = 0; k < n2; k++) {
            buf[k] = (b[base + k] - buf[k]) * scale[base + k];
        }
    }

    /**
     * One Gauss–Seidel half-sweep over the cells of one colour ({@code (i0 + i1 + i2) mod 2}):
     * {@code x_i = (b_i + Σ_j c w_ij x_j) / A_ii}. Cells of one colour have neighbours of the other
     * only, so the half-sweep is parallel and its result does not depend on the order. With
     * {@code fromZero} the cells of the other colour are set to 0 first (the sweep then starts from
     * {@code x = 0}).
     */
    void gaussSeidel(double[] x, double[] b, double[] invDiag, int colour, boolean fromZero) {
        parallel.forEach(blocks, k -> sweepRows(x, b, invDiag, colour, fromZero, k * rowsPerBlock,
                Math.min(n0 * n1, (k + 1) * rowsPerBlock)));
    }

    private void sweepRows(double[] x, double[] b, double[] invDiag, int colour, boolean fromZero, int rowFrom, int rowTo) {
        final double c0 = c[0];
        final double c1 = c[1];
        final double c2 = c[2];
        final int s0 = n1 * n2;
        final boolean has0 = n0 > 1;
        final boolean has1 = n1 > 1;
        for (int r = rowFrom; r < rowTo; r++) {
            int i0 = r / n1;
            int i1 = r % n1;
            int base = r * n2;
            int up1 = i1 < n1 - 1 ? n2 : 0;
            int dn1 = i1 > 0 ? n2 : 0;
            int up0 = i0 < n0 - 1 ? s0 : 0;
            int dn0 = i0 > 0 ? s0 : 0;
            int first = (colour + i0 + i1) & 1;
            if (fromZero) {
                for (int k = 1 - first; k < n2; k += 2) {
                    x[base + k] = 0.0;
                }
                for (int k = first; k < n2; k += 2) {
                    x[base + k] = b[base + k] * invDiag[base + k];
                }
                continue;
            }
            double f1 = dn1 == 0 ? 0.0 : 1.0;
            double f0 = dn0 == 0 ? 0.0 : 1.0;
            int k = first;
            if (k == 0) {
                int i = base;
                double acc = b[i] + c2 * w2[i] * x[i + 1];
                if (has1) {
                    acc += c1 * (w1[i] * x[i + up1] + f1 * w1[i - dn1] * x[i - dn1]);
                }
                if (has0) {
                    acc += c0 * (w0[i] * x[i + up0] + f0 * w0[i - dn0] * x[i - dn0]);
                }
                x[i] = acc * invDiag[i];
                k = 2;
            }
            int end = n2 - 1;
            if (has0) {
                for (; k < end; k += 2) {
                    int i = base + k;
                    x[i] = (b[i] + c2 * (w2[i] * x[i + 1] + w2[i - 1] * x[i - 1])
                            + c1 * (w1[i] * x[i + up1] + f1 * w1[i - dn1] * x[i - dn1])
                            + c0 * (w0[i] * x[i + up0] + f0 * w0[i - dn0] * x[i - dn0])) * invDiag[i];
                }
            } else if (has1) {
                for (; k < end; k += 2) {
                    int i = base + k;
                    x[i] = (b[i] + c2 * (w2[i] * x[i + 1] + w2[i - 1] * x[i - 1])
                            + c1 * (w1[i] * x[i + up1] + f1 * w1[i - dn1] * x[i - dn1])) * invDiag[i];
                }
            } else {
                for (; k < end; k += 2) {
                    int i = base + k;
                    x[i] = (b[i] + c2 * (w2[i] * x[i + 1] + w2[i - 1] * x[i - 1])) * invDiag[i];
                }
            }
            if (k == end) {
                int i = base + k;
                double acc = b[i] + c2 * w2[i - 1] * x[i - 1];
                if (has1) {
                    acc += c1 * (w1[i] * x[i + up1] + f1 * w1[i - dn1] * x[i - dn1]);
                }
                if (has0) {
                    acc += c0 * (w0[i] * x[i + up0] + f0 * w0[i - dn0] * x[i - dn0]);
                }
                x[i] = acc * invDiag[i];
            }
        }
    }

    /**
     * One fused CG update with a Jacobi preconditioner: {@code x += α p}, {@code r -= α q}; returns
     * {@code r·(r/diag)} (using {@code invDiag}); {@link #lastAbsoluteResidual()} is then
     * {@code Σ|r_i|}.
     */
    double updateJacobi(double alpha, double[] x, double[] p, double[] r, double[] q, double[] invDiag) {
        parallel.forEach(blocks, b -> {
            int from = b * rowsPerBlock * n2;
            int to = Math.min(size, (b + 1) * rowsPerBlock * n2);
            for (int i = from; i < to; i++) {
                x[i] += alpha * p[i];
                r[i] -= alpha * q[i];
            }
            double s0 = 0.0;
            double s1 = 0.0;
            double a0 = 0.0;
            double a1 = 0.0;
            int i = from;
            for (; i + 1 < to; i += 2) {
                double r0 = r[i];
                double r1 = r[i + 1];
                s0 += r0 * r0 * invDiag[i];
                s1 += r1 * r1 * invDiag[i + 1];
                a0 += Math.abs(r0);
                a1 += Math.abs(r1);
            }
            for (; i < to; i++) {
                s0 += r[i] * r[i] * invDiag[i];
                a0 += Math.abs(r[i]);
            }
            partial[b] = s0 + s1;
            partial2[b] = a0 + a1;
        });
        lastAbs = sum(partial2);
        return sum(partial);
    }

    private double lastAbs;

    /** {@code Σ|r_i|} after the last {@link #updateJacobi} or {@link #update}. */
    double lastAbsoluteResidual() {
        return lastAbs;
    }

    /** {@code p = r/diag + β p}. */
    void directionJacobi(double beta, double[] p, double[] r, double[] invDiag) {
        parallel.forEach(blocks, b -> {
            int from = b * rowsPerBlock * n2;
            int to = Math.min(size, (b + 1) * rowsPerBlock * n2);
            for (int i = from; i < to; i++) {
                p[i] = r[i] * invDiag[i] + beta * p[i];
            }
        });
    }

    /** {@code x += α p}, {@code r -= α q}; {@link #lastAbsoluteResidual()} is then {@code Σ|r_i|}. */
    void update(double alpha, double[] x, double[] p, double[] r, double[] q) {
        parallel.forEach(blocks, b -> {
            int from = b * rowsPerBlock * n2;
            int to = Math.min(size, (b + 1) * rowsPerBlock * n2);
            for (int i = from; i < to; i++) {
                x[i] += alpha * p[i];
                r[i] -= alpha * q[i];
            }
            double a0 = 0.0;
            double a1 = 0.0;
            int i = from;
            for (; i + 1 < to; i += 2) {
                a0 += Math.abs(r[i]);
                a1 += Math.abs(r[i + 1]);
            }
            for (; i < to; i++) {
                a0 += Math.abs(r[i]);
            }
            partial2[b] = a0 + a1;
        });
        lastAbs = sum(partial2);
    }

    /** {@code p = z + β p}. */
    void direction(double beta, double[] p, double[] z) {
        parallel.forEach(blocks, b -> {
            int from = b * rowsPerBlock * n2;
            int to = Math.min(size, (b + 1) * rowsPerBlock * n2);
            for (int i = from; i < to; i++) {
                p[i] = z[i] + beta * p[i];
            }
        });
    }

    /** {@code a·b}, blockwise. */
    double dot(double[] a, double[] b) {
        parallel.forEach(blocks, k -> {
            int from = k * rowsPerBlock * n2;
            int to = Math.min(size, (k + 1) * rowsPerBlock * n2);
            partial2[k] = dotRow(a, b, from, from, to - from);
        });
        return sum(partial2);
    }

    private static double sum(double[] partial) {
        double s = 0.0;
        for (double v : partial) {
            s += v;
        }
        return s;
    }
}

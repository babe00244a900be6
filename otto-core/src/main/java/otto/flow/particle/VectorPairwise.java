package otto.flow.particle;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Pairwise}'s tile loops on the JDK's Vector API, loaded only when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}. Every value goes through the operations of
 * {@link Pairwise.ScalarTiles} in the same order (the inner products a chain over the
 * coordinates starting from a product, the kernel sums a chain over the columns in order), so the
 * numbers are the same bit for bit; what changes is that partial results stay in registers:
 * a distance tile's inner products are computed four columns × four (or two) vectors of rows at a
 * time, then finished and, for the Gaussian kernel, exponentiated in one more pass; the sums four
 * outputs × two vectors of rows at a time across a tile's columns. The kernels are small methods
 * that C2 compiles whole, and no vector is passed between methods (JDK 17 boxes it otherwise).
 * Floating-point max and min are compare and blend (their lanewise forms are not intrinsified). Row remainders shorter than a vector go through the scalar code.
 */
final class VectorPairwise implements Pairwise.Tiles {
    /** The hardware's vector of doubles (at most 8 long). */
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED.length() >= 8
            ? DoubleVector.SPECIES_512 : DoubleVector.SPECIES_PREFERRED;
    static final int VL = S.length();
    private static final DoubleVector ZERO = DoubleVector.zero(S);
    private static final DoubleVector CLAMP = DoubleVector.broadcast(S, Pairwise.EXP_CLAMP);

    /** Whether vectors are worth it here: at least 2 doubles a vector. */
    static boolean usable() {
        return VL >= 2;
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public void distances(double[] xc, double[] sq, int d, double[][] xt, double[] sqI, int bi, int j0, int bj,
                          double[][] w, boolean gaussian, double invH) {
        int vEnd = dots(xc, sq, d, xt, sqI, bi, j0, bj, w);
        if (gaussian) {
            expColumns(sq, sqI, j0, w, bj, vEnd, invH);
        } else {
            finishColumns(sq, sqI, j0, bj, vEnd, w);
        }
        if (vEnd < bi) {
            // rows beyond the last whole vector: the scalar loops on a copy of the tail
            scalarTail(xc, sq, d, xt, sqI, bi, vEnd, j0, bj, w, gaussian, invH);
        }
    }

    /**
     * The band test on a tile's distances as they are finished, without storing them: per column
     * {@code jj}, rows {@code ii < min(bi, j0 + jj - i0)}, the count below from the comparison's
     * mask, the rare vectors with a value in the band appended lane by lane (in index order, as the
     * scalar loops), the rows beyond the last whole vector by the scalar formulas.
     */
    @Override
    public int band(double[] xc, double[] sq, int d, double[][] xt, double[] sqI, int bi, int i0, int j0, int bj,
                    double[][] w, double mid, double half, double[] under, double[] buf, int len) {
        int vEnd = dots(xc, sq, d, xt, sqI, bi, j0, bj, w);
        DoubleVector m = DoubleVector.broadcast(S, mid);
        long below = 0;
        for (int jj = 0; jj < bj; jj++) {
            int end = Math.min(bi, j0 + jj - i0);
            int ve = Math.min(end - end % VL, vEnd);
            double[] wj = w[jj];
            double sj = sq[j0 + jj];
            for (int ii = 0; ii < ve; ii += VL) {
                DoubleVector v = finish(DoubleVector.fromArray(S, sqI, ii), sj, DoubleVector.fromArray(S, wj, ii));
                DoubleVector t = v.sub(m);
                below += t.compare(VectorOperators.LT, -half).trueCount();
                if (t.abs().compare(VectorOperators.LE, half).anyTrue()) {
                    v.intoArray(wj, ii);
                    for (int l = ii; l < ii + VL; l++) {
                        if (Math.abs(wj[l] - mid) <= half) {
                            buf[len++] = wj[l];
                        }
                    }
                }
            }
            int xo = (j0 + jj) * d;
            for (int ii = ve; ii < end; ii++) {
                double a;
                if (ii < vEnd) {
                    a = wj[ii];
                } else {
                    a = xc[xo] * xt[0][ii];
                    for (int k = 1; k < d; k++) {
                        a = Math.fma(xc[xo + k], xt[k][ii], a);
                    }
                }
                double v = Math.max(0.0, sqI[ii] + sj - 2.0 * a);
                double t = v - mid;
                if (t < -half) {
                    below++;
                } else if (Math.abs(t) <= half) {
                    buf[len++] = v;
                }
            }
        }
        under[0] += below;
        return len;
    }

    /**
     * The inner products {@code w[jj][ii] = Σ_k xt[k][ii] xc[(j0+jj)·d + k]} of the rows below the
     * last whole vector, whose end it returns.
     */
    private static int dots(double[] xc, double[] sq, int d, double[][] xt, double[] sqI, int bi, int j0, int bj,
                            double[][] w) {
        int vEnd = bi - bi % VL;
        int v2End = bi - bi % (2 * VL);
        int jj = 0;
        for (; jj + 4 <= bj; jj += 4) {
            int x0 = (j0 + jj) * d;
            double[] w0 = w[jj];
            double[] w1 = w[jj + 1];
            double[] w2 = w[jj + 2];
            double[] w3 = w[jj + 3];
            int ii = 0;
            for (; ii + 4 * VL <= bi; ii += 4 * VL) {
                distances4x4(xc, x0, d, xt, ii, w0, w1, w2, w3);
            }
            for (; ii < v2End; ii += 2 * VL) {
                distances4x2(xc, x0, d, xt, ii, w0, w1, w2, w3);
            }
            for (; ii < vEnd; ii += VL) {
                for (int q = 0; q < 4; q++) {
                    column(xc, (j0 + jj + q) * d, sq[j0 + jj + q], d, xt, sqI, ii, w[jj + q]);
                }
            }
        }
        for (; jj < bj; jj++) {
            double[] wj = w[jj];
            for (int ii = 0; ii < vEnd; ii += VL) {
                column(xc, (j0 + jj) * d, sq[j0 + jj], d, xt, sqI, ii, wj);
            }
        }
        return vEnd;
    }

    /**
     * Four columns ({@code xc} offsets {@code x0 + q·d}) against two vectors of rows from {@code ii}:
     * its own method, so that the JIT compiles it whole (inlined into the tile loop it would exceed
     * the inliner's node budget, and the vectors would be boxed).
     */
    private static void distances4x2(double[] xc, int x0, int d, double[][] xt, int ii,
                                     double[] w0, double[] w1, double[] w2, double[] w3) {
        int x1 = x0 + d;
        int x2 = x1 + d;
        int x3 = x2 + d;
        int ib = ii + VL;
        DoubleVector t0a = DoubleVector.fromArray(S, xt[0], ii);
        DoubleVector t0b = DoubleVector.fromArray(S, xt[0], ib);
        DoubleVector a0 = t0a.mul(xc[x0]);
        DoubleVector b0 = t0b.mul(xc[x0]);
        DoubleVector a1 = t0a.mul(xc[x1]);
        DoubleVector b1 = t0b.mul(xc[x1]);
        DoubleVector a2 = t0a.mul(xc[x2]);
        DoubleVector b2 = t0b.mul(xc[x2]);
        DoubleVector a3 = t0a.mul(xc[x3]);
        DoubleVector b3 = t0b.mul(xc[x3]);
        for (int k = 1; k < d; k++) {
            double[] t = xt[k];
            DoubleVector ta = DoubleVector.fromArray(S, t, ii);
            DoubleVector tb = DoubleVector.fromArray(S, t, ib);
            DoubleVector c0 = DoubleVector.broadcast(S, xc[x0 + k]);
            DoubleVector c1 = DoubleVector.broadcast(S, xc[x1 + k]);
            DoubleVector c2 = DoubleVector.broadcast(S, xc[x2 + k]);
            DoubleVector c3 = DoubleVector.broadcast(S, xc[x3 + k]);
            a0 = ta.fma(c0, a0);
            b0 = tb.fma(c0, b0);
            a1 = ta.fma(c1, a1);
            b1 = tb.fma(c1, b1);
            a2 = ta.fma(c2, a2);
            b2 = tb.fma(c2, b2);
            a3 = ta.fma(c3, a3);
            b3 = tb.fma(c3, b3);
        }
        a0.intoArray(w0, ii);
        b0.intoArray(w0, ib);
        a1.intoArray(w1, ii);
        b1.intoArray(w1, ib);
        a2.intoArray(w2, ii);
        b2.intoArray(w2, ib);
        a3.intoArray(w3, ii);
        b3.intoArray(w3, ib);
    }

    /** As {@link #distances4x2}, four vectors of rows. */
    private static void distances4x4(double[] xc, int x0, int d, double[][] xt, int ii,
                                     double[] w0, double[] w1, double[] w2, double[] w3) {
        int x1 = x0 + d;
        int x2 = x1 + d;
        int x3 = x2 + d;
        DoubleVector t0a = DoubleVector.fromArray(S, xt[0], ii + 0 * VL);
        DoubleVector t0b = DoubleVector.fromArray(S, xt[0], ii + 1 * VL);
        DoubleVector t0e = DoubleVector.fromArray(S, xt[0], ii + 2 * VL);
        DoubleVector t0f = DoubleVector.fromArray(S, xt[0], ii + 3 * VL);
        DoubleVector a0 = t0a.mul(xc[x0]);
        DoubleVector b0 = t0b.mul(xc[x0]);
        DoubleVector e0 = t0e.mul(xc[x0]);
        DoubleVector f0 = t0f.mul(xc[x0]);
        DoubleVector a1 = t0a.mul(xc[x1]);
        DoubleVector b1 = t0b.mul(xc[x1]);
        DoubleVector e1 = t0e.mul(xc[x1]);
        DoubleVector f1 = t0f.mul(xc[x1]);
        DoubleVector a2 = t0a.mul(xc[x2]);
        DoubleVector b2 = t0b.mul(xc[x2]);
        DoubleVector e2 = t0e.mul(xc[x2]);
        DoubleVector f2 = t0f.mul(xc[x2]);
        DoubleVector a3 = t0a.mul(xc[x3]);
        DoubleVector b3 = t0b.mul(xc[x3]);
        DoubleVector e3 = t0e.mul(xc[x3]);
        DoubleVector f3 = t0f.mul(xc[x3]);
        for (int k = 1; k < d; k++) {
            double[] t = xt[k];
            DoubleVector ta = DoubleVector.fromArray(S, t, ii + 0 * VL);
            DoubleVector tb = DoubleVector.fromArray(S, t, ii + 1 * VL);
            DoubleVector te = DoubleVector.fromArray(S, t, ii + 2 * VL);
            DoubleVector tf = DoubleVector.fromArray(S, t, ii + 3 * VL);
            DoubleVector c0 = DoubleVector.broadcast(S, xc[x0 + k]);
            a0 = ta.fma(c0, a0);
            b0 = tb.fma(c0, b0);
            e0 = te.fma(c0, e0);
            f0 = tf.fma(c0, f0);
            DoubleVector c1 = DoubleVector.broadcast(S, xc[x1 + k]);
            a1 = ta.fma(c1, a1);
            b1 = tb.fma(c1, b1);
            e1 = te.fma(c1, e1);
            f1 = tf.fma(c1, f1);
            DoubleVector c2 = DoubleVector.broadcast(S, xc[x2 + k]);
            a2 = ta.fma(c2, a2);
            b2 = tb.fma(c2, b2);
            e2 = te.fma(c2, e2);
            f2 = tf.fma(c2, f2);
            DoubleVector c3 = DoubleVector.broadcast(S, xc[x3 + k]);
            a3 = ta.fma(c3, a3);
            b3 = tb.fma(c3, b3);
            e3 = te.fma(c3, e3);
            f3 = tf.fma(c3, f3);
        }
        a0.intoArray(w0, ii + 0 * VL);
        b0.intoArray(w0, ii + 1 * VL);
        e0.intoArray(w0, ii + 2 * VL);
        f0.intoArray(w0, ii + 3 * VL);
        a1.intoArray(w1, ii + 0 * VL);
        b1.intoArray(w1, ii + 1 * VL);
        e1.intoArray(w1, ii + 2 * VL);
        f1.intoArray(w1, ii + 3 * VL);
        a2.intoArray(w2, ii + 0 * VL);
        b2.intoArray(w2, ii + 1 * VL);
        e2.intoArray(w2, ii + 2 * VL);
        f2.intoArray(w2, ii + 3 * VL);
        a3.intoArray(w3, ii + 0 * VL);
        b3.intoArray(w3, ii + 1 * VL);
        e3.intoArray(w3, ii + 2 * VL);
        f3.intoArray(w3, ii + 3 * VL);
    }

    /** One vector of rows against one column. */
    private static void column(double[] xc, int xo, double sj, int d, double[][] xt, double[] sqI, int ii, double[] w) {
        DoubleVector a = DoubleVector.fromArray(S, xt[0], ii).mul(xc[xo]);
        for (int k = 1; k < d; k++) {
            a = DoubleVector.fromArray(S, xt[k], ii).fma(DoubleVector.broadcast(S, xc[xo + k]), a);
        }
        a.intoArray(w, ii);
    }

    /** {@code w[jj] = max(0, (sqI + sq[j0+jj]) - 2 w[jj])} on {@code [0, vEnd)}. */
    private static void finishColumns(double[] sq, double[] sqI, int j0, int bj, int vEnd, double[][] w) {
        for (int jj = 0; jj < bj; jj++) {
            double[] wj = w[jj];
            double sj = sq[j0 + jj];
            for (int ii = 0; ii < vEnd; ii += VL) {
                finish(DoubleVector.fromArray(S, sqI, ii), sj, DoubleVector.fromArray(S, wj, ii)).intoArray(wj, ii);
            }
        }
    }

    /** {@code max(0, (sqI + sj) - 2 dot)}. */
    private static DoubleVector finish(DoubleVector sqI, double sj, DoubleVector dot) {
        DoubleVector r = sqI.add(DoubleVector.broadcast(S, sj)).sub(dot.add(dot));
        // Math.max(0.0, r) (0.0 for r ≤ 0, -0.0 included; NaN stays): the Vector API's MAX is not
        // compiled to an instruction on JDK 17
        return r.blend(ZERO, r.compare(VectorOperators.LE, 0.0));
    }

    /** {@link #finish} and then {@link Pairwise#expNegative} on {@code w[0, vEnd)}, a whole number of vectors. */
    private static void expColumns(double[] sq, double[] sqI, int j0, double[][] w, int bj, int vEnd, double scale) {
        for (int jj = 0; jj < bj; jj++) {
            double[] wj = w[jj];
            double sj = sq[j0 + jj];
            for (int ii = 0; ii < vEnd; ii += VL) {
                // Pairwise.expNegative lane by lane, written out here (a vector passed to a method the JIT
                // does not inline is boxed)
                DoubleVector u = finish(DoubleVector.fromArray(S, sqI, ii), sj, DoubleVector.fromArray(S, wj, ii)).mul(scale);
                // Math.min(u, EXP_CLAMP), by comparison (as in finish)
                DoubleVector t = u.blend(CLAMP, u.compare(VectorOperators.GT, Pairwise.EXP_CLAMP)).mul(-1.0 / 512.0);
                DoubleVector p = DoubleVector.broadcast(S, Pairwise.Q10);
                p = p.fma(t, DoubleVector.broadcast(S, Pairwise.Q9));
                p = p.fma(t, DoubleVector.broadcast(S, Pairwise.Q8));
                p = p.fma(t, DoubleVector.broadcast(S, Pairwise.Q7));
                p = p.fma(t, DoubleVector.broadcast(S, Pairwise.Q6));
                p = p.fma(t, DoubleVector.broadcast(S, Pairwise.Q5));
                p = p.fma(t, DoubleVector.broadcast(S, Pairwise.Q4));
                p = p.fma(t, DoubleVector.broadcast(S, Pairwise.Q3));
                p = p.fma(t, DoubleVector.broadcast(S, Pairwise.Q2));
                p = p.fma(t, DoubleVector.broadcast(S, Pairwise.Q1));
                p = p.fma(t, DoubleVector.broadcast(S, Pairwise.Q0));
                p = p.fma(t, DoubleVector.broadcast(S, 1.0));
                p = p.mul(p);
                p = p.mul(p);
                p = p.mul(p);
                p = p.mul(p);
                p = p.mul(p);
                p = p.mul(p);
                p = p.mul(p);
                p = p.mul(p);
                p = p.mul(p);
                p.intoArray(wj, ii);
            }
        }
    }

    /** Rows {@code [from, bi)} by the scalar formulas (the same operations). */
    private static void scalarTail(double[] xc, double[] sq, int d, double[][] xt, double[] sqI, int bi, int from,
                                   int j0, int bj, double[][] w, boolean gaussian, double invH) {
        for (int jj = 0; jj < bj; jj++) {
            int xo = (j0 + jj) * d;
            double sj = sq[j0 + jj];
            double[] wj = w[jj];
            for (int ii = from; ii < bi; ii++) {
                double a = xc[xo] * xt[0][ii];
                for (int k = 1; k < d; k++) {
                    a = Math.fma(xc[xo + k], xt[k][ii], a);
                }
                wj[ii] = Math.max(0.0, sqI[ii] + sj - 2.0 * a);
            }
            if (gaussian) {
                expTail(wj, from, bi, invH);
            }
        }
    }

    private static void expTail(double[] w, int from, int to, double scale) {
        double[] t = new double[to - from];
        System.arraycopy(w, from, t, 0, t.length);
        Pairwise.expNegative(t, t.length, scale);
        System.arraycopy(t, 0, w, from, t.length);
    }

    @Override
    public void accumulate(double[][] w, int bi, int bj, int j0, double[] b, int m, double[][] out) {
        int vEnd = bi - bi % VL;
        int v2End = bi - bi % (2 * VL);
        int c = 0;
        for (; c + 4 <= m; c += 4) {
            double[] o0 = out[c];
            double[] o1 = out[c + 1];
            double[] o2 = out[c + 2];
            double[] o3 = out[c + 3];
            int ii = 0;
            for (; ii < v2End; ii += 2 * VL) {
                accumulate4x2(w, bj, j0, b, m, c, o0, o1, o2, o3, ii);
            }
            for (; ii < vEnd; ii += VL) {
                for (int q = 0; q < 4; q++) {
                    single(w, bj, j0, b, m, c + q, out[c + q], ii);
                }
            }
        }
        for (; c < m; c++) {
            int ii = 0;
            for (; ii + 4 * VL <= vEnd; ii += 4 * VL) {
                single4(w, bj, j0, b, m, c, out[c], ii);
            }
            for (; ii < vEnd; ii += VL) {
                single(w, bj, j0, b, m, c, out[c], ii);
            }
        }
        for (c = 0; c < m && vEnd < bi; c++) {
            double[] o = out[c];
            for (int jj = 0; jj < bj; jj++) {
                double bc = b[(j0 + jj) * m + c];
                double[] wj = w[jj];
                for (int ii = vEnd; ii < bi; ii++) {
                    o[ii] = Math.fma(bc, wj[ii], o[ii]);
                }
            }
        }
    }

    /** Four output columns from {@code c}, two vectors of rows from {@code ii} (its own method, as {@link #distances4x2}). */
    private static void accumulate4x2(double[][] w, int bj, int j0, double[] b, int m, int c,
                                      double[] o0, double[] o1, double[] o2, double[] o3, int ii) {
        int ib = ii + VL;
        DoubleVector a0 = DoubleVector.fromArray(S, o0, ii);
        DoubleVector b0 = DoubleVector.fromArray(S, o0, ib);
        DoubleVector a1 = DoubleVector.fromArray(S, o1, ii);
        DoubleVector b1 = DoubleVector.fromArray(S, o1, ib);
        DoubleVector a2 = DoubleVector.fromArray(S, o2, ii);
        DoubleVector b2 = DoubleVector.fromArray(S, o2, ib);
        DoubleVector a3 = DoubleVector.fromArray(S, o3, ii);
        DoubleVector b3 = DoubleVector.fromArray(S, o3, ib);
        for (int jj = 0; jj < bj; jj++) {
            double[] wj = w[jj];
            DoubleVector wa = DoubleVector.fromArray(S, wj, ii);
            DoubleVector wb = DoubleVector.fromArray(S, wj, ib);
            int jb = (j0 + jj) * m + c;
            DoubleVector c0 = DoubleVector.broadcast(S, b[jb]);
            DoubleVector c1 = DoubleVector.broadcast(S, b[jb + 1]);
            DoubleVector c2 = DoubleVector.broadcast(S, b[jb + 2]);
            DoubleVector c3 = DoubleVector.broadcast(S, b[jb + 3]);
            a0 = wa.fma(c0, a0);
            b0 = wb.fma(c0, b0);
            a1 = wa.fma(c1, a1);
            b1 = wb.fma(c1, b1);
            a2 = wa.fma(c2, a2);
            b2 = wb.fma(c2, b2);
            a3 = wa.fma(c3, a3);
            b3 = wb.fma(c3, b3);
        }
        a0.intoArray(o0, ii);
        b0.intoArray(o0, ib);
        a1.intoArray(o1, ii);
        b1.intoArray(o1, ib);
        a2.intoArray(o2, ii);
        b2.intoArray(o2, ib);
        a3.intoArray(o3, ii);
        b3.intoArray(o3, ib);
    }

    /** One output column, four vectors of rows (four independent chains). */
    private static void single4(double[][] w, int bj, int j0, double[] b, int m, int c, double[] o, int ii) {
        DoubleVector a0 = DoubleVector.fromArray(S, o, ii);
        DoubleVector a1 = DoubleVector.fromArray(S, o, ii + VL);
        DoubleVector a2 = DoubleVector.fromArray(S, o, ii + 2 * VL);
        DoubleVector a3 = DoubleVector.fromArray(S, o, ii + 3 * VL);
        for (int jj = 0; jj < bj; jj++) {
            double[] wj = w[jj];
            DoubleVector bc = DoubleVector.broadcast(S, b[(j0 + jj) * m + c]);
            a0 = DoubleVector.fromArray(S, wj, ii).fma(bc, a0);
            a1 = DoubleVector.fromArray(S, wj, ii + VL).fma(bc, a1);
            a2 = DoubleVector.fromArray(S, wj, ii + 2 * VL).fma(bc, a2);
            a3 = DoubleVector.fromArray(S, wj, ii + 3 * VL).fma(bc, a3);
        }
        a0.intoArray(o, ii);
        a1.intoArray(o, ii + VL);
        a2.intoArray(o, ii + 2 * VL);
        a3.intoArray(o, ii + 3 * VL);
    }

    /** One output column, one vector of rows. */
    private static void single(double[][] w, int bj, int j0, double[] b, int m, int c, double[] o, int ii) {
        DoubleVector a = DoubleVector.fromArray(S, o, ii);
        for (int jj = 0; jj < bj; jj++) {
            a = DoubleVector.fromArray(S, w[jj], ii).fma(DoubleVector.broadcast(S, b[(j0 + jj) * m + c]), a);
        }
        a.intoArray(o, ii);
    }
}

package otto.math;

import static otto.math.GlmKernel.LANES;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link GlmKernel}'s loops on the JDK's Vector API: the same operations as
 * {@link ScalarGlmKernel}, lane by lane, so the same numbers. Loaded only when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}.
 */
final class VectorGlmKernel implements GlmKernel.Impl {
    /** The hardware's vector of doubles, at most {@value GlmKernel#LANES} long. */
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED.length() >= LANES
            ? DoubleVector.SPECIES_512 : DoubleVector.SPECIES_PREFERRED;
    static final VectorSpecies<Long> L = S.withLanes(long.class);
    static final int VL = S.length();

    /** Whether vectors are worth it here: at least 2 doubles a vector, and a divisor of the lane count. */
    static boolean usable() {
        return VL >= 2 && LANES % VL == 0;
    }

    @Override
    public String name() {
        return "vector";
    }

    /**
     * Two steps per group of panels, each in the reference order: first every point's predictors
     * (four panels' chains at a time), the family's function and the log-likelihood lane sums,
     * with {@code ℓ'} kept in a small buffer; then the gradient sums, with 4 points × 4 columns of
     * accumulators held in registers across the group's panels.
     */
    @Override
    public void accumulate(GlmKernel g, double[] points, int stride, int from, int to, int b0, int b1,
                           double[] ll8, double[] acc) {
        int k = g.k;
        double[] panel = g.panel;
        int v0 = b0 * PER_PANEL;
        int v1 = b1 * PER_PANEL;
        int rows = (v1 - v0) * VL;
        double[] d = buffer(rows * (to - from));
        for (int c = from; c < to; c++) {
            int po = c * stride;
            int t = c - from;
            int v = v0;
            for (; v + 4 <= v1; v += 4) {
                int o0 = offset(v, k);
                int o1 = offset(v + 1, k);
                int o2 = offset(v + 2, k);
                int o3 = offset(v + 3, k);
                DoubleVector e0 = DoubleVector.zero(S);
                DoubleVector e1 = e0;
                DoubleVector e2 = e0;
                DoubleVector e3 = e0;
                for (int j = 0; j < k; j++) {
                    DoubleVector bj = DoubleVector.broadcast(S, points[po + j]);
                    int jo = j * LANES;
                    e0 = DoubleVector.fromArray(S, panel, o0 + jo).fma(bj, e0);
                    e1 = DoubleVector.fromArray(S, panel, o1 + jo).fma(bj, e1);
                    e2 = DoubleVector.fromArray(S, panel, o2 + jo).fma(bj, e2);
                    e3 = DoubleVector.fromArray(S, panel, o3 + jo).fma(bj, e3);
                }
                family(g, e0, v, t, ll8, d, t * rows + (v - v0) * VL);
                family(g, e1, v + 1, t, ll8, d, t * rows + (v + 1 - v0) * VL);
                family(g, e2, v + 2, t, ll8, d, t * rows + (v + 2 - v0) * VL);
                family(g, e3, v + 3, t, ll8, d, t * rows + (v + 3 - v0) * VL);
            }
            for (; v < v1; v++) {
                family(g, predictors(panel, offset(v, k), k, points, po), v, t, ll8, d, t * rows + (v - v0) * VL);
            }
        }
        int count = v1 - v0;
        int c = from;
        for (; c + 4 <= to; c += 4) {
            int t = c - from;
            int j = 0;
            for (; j + 4 <= k; j += 4) {
                gradient4x4(panel, k, v0, count, d, t * rows, rows, acc, t, j);
            }
            for (; j < k; j++) {
                for (int q = 0; q < 4; q++) {
                    gradient1(panel, k, v0, count, d, (t + q) * rows, acc, ((t + q) * k + j) * LANES, j);
                }
            }
        }
        for (; c < to; c++) {
            int t = c - from;
            int j = 0;
            for (; j + 4 <= k; j += 4) {
                gradient1x4(panel, k, v0, count, d, t * rows, acc, t, j);
            }
            for (; j < k; j++) {
                gradient1(panel, k, v0, count, d, t * rows, acc, (t * k + j) * LANES, j);
            }
        }
    }

    /** Vectors per panel. */
    static final int PER_PANEL = LANES / VL;

    private static final ThreadLocal<double[][]> BUFFER = ThreadLocal.withInitial(() -> new double[1][0]);

    private static double[] buffer(int size) {
        double[][] b = BUFFER.get();
        if (b[0].length < size) {
            b[0] = new double[size];
        }
        return b[0];
    }

    /** Where vector v (of the whole design) starts in the panel array. */
    private static int offset(int v, int k) {
        int b = v / PER_PANEL;
        return b * k * LANES + (v - b * PER_PANEL) * VL;
    }

    /** The family at vector v of rows: ℓ into the lane sums, ℓ' into {@code d[di …]}. */
    private static void family(GlmKernel g, DoubleVector eta, int v, int t, double[] ll8, double[] d, int di) {
        int row = v * VL;
        DoubleVector m = DoubleVector.fromArray(S, g.mask, row);
        DoubleVector y = DoubleVector.fromArray(S, g.y, row);
        DoubleVector dv;
        DoubleVector term;
        switch (g.family) {
            case BERNOULLI_LOGIT -> {
                DoubleVector tt = exp(eta.abs().neg());
                DoubleVector q = DoubleVector.broadcast(S, 1.0).div(tt.add(1.0));
                DoubleVector p = tt.mul(q).blend(q, eta.compare(VectorOperators.GE, 0.0));
                DoubleVector ns = DoubleVector.fromArray(S, g.negSign, row);
                term = ns.mul(eta).max(0.0).add(log1pUnit(tt)).neg().mul(m);
                dv = y.sub(p).mul(m);
            }
            case POISSON_LOG -> {
                DoubleVector mu = exp(eta);
                term = y.mul(eta).sub(mu).mul(m);
                dv = y.sub(mu).mul(m);
            }
            case NORMAL -> {
                DoubleVector r = y.sub(eta);
                term = r.mul(-0.5).mul(r).mul(m);
                dv = r.mul(m);
            }
            default -> throw new IllegalStateException(g.family.toString());
        }
        dv.intoArray(d, di);
        int li = t * LANES + (row % LANES);
        DoubleVector.fromArray(S, ll8, li).add(term).intoArray(ll8, li);
    }

    /** acc[point t+q, column j+r] += Σ_v d ⊙ X, q, r < 4, in the order of v. */
    private static void gradient4x4(double[] panel, int k, int v0, int count, double[] d, int d0, int rows,
                                    double[] acc, int t, int j) {
        int a0 = (t * k + j) * LANES;
        int a1 = ((t + 1) * k + j) * LANES;
        int a2 = ((t + 2) * k + j) * LANES;
        int a3 = ((t + 3) * k + j) * LANES;
        for (int h = 0; h < LANES; h += VL) {
            DoubleVector c00 = DoubleVector.fromArray(S, acc, a0 + h);
            DoubleVector c01 = DoubleVector.fromArray(S, acc, a0 + LANES + h);
            DoubleVector c02 = DoubleVector.fromArray(S, acc, a0 + 2 * LANES + h);
            DoubleVector c03 = DoubleVector.fromArray(S, acc, a0 + 3 * LANES + h);
            DoubleVector c10 = DoubleVector.fromArray(S, acc, a1 + h);
            DoubleVector c11 = DoubleVector.fromArray(S, acc, a1 + LANES + h);
            DoubleVector c12 = DoubleVector.fromArray(S, acc, a1 + 2 * LANES + h);
            DoubleVector c13 = DoubleVector.fromArray(S, acc, a1 + 3 * LANES + h);
            DoubleVector c20 = DoubleVector.fromArray(S, acc, a2 + h);
            DoubleVector c21 = DoubleVector.fromArray(S, acc, a2 + LANES + h);
            DoubleVector c22 = DoubleVector.fromArray(S, acc, a2 + 2 * LANES + h);
            DoubleVector c23 = DoubleVector.fromArray(S, acc, a2 + 3 * LANES + h);
            DoubleVector c30 = DoubleVector.fromArray(S, acc, a3 + h);
            DoubleVector c31 = DoubleVector.fromArray(S, acc, a3 + LANES + h);
            DoubleVector c32 = DoubleVector.fromArray(S, acc, a3 + 2 * LANES + h);
            DoubleVector c33 = DoubleVector.fromArray(S, acc, a3 + 3 * LANES + h);
            for (int v = v0 + h / VL; v < v0 + count; v += PER_PANEL) {
                int o = offset(v, k) + j * LANES;
                int di = d0 + (v - v0) * VL;
                DoubleVector x0 = DoubleVector.fromArray(S, panel, o);
                DoubleVector x1 = DoubleVector.fromArray(S, panel, o + LANES);
                DoubleVector x2 = DoubleVector.fromArray(S, panel, o + 2 * LANES);
                DoubleVector x3 = DoubleVector.fromArray(S, panel, o + 3 * LANES);
                DoubleVector dd = DoubleVector.fromArray(S, d, di);
                c00 = x0.fma(dd, c00);
                c01 = x1.fma(dd, c01);
                c02 = x2.fma(dd, c02);
                c03 = x3.fma(dd, c03);
                dd = DoubleVector.fromArray(S, d, di + rows);
                c10 = x0.fma(dd, c10);
                c11 = x1.fma(dd, c11);
                c12 = x2.fma(dd, c12);
                c13 = x3.fma(dd, c13);
                dd = DoubleVector.fromArray(S, d, di + 2 * rows);
                c20 = x0.fma(dd, c20);
                c21 = x1.fma(dd, c21);
                c22 = x2.fma(dd, c22);
                c23 = x3.fma(dd, c23);
                dd = DoubleVector.fromArray(S, d, di + 3 * rows);
                c30 = x0.fma(dd, c30);
                c31 = x1.fma(dd, c31);
                c32 = x2.fma(dd, c32);
                c33 = x3.fma(dd, c33);
            }
            c00.intoArray(acc, a0 + h);
            c01.intoArray(acc, a0 + LANES + h);
            c02.intoArray(acc, a0 + 2 * LANES + h);
            c03.intoArray(acc, a0 + 3 * LANES + h);
            c10.intoArray(acc, a1 + h);
            c11.intoArray(acc, a1 + LANES + h);
            c12.intoArray(acc, a1 + 2 * LANES + h);
            c13.intoArray(acc, a1 + 3 * LANES + h);
            c20.intoArray(acc, a2 + h);
            c21.intoArray(acc, a2 + LANES + h);
            c22.intoArray(acc, a2 + 2 * LANES + h);
            c23.intoArray(acc, a2 + 3 * LANES + h);
            c30.intoArray(acc, a3 + h);
            c31.intoArray(acc, a3 + LANES + h);
            c32.intoArray(acc, a3 + 2 * LANES + h);
            c33.intoArray(acc, a3 + 3 * LANES + h);
        }
    }

    /** acc[point t, column j+r] += Σ_v d ⊙ X, r < 4. */
    private static void gradient1x4(double[] panel, int k, int v0, int count, double[] d, int d0,
                                    double[] acc, int t, int j) {
        int a0 = (t * k + j) * LANES;
        for (int h = 0; h < LANES; h += VL) {
            DoubleVector c0 = DoubleVector.fromArray(S, acc, a0 + h);
            DoubleVector c1 = DoubleVector.fromArray(S, acc, a0 + LANES + h);
            DoubleVector c2 = DoubleVector.fromArray(S, acc, a0 + 2 * LANES + h);
            DoubleVector c3 = DoubleVector.fromArray(S, acc, a0 + 3 * LANES + h);
            for (int v = v0 + h / VL; v < v0 + count; v += PER_PANEL) {
                int o = offset(v, k) + j * LANES;
                DoubleVector dd = DoubleVector.fromArray(S, d, d0 + (v - v0) * VL);
                c0 = DoubleVector.fromArray(S, panel, o).fma(dd, c0);
                c1 = DoubleVector.fromArray(S, panel, o + LANES).fma(dd, c1);
                c2 = DoubleVector.fromArray(S, panel, o + 2 * LANES).fma(dd, c2);
                c3 = DoubleVector.fromArray(S, panel, o + 3 * LANES).fma(dd, c3);
            }
            c0.intoArray(acc, a0 + h);
            c1.intoArray(acc, a0 + LANES + h);
            c2.intoArray(acc, a0 + 2 * LANES + h);
            c3.intoArray(acc, a0 + 3 * LANES + h);
        }
    }

    /** acc[a …] += Σ_v d ⊙ X[column j]. */
    private static void gradient1(double[] panel, int k, int v0, int count, double[] d, int d0, double[] acc, int a, int j) {
        for (int h = 0; h < LANES; h += VL) {
            DoubleVector c0 = DoubleVector.fromArray(S, acc, a + h);
            for (int v = v0 + h / VL; v < v0 + count; v += PER_PANEL) {
                c0 = DoubleVector.fromArray(S, panel, offset(v, k) + j * LANES).fma(DoubleVector.fromArray(S, d, d0 + (v - v0) * VL), c0);
            }
            c0.intoArray(acc, a + h);
        }
    }

    @Override
    public void weights(GlmKernel g, double[] points, int stride, int from, int to, int b0, int b1, double[] wsum) {
        int k = g.k;
        for (int c = from; c < to; c++) {
            for (int b = b0; b < b1; b++) {
                for (int h = 0; h < LANES; h += VL) {
                    DoubleVector eta = predictors(g.panel, b * k * LANES + h, k, points, c * stride);
                    int row = b * LANES + h;
                    DoubleVector m = DoubleVector.fromArray(S, g.mask, row);
                    DoubleVector w;
                    switch (g.family) {
                        case BERNOULLI_LOGIT -> {
                            DoubleVector tt = exp(eta.abs().neg());
                            DoubleVector q = DoubleVector.broadcast(S, 1.0).div(tt.add(1.0));
                            w = tt.mul(q).mul(q).mul(m);
                        }
                        case POISSON_LOG -> w = exp(eta).mul(m);
                        case NORMAL -> w = m;
                        default -> throw new IllegalStateException(g.family.toString());
                    }
                    DoubleVector.fromArray(S, wsum, row).add(w).intoArray(wsum, row);
                }
            }
        }
    }

    @Override
    public void gram(GlmKernel g, double[] v, int b0, int b1, double[] acc) {
        int k = g.k;
        double[] panel = g.panel;
        for (int b = b0; b < b1; b++) {
            int base = b * k * LANES;
            for (int h = 0; h < LANES; h += VL) {
                DoubleVector vv = DoubleVector.fromArray(S, v, b * LANES + h);
                for (int a = 0; a < k; a++) {
                    DoubleVector u = vv.mul(DoubleVector.fromArray(S, panel, base + a * LANES + h));
                    int ro = a * (a + 1) / 2;
                    for (int c = 0; c <= a; c++) {
                        int ai = (ro + c) * LANES + h;
                        u.fma(DoubleVector.fromArray(S, panel, base + c * LANES + h), DoubleVector.fromArray(S, acc, ai))
                                .intoArray(acc, ai);
                    }
                }
            }
        }
    }

    private static DoubleVector predictors(double[] panel, int o, int k, double[] points, int po) {
        DoubleVector eta = DoubleVector.zero(S);
        for (int j = 0; j < k; j++) {
            eta = DoubleVector.fromArray(S, panel, o + j * LANES).fma(DoubleVector.broadcast(S, points[po + j]), eta);
        }
        return eta;
    }

    /** {@link GlmKernel#exp}, lane-wise. */
    static DoubleVector exp(DoubleVector x) {
        DoubleVector xc = x.max(GlmKernel.EXP_MIN).min(GlmKernel.EXP_MAX);
        DoubleVector kd = xc.fma(DoubleVector.broadcast(S, GlmKernel.LOG2E), DoubleVector.broadcast(S, GlmKernel.SHIFT));
        DoubleVector kk = kd.sub(GlmKernel.SHIFT);
        DoubleVector r = kk.fma(DoubleVector.broadcast(S, -GlmKernel.LN2_HI), xc);
        r = kk.fma(DoubleVector.broadcast(S, -GlmKernel.LN2_LO), r);
        DoubleVector p = DoubleVector.broadcast(S, GlmKernel.E13);
        p = p.fma(r, DoubleVector.broadcast(S, GlmKernel.E12));
        p = p.fma(r, DoubleVector.broadcast(S, GlmKernel.E11));
        p = p.fma(r, DoubleVector.broadcast(S, GlmKernel.E10));
        p = p.fma(r, DoubleVector.broadcast(S, GlmKernel.E9));
        p = p.fma(r, DoubleVector.broadcast(S, GlmKernel.E8));
        p = p.fma(r, DoubleVector.broadcast(S, GlmKernel.E7));
        p = p.fma(r, DoubleVector.broadcast(S, GlmKernel.E6));
        p = p.fma(r, DoubleVector.broadcast(S, GlmKernel.E5));
        p = p.fma(r, DoubleVector.broadcast(S, GlmKernel.E4));
        p = p.fma(r, DoubleVector.broadcast(S, GlmKernel.E3));
        p = p.fma(r, DoubleVector.broadcast(S, GlmKernel.E2));
        p = p.fma(r, DoubleVector.broadcast(S, GlmKernel.E1));
        p = p.fma(r, DoubleVector.broadcast(S, GlmKernel.E0));
        LongVector bits = kd.reinterpretAsLongs().add(GlmKernel.EXPONENT_OFFSET).lanewise(VectorOperators.LSHL, 52);
        DoubleVector v = p.mul(bits.reinterpretAsDoubles());
        VectorMask<Double> over = x.compare(VectorOperators.GT, GlmKernel.EXP_MAX);
        return v.blend(Double.POSITIVE_INFINITY, over);
    }

    /** {@link GlmKernel#log1pUnit}, lane-wise. */
    static DoubleVector log1pUnit(DoubleVector t) {
        DoubleVector s = t.div(t.add(2.0));
        DoubleVector z = s.mul(s);
        DoubleVector p = DoubleVector.broadcast(S, GlmKernel.A15);
        p = p.fma(z, DoubleVector.broadcast(S, GlmKernel.A14));
        p = p.fma(z, DoubleVector.broadcast(S, GlmKernel.A13));
        p = p.fma(z, DoubleVector.broadcast(S, GlmKernel.A12));
        p = p.fma(z, DoubleVector.broadcast(S, GlmKernel.A11));
        p = p.fma(z, DoubleVector.broadcast(S, GlmKernel.A10));
        p = p.fma(z, DoubleVector.broadcast(S, GlmKernel.A9));
        p = p.fma(z, DoubleVector.broadcast(S, GlmKernel.A8));
        p = p.fma(z, DoubleVector.broadcast(S, GlmKernel.A7));
        p = p.fma(z, DoubleVector.broadcast(S, GlmKernel.A6));
        p = p.fma(z, DoubleVector.broadcast(S, GlmKernel.A5));
        p = p.fma(z, DoubleVector.broadcast(S, GlmKernel.A4));
        p = p.fma(z, DoubleVector.broadcast(S, GlmKernel.A3));
        p = p.fma(z, DoubleVector.broadcast(S, GlmKernel.A2));
        p = p.fma(z, DoubleVector.broadcast(S, GlmKernel.A1));
        p = p.fma(z, DoubleVector.broadcast(S, GlmKernel.A0));
        return s.mul(2.0).mul(p);
    }
}

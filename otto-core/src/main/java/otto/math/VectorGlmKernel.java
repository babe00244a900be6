package otto.math;

import static otto.math.GlmKernel.LANES;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
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
     * Two steps per group of panels, each in the reference order: first the predictors (four
     * points × four vectors of rows at a time: sixteen independent chains, each panel load
     * serving four points; one point's chains alone were bound by the loads and by the FMA
     * latency), then each point's family function and log-likelihood lane sums, with
     * {@code ℓ'} kept in a small buffer; then the gradient sums, with 4 points × 4 columns of
     * accumulators (4 × 3, then 4 × 2, where registers are few, {@link #NARROW}) held in registers across the
     * group's panels.
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
        int c = from;
        for (; c + 4 <= to; c += 4) {
            predictorsOfFour(panel, k, points, c * stride, stride, v0, v1, d, (c - from) * rows, rows);
        }
        for (; c + 2 <= to; c += 2) {
            predictorsOfTwo(panel, k, points, c * stride, (c + 1) * stride, v0, v1, d, (c - from) * rows, rows);
        }
        for (; c < to; c++) {
            predictorsInto(panel, k, points, c * stride, v0, v1, d, (c - from) * rows);
        }
        for (c = from; c < to; c++) {
            int t = c - from;
            family(g, v0 * VL, rows, t, ll8, d, t * rows, acc != null);
        }
        if (acc == null) {
            return;
        }
        int count = v1 - v0;
        for (c = from; c + 4 <= to; c += 4) {
            int t = c - from;
            int j = 0;
            if (NARROW) {   // four points × three, then two, columns: 12 or 8 accumulators (a 4 × 4 tile spills)
                for (; j + 3 <= k; j += 3) {
                    gradient4x3(panel, k, b0, b1, d, t * rows, rows, acc, t, j);
                }
                for (; j + 2 <= k; j += 2) {
                    gradient4x2(panel, k, b0, b1, d, t * rows, rows, acc, t, j);
                }
            }
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

    /**
     * Whether four points' predictors are taken two vectors of rows at a time rather than four,
     * and their gradient sums three (then two) columns at a time rather than four: with 256-bit
     * vectors the hardware is taken to be x86's AVX2, whose 16 vector registers cannot hold a
     * 4 × 4 tile's 16 accumulators with its loads (C2 spills them); a 4 × 3 tile's 12 accumulators,
     * 3 panel vectors and one ℓ' vector fit exactly. The sums are the same, in the same order; on
     * an AVX2 host the predictors took about 30 % less time, the gradient sums about 30 %
     * (docs/performance.md).
     */
    static final boolean NARROW = VL == 4;

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

    /**
     * The family at rows {@code row … row + count - 1}, whose predictors are in
     * {@code d[di …]}: ℓ into the lane sums of point t, ℓ' into {@code d[di …]} (or, when
     * {@code weights} is non-null, {@code -ℓ''} added to {@code weights[row …]} instead).
     *
     * <p>The work is split into passes over small arrays, each a method of its own with no vector
     * crossing its boundary: C2 inlines a Vector API operation only within its node and depth
     * budgets, and an operation it does not inline runs as slow Java code (seen here on JDK 17).
     */
    private static void family(GlmKernel g, int row, int count, int t, double[] ll8, double[] d, int di, boolean derivative) {
        familyInto(g, row, count, t, ll8, d, di, null, derivative);
    }

    private static void familyInto(GlmKernel g, int row, int count, int t, double[] ll8, double[] d, int di, double[] weights,
                                   boolean derivative) {
        switch (g.family) {
            case BERNOULLI_LOGIT -> {
                double[] tt = scratch(1, count);
                double[] lp = scratch(2, count);
                expPass(d, di, count, true, tt);
                if (weights != null) {
                    logisticWeights(g, row, count, d, di, tt, weights);
                    return;
                }
                double[] q = scratch(3, count);
                logisticLog1pPass(tt, count, lp, q);
                if (derivative) {
                    logisticFinish(g, row, count, t, ll8, d, di, tt, lp, q);
                } else {
                    logisticValues(g, row, count, t, ll8, d, di, lp);
                }
            }
            case POISSON_LOG -> {
                double[] mu = scratch(1, count);
                expPass(d, di, count, false, mu);
                if (weights != null) {
                    for (int i = 0; i < count; i += VL) {
                        DoubleVector.fromArray(S, mu, i).mul(DoubleVector.fromArray(S, g.mask, row + i))
                                .add(DoubleVector.fromArray(S, weights, row + i)).intoArray(weights, row + i);
                    }
                    return;
                }
                poissonFinish(g, row, count, t, ll8, d, di, mu);
            }
            case NORMAL -> {
                if (weights != null) {
                    for (int i = 0; i < count; i += VL) {
                        DoubleVector.fromArray(S, g.mask, row + i).add(DoubleVector.fromArray(S, weights, row + i))
                                .intoArray(weights, row + i);
                    }
                    return;
                }
                normalFinish(g, row, count, t, ll8, d, di);
            }
            default -> throw new IllegalStateException(g.family.toString());
        }
    }

    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[4][0]);

    /** From {@code t}: {@code q = 1/(1+t)} and {@code log1p(t)}, with one division (as in the scalar path). */
    private static void logisticLog1pPass(double[] t, int count, double[] out, double[] qOut) {
        for (int i = 0; i < count; i += VL) {
            DoubleVector tv = DoubleVector.fromArray(S, t, i);
            DoubleVector a = tv.add(V_ONE);
            DoubleVector b = tv.add(V_TWO);
            DoubleVector r = V_ONE.div(a.mul(b));
            b.mul(r).intoArray(qOut, i);
            DoubleVector s = tv.mul(a.mul(r));
            DoubleVector z = s.mul(s);
            DoubleVector p = DoubleVector.broadcast(S, GlmKernel.A10);
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
            s.mul(V_TWO).mul(p).intoArray(out, i);
        }
    }

    private static double[] scratch(int which, int size) {
        double[][] b = SCRATCH.get();
        if (b[which].length < size) {
            b[which] = new double[size];
        }
        return b[which];
    }

    /** {@link GlmKernel#exp} of {@code d[di + i]} (of {@code -|d[di + i]|} when {@code negAbs}) into {@code out[i]}. */
    private static void expPass(double[] d, int di, int count, boolean negAbs, double[] out) {
        for (int i = 0; i < count; i += VL) {
            DoubleVector x = DoubleVector.fromArray(S, d, di + i);
            if (negAbs) {
                x = x.reinterpretAsLongs().or(SIGN_BIT).reinterpretAsDoubles();   // -|x|
            }
            LongVector xb = x.reinterpretAsLongs();
            // xc = max(x, EXP_MIN), then min(xc, EXP_MAX), by the sign bit of the differences (a blend
            // on a signed comparison with 0: AVX2 has no 64-bit arithmetic shift, and a shift-and-mask
            // select was emulated; the comparisons stay inline, as a helper returning a mask was not
            // inlined by C2 on JDK 17)
            DoubleVector xc = xb.blend(B_EXP_MIN, x.sub(V_EXP_MIN).reinterpretAsLongs().compare(VectorOperators.LT, B_ZERO))
                    .reinterpretAsDoubles();
            if (!negAbs) {
                // (for -|x| ≤ 0 the upper clamp changes nothing: skipped)
                xc = xc.reinterpretAsLongs()
                        .blend(B_EXP_MAX, V_EXP_MAX.sub(xc).reinterpretAsLongs().compare(VectorOperators.LT, B_ZERO))
                        .reinterpretAsDoubles();
            }
            DoubleVector kd = xc.fma(V_LOG2E, V_SHIFT);
            DoubleVector kk = kd.sub(V_SHIFT);
            DoubleVector r = kk.fma(V_MINUS_LN2_HI, xc);
            r = kk.fma(V_MINUS_LN2_LO, r);
            DoubleVector p = DoubleVector.broadcast(S, GlmKernel.E11);
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
            LongVector bits = kd.reinterpretAsLongs().add(B_EXPONENT_OFFSET).lanewise(VectorOperators.LSHL, 52);
            LongVector v = p.mul(bits.reinterpretAsDoubles()).reinterpretAsLongs();
            // NaN in, NaN out (all bits set, as GlmKernel.exp)
            v.blend(ALL_ONES, xb.and(ABS_BITS).compare(VectorOperators.GT, B_INFINITY)).reinterpretAsDoubles().intoArray(out, i);
        }
    }

    /** {@link GlmKernel#log1pUnit} of {@code t[i]} into {@code out[i]}. */
    private static void log1pPass(double[] t, int count, double[] out) {
        for (int i = 0; i < count; i += VL) {
            DoubleVector tv = DoubleVector.fromArray(S, t, i);
            DoubleVector s = tv.div(tv.add(V_TWO));
            DoubleVector z = s.mul(s);
            DoubleVector p = DoubleVector.broadcast(S, GlmKernel.A10);
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
            s.mul(V_TWO).mul(p).intoArray(out, i);
        }
    }

    private static void logisticFinish(GlmKernel g, int row, int count, int t, double[] ll8, double[] d, int di,
                                       double[] tt, double[] lp, double[] qs) {
        for (int i = 0; i < count; i += VL) {
            DoubleVector eta = DoubleVector.fromArray(S, d, di + i);
            DoubleVector tv = DoubleVector.fromArray(S, tt, i);
            DoubleVector m = DoubleVector.fromArray(S, g.mask, row + i);
            DoubleVector q = DoubleVector.fromArray(S, qs, i);
            // p = q for η ≥ 0, t q below (GlmKernel.select on η's sign bit)
            DoubleVector p = q.reinterpretAsLongs()
                    .blend(tv.mul(q).reinterpretAsLongs(), eta.reinterpretAsLongs().compare(VectorOperators.LT, B_ZERO))
                    .reinterpretAsDoubles();
            // max(-sη, 0) (GlmKernel.positivePart)
            LongVector u = DoubleVector.fromArray(S, g.negSign, row + i).mul(eta).reinterpretAsLongs();
            DoubleVector pos = u.blend(B_ZERO, u.compare(VectorOperators.LT, B_ZERO)).reinterpretAsDoubles();
            DoubleVector term = pos.add(DoubleVector.fromArray(S, lp, i)).mul(V_MINUS_ONE).mul(m);
            DoubleVector.fromArray(S, g.y, row + i).sub(p).mul(m).intoArray(d, di + i);
            int li = t * LANES + ((row + i) % LANES);
            DoubleVector.fromArray(S, ll8, li).add(term).intoArray(ll8, li);
        }
    }

    /** {@link #logisticFinish}'s log-likelihood terms alone (no ℓ'), the same operations. */
    private static void logisticValues(GlmKernel g, int row, int count, int t, double[] ll8, double[] d, int di, double[] lp) {
        for (int i = 0; i < count; i += VL) {
            DoubleVector eta = DoubleVector.fromArray(S, d, di + i);
            DoubleVector m = DoubleVector.fromArray(S, g.mask, row + i);
            LongVector u = DoubleVector.fromArray(S, g.negSign, row + i).mul(eta).reinterpretAsLongs();
            DoubleVector pos = u.blend(B_ZERO, u.compare(VectorOperators.LT, B_ZERO)).reinterpretAsDoubles();
            DoubleVector term = pos.add(DoubleVector.fromArray(S, lp, i)).mul(V_MINUS_ONE).mul(m);
            int li = t * LANES + ((row + i) % LANES);
            DoubleVector.fromArray(S, ll8, li).add(term).intoArray(ll8, li);
        }
    }

    private static void logisticWeights(GlmKernel g, int row, int count, double[] d, int di, double[] tt, double[] weights) {
        for (int i = 0; i < count; i += VL) {
            DoubleVector tv = DoubleVector.fromArray(S, tt, i);
            DoubleVector q = V_ONE.div(tv.add(V_ONE));
            tv.mul(q).mul(q).mul(DoubleVector.fromArray(S, g.mask, row + i)).add(DoubleVector.fromArray(S, weights, row + i))
                    .intoArray(weights, row + i);
        }
    }

    private static void poissonFinish(GlmKernel g, int row, int count, int t, double[] ll8, double[] d, int di, double[] mu) {
        for (int i = 0; i < count; i += VL) {
            DoubleVector eta = DoubleVector.fromArray(S, d, di + i);
            DoubleVector mv = DoubleVector.fromArray(S, mu, i);
            DoubleVector m = DoubleVector.fromArray(S, g.mask, row + i);
            DoubleVector y = DoubleVector.fromArray(S, g.y, row + i);
            DoubleVector term = y.mul(eta).sub(mv).mul(m);
            y.sub(mv).mul(m).intoArray(d, di + i);
            int li = t * LANES + ((row + i) % LANES);
            DoubleVector.fromArray(S, ll8, li).add(term).intoArray(ll8, li);
        }
    }

    private static void normalFinish(GlmKernel g, int row, int count, int t, double[] ll8, double[] d, int di) {
        for (int i = 0; i < count; i += VL) {
            DoubleVector r = DoubleVector.fromArray(S, g.y, row + i).sub(DoubleVector.fromArray(S, d, di + i));
            DoubleVector m = DoubleVector.fromArray(S, g.mask, row + i);
            DoubleVector term = r.mul(V_MINUS_HALF).mul(r).mul(m);
            r.mul(m).intoArray(d, di + i);
            int li = t * LANES + ((row + i) % LANES);
            DoubleVector.fromArray(S, ll8, li).add(term).intoArray(ll8, li);
        }
    }

    private static final DoubleVector V_ONE = DoubleVector.broadcast(S, 1.0);
    private static final DoubleVector V_TWO = DoubleVector.broadcast(S, 2.0);
    private static final DoubleVector V_MINUS_ONE = DoubleVector.broadcast(S, -1.0);
    private static final DoubleVector V_MINUS_HALF = DoubleVector.broadcast(S, -0.5);
    private static final DoubleVector V_EXP_MIN = DoubleVector.broadcast(S, GlmKernel.EXP_MIN);
    private static final DoubleVector V_EXP_MAX = DoubleVector.broadcast(S, GlmKernel.EXP_MAX);
    private static final DoubleVector V_LOG2E = DoubleVector.broadcast(S, GlmKernel.LOG2E);
    private static final DoubleVector V_SHIFT = DoubleVector.broadcast(S, GlmKernel.SHIFT);
    private static final DoubleVector V_MINUS_LN2_HI = DoubleVector.broadcast(S, -GlmKernel.LN2_HI);
    private static final DoubleVector V_MINUS_LN2_LO = DoubleVector.broadcast(S, -GlmKernel.LN2_LO);
    private static final LongVector B_EXP_MIN = LongVector.broadcast(L, Double.doubleToRawLongBits(GlmKernel.EXP_MIN));
    private static final LongVector B_EXP_MAX = LongVector.broadcast(L, Double.doubleToRawLongBits(GlmKernel.EXP_MAX));
    private static final LongVector B_EXPONENT_OFFSET = LongVector.broadcast(L, GlmKernel.EXPONENT_OFFSET);
    private static final LongVector B_INFINITY = LongVector.broadcast(L, GlmKernel.INFINITY_BITS);
    private static final LongVector ABS_BITS = LongVector.broadcast(L, GlmKernel.ABS_MASK);
    private static final LongVector SIGN_BIT = LongVector.broadcast(L, Long.MIN_VALUE);
    private static final LongVector ALL_ONES = LongVector.broadcast(L, -1L);
    private static final LongVector B_ZERO = LongVector.zero(L);

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

    /**
     * acc[point t+q, column j+r] += Σ_b d ⊙ X, q < 4, r < 2, panel by panel in order: the tile for
     * 16 vector registers ({@link #NARROW}), its offsets stepped rather than recomputed.
     */
    private static void gradient4x2(double[] panel, int k, int b0, int b1, double[] d, int d0, int rows,
                                    double[] acc, int t, int j) {
        int kl = k * LANES;
        int a0 = (t * k + j) * LANES;
        int a1 = a0 + kl;
        int a2 = a1 + kl;
        int a3 = a2 + kl;
        for (int h = 0; h < LANES; h += VL) {
            DoubleVector c00 = DoubleVector.fromArray(S, acc, a0 + h);
            DoubleVector c01 = DoubleVector.fromArray(S, acc, a0 + LANES + h);
            DoubleVector c10 = DoubleVector.fromArray(S, acc, a1 + h);
            DoubleVector c11 = DoubleVector.fromArray(S, acc, a1 + LANES + h);
            DoubleVector c20 = DoubleVector.fromArray(S, acc, a2 + h);
            DoubleVector c21 = DoubleVector.fromArray(S, acc, a2 + LANES + h);
            DoubleVector c30 = DoubleVector.fromArray(S, acc, a3 + h);
            DoubleVector c31 = DoubleVector.fromArray(S, acc, a3 + LANES + h);
            int o = b0 * kl + j * LANES + h;
            int di = d0 + h;
            for (int b = b0; b < b1; b++) {
                DoubleVector x0 = DoubleVector.fromArray(S, panel, o);
                DoubleVector x1 = DoubleVector.fromArray(S, panel, o + LANES);
                DoubleVector dd = DoubleVector.fromArray(S, d, di);
                c00 = x0.fma(dd, c00);
                c01 = x1.fma(dd, c01);
                dd = DoubleVector.fromArray(S, d, di + rows);
                c10 = x0.fma(dd, c10);
                c11 = x1.fma(dd, c11);
                dd = DoubleVector.fromArray(S, d, di + 2 * rows);
                c20 = x0.fma(dd, c20);
                c21 = x1.fma(dd, c21);
                dd = DoubleVector.fromArray(S, d, di + 3 * rows);
                c30 = x0.fma(dd, c30);
                c31 = x1.fma(dd, c31);
                o += kl;
                di += LANES;
            }
            c00.intoArray(acc, a0 + h);
            c01.intoArray(acc, a0 + LANES + h);
            c10.intoArray(acc, a1 + h);
            c11.intoArray(acc, a1 + LANES + h);
            c20.intoArray(acc, a2 + h);
            c21.intoArray(acc, a2 + LANES + h);
            c30.intoArray(acc, a3 + h);
            c31.intoArray(acc, a3 + LANES + h);
        }
    }

    /** As {@link #gradient4x2}, three columns: 12 accumulators, 3 panel vectors, one ℓ' vector. */
    private static void gradient4x3(double[] panel, int k, int b0, int b1, double[] d, int d0, int rows,
                                    double[] acc, int t, int j) {
        int kl = k * LANES;
        int a0 = (t * k + j) * LANES;
        int a1 = a0 + kl;
        int a2 = a1 + kl;
        int a3 = a2 + kl;
        for (int h = 0; h < LANES; h += VL) {
            DoubleVector c00 = DoubleVector.fromArray(S, acc, a0 + h);
            DoubleVector c01 = DoubleVector.fromArray(S, acc, a0 + LANES + h);
            DoubleVector c02 = DoubleVector.fromArray(S, acc, a0 + 2 * LANES + h);
            DoubleVector c10 = DoubleVector.fromArray(S, acc, a1 + h);
            DoubleVector c11 = DoubleVector.fromArray(S, acc, a1 + LANES + h);
            DoubleVector c12 = DoubleVector.fromArray(S, acc, a1 + 2 * LANES + h);
            DoubleVector c20 = DoubleVector.fromArray(S, acc, a2 + h);
            DoubleVector c21 = DoubleVector.fromArray(S, acc, a2 + LANES + h);
            DoubleVector c22 = DoubleVector.fromArray(S, acc, a2 + 2 * LANES + h);
            DoubleVector c30 = DoubleVector.fromArray(S, acc, a3 + h);
            DoubleVector c31 = DoubleVector.fromArray(S, acc, a3 + LANES + h);
            DoubleVector c32 = DoubleVector.fromArray(S, acc, a3 + 2 * LANES + h);
            int o = b0 * kl + j * LANES + h;
            int di = d0 + h;
            for (int b = b0; b < b1; b++) {
                DoubleVector x0 = DoubleVector.fromArray(S, panel, o);
                DoubleVector x1 = DoubleVector.fromArray(S, panel, o + LANES);
                DoubleVector x2 = DoubleVector.fromArray(S, panel, o + 2 * LANES);
                DoubleVector dd = DoubleVector.fromArray(S, d, di);
                c00 = x0.fma(dd, c00);
                c01 = x1.fma(dd, c01);
                c02 = x2.fma(dd, c02);
                dd = DoubleVector.fromArray(S, d, di + rows);
                c10 = x0.fma(dd, c10);
                c11 = x1.fma(dd, c11);
                c12 = x2.fma(dd, c12);
                dd = DoubleVector.fromArray(S, d, di + 2 * rows);
                c20 = x0.fma(dd, c20);
                c21 = x1.fma(dd, c21);
                c22 = x2.fma(dd, c22);
                dd = DoubleVector.fromArray(S, d, di + 3 * rows);
                c30 = x0.fma(dd, c30);
                c31 = x1.fma(dd, c31);
                c32 = x2.fma(dd, c32);
                o += kl;
                di += LANES;
            }
            c00.intoArray(acc, a0 + h);
            c01.intoArray(acc, a0 + LANES + h);
            c02.intoArray(acc, a0 + 2 * LANES + h);
            c10.intoArray(acc, a1 + h);
            c11.intoArray(acc, a1 + LANES + h);
            c12.intoArray(acc, a1 + 2 * LANES + h);
            c20.intoArray(acc, a2 + h);
            c21.intoArray(acc, a2 + LANES + h);
            c22.intoArray(acc, a2 + 2 * LANES + h);
            c30.intoArray(acc, a3 + h);
            c31.intoArray(acc, a3 + LANES + h);
            c32.intoArray(acc, a3 + 2 * LANES + h);
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
        int v0 = b0 * PER_PANEL;
        int v1 = b1 * PER_PANEL;
        int rows = (v1 - v0) * VL;
        double[] eta = buffer(4 * rows);
        boolean needed = g.family != GlmKernel.Family.NORMAL;   // w = 1 there: no predictors needed
        for (int c = from; c < to; c += 4) {
            int m = Math.min(4, to - c);
            if (needed && m == 4) {
                predictorsOfFour(g.panel, k, points, c * stride, stride, v0, v1, eta, 0, rows);
            } else if (needed) {
                for (int q = 0; q < m; q++) {
                    predictorsInto(g.panel, k, points, (c + q) * stride, v0, v1, eta, q * rows);
                }
            }
            for (int q = 0; q < m; q++) {   // the points' weights added in their order
                familyInto(g, v0 * VL, rows, 0, null, eta, needed ? q * rows : 0, wsum, false);
            }
        }
    }

    /**
     * As {@link #predictorsOfTwo} for four points (β at {@code po}, {@code po + stride}, …): sixteen
     * chains, or eight where the registers are few ({@link #NARROW}).
     */
    private static void predictorsOfFour(double[] panel, int k, double[] points, int po, int stride, int v0, int v1,
                                         double[] eta, int at, int rows) {
        int pa = po;
        int pb = po + stride;
        int pc = po + 2 * stride;
        int pd = po + 3 * stride;
        int v = v0;
        if (NARROW) {   // four points × two vectors: 8 accumulators, 2 loads and a broadcast
            for (; v + 2 <= v1; v += 2) {
                int o0 = offset(v, k);
                int o1 = offset(v + 1, k);
                DoubleVector a0 = DoubleVector.zero(S);
                DoubleVector a1 = a0;
                DoubleVector b0 = a0;
                DoubleVector b1 = a0;
                DoubleVector c0 = a0;
                DoubleVector c1 = a0;
                DoubleVector d0 = a0;
                DoubleVector d1 = a0;
                for (int j = 0; j < k; j++) {
                    int jo = j * LANES;
                    DoubleVector x0 = DoubleVector.fromArray(S, panel, o0 + jo);
                    DoubleVector x1 = DoubleVector.fromArray(S, panel, o1 + jo);
                    DoubleVector w = DoubleVector.broadcast(S, points[pa + j]);
                    a0 = x0.fma(w, a0);
                    a1 = x1.fma(w, a1);
                    w = DoubleVector.broadcast(S, points[pb + j]);
                    b0 = x0.fma(w, b0);
                    b1 = x1.fma(w, b1);
                    w = DoubleVector.broadcast(S, points[pc + j]);
                    c0 = x0.fma(w, c0);
                    c1 = x1.fma(w, c1);
                    w = DoubleVector.broadcast(S, points[pd + j]);
                    d0 = x0.fma(w, d0);
                    d1 = x1.fma(w, d1);
                }
                int di = at + (v - v0) * VL;
                a0.intoArray(eta, di);
                a1.intoArray(eta, di + VL);
                di += rows;
                b0.intoArray(eta, di);
                b1.intoArray(eta, di + VL);
                di += rows;
                c0.intoArray(eta, di);
                c1.intoArray(eta, di + VL);
                di += rows;
                d0.intoArray(eta, di);
                d1.intoArray(eta, di + VL);
            }
        }
        for (; v + 4 <= v1; v += 4) {
            int o0 = offset(v, k);
            int o1 = offset(v + 1, k);
            int o2 = offset(v + 2, k);
            int o3 = offset(v + 3, k);
            DoubleVector a0 = DoubleVector.zero(S);
            DoubleVector a1 = a0;
            DoubleVector a2 = a0;
            DoubleVector a3 = a0;
            DoubleVector b0 = a0;
            DoubleVector b1 = a0;
            DoubleVector b2 = a0;
            DoubleVector b3 = a0;
            DoubleVector c0 = a0;
            DoubleVector c1 = a0;
            DoubleVector c2 = a0;
            DoubleVector c3 = a0;
            DoubleVector d0 = a0;
            DoubleVector d1 = a0;
            DoubleVector d2 = a0;
            DoubleVector d3 = a0;
            for (int j = 0; j < k; j++) {
                int jo = j * LANES;
                DoubleVector x0 = DoubleVector.fromArray(S, panel, o0 + jo);
                DoubleVector x1 = DoubleVector.fromArray(S, panel, o1 + jo);
                DoubleVector x2 = DoubleVector.fromArray(S, panel, o2 + jo);
                DoubleVector x3 = DoubleVector.fromArray(S, panel, o3 + jo);
                DoubleVector w = DoubleVector.broadcast(S, points[pa + j]);
                a0 = x0.fma(w, a0);
                a1 = x1.fma(w, a1);
                a2 = x2.fma(w, a2);
                a3 = x3.fma(w, a3);
                w = DoubleVector.broadcast(S, points[pb + j]);
                b0 = x0.fma(w, b0);
                b1 = x1.fma(w, b1);
                b2 = x2.fma(w, b2);
                b3 = x3.fma(w, b3);
                w = DoubleVector.broadcast(S, points[pc + j]);
                c0 = x0.fma(w, c0);
                c1 = x1.fma(w, c1);
                c2 = x2.fma(w, c2);
                c3 = x3.fma(w, c3);
                w = DoubleVector.broadcast(S, points[pd + j]);
                d0 = x0.fma(w, d0);
                d1 = x1.fma(w, d1);
                d2 = x2.fma(w, d2);
                d3 = x3.fma(w, d3);
            }
            int di = at + (v - v0) * VL;
            a0.intoArray(eta, di);
            a1.intoArray(eta, di + VL);
            a2.intoArray(eta, di + 2 * VL);
            a3.intoArray(eta, di + 3 * VL);
            di += rows;
            b0.intoArray(eta, di);
            b1.intoArray(eta, di + VL);
            b2.intoArray(eta, di + 2 * VL);
            b3.intoArray(eta, di + 3 * VL);
            di += rows;
            c0.intoArray(eta, di);
            c1.intoArray(eta, di + VL);
            c2.intoArray(eta, di + 2 * VL);
            c3.intoArray(eta, di + 3 * VL);
            di += rows;
            d0.intoArray(eta, di);
            d1.intoArray(eta, di + VL);
            d2.intoArray(eta, di + 2 * VL);
            d3.intoArray(eta, di + 3 * VL);
        }
        for (; v < v1; v++) {
            int di = at + (v - v0) * VL;
            for (int q = 0; q < 4; q++) {
                predictors(panel, offset(v, k), k, points, po + q * stride).intoArray(eta, di + q * rows);
            }
        }
    }

    /**
     * The predictors of two points (β at {@code pa} and {@code pb}) for vectors {@code [v0, v1)}
     * into {@code eta[at + (v - v0) * VL …]} and {@code eta[at + rows + …]}: eight chains at a
     * time (four vectors × two points, each panel load serving both), each chain in the order of j.
     */
    private static void predictorsOfTwo(double[] panel, int k, double[] points, int pa, int pb, int v0, int v1,
                                        double[] eta, int at, int rows) {
        int v = v0;
        for (; v + 4 <= v1; v += 4) {
            int o0 = offset(v, k);
            int o1 = offset(v + 1, k);
            int o2 = offset(v + 2, k);
            int o3 = offset(v + 3, k);
            DoubleVector a0 = DoubleVector.zero(S);
            DoubleVector a1 = a0;
            DoubleVector a2 = a0;
            DoubleVector a3 = a0;
            DoubleVector b0 = a0;
            DoubleVector b1 = a0;
            DoubleVector b2 = a0;
            DoubleVector b3 = a0;
            for (int j = 0; j < k; j++) {
                DoubleVector ba = DoubleVector.broadcast(S, points[pa + j]);
                DoubleVector bb = DoubleVector.broadcast(S, points[pb + j]);
                int jo = j * LANES;
                DoubleVector x0 = DoubleVector.fromArray(S, panel, o0 + jo);
                DoubleVector x1 = DoubleVector.fromArray(S, panel, o1 + jo);
                DoubleVector x2 = DoubleVector.fromArray(S, panel, o2 + jo);
                DoubleVector x3 = DoubleVector.fromArray(S, panel, o3 + jo);
                a0 = x0.fma(ba, a0);
                a1 = x1.fma(ba, a1);
                a2 = x2.fma(ba, a2);
                a3 = x3.fma(ba, a3);
                b0 = x0.fma(bb, b0);
                b1 = x1.fma(bb, b1);
                b2 = x2.fma(bb, b2);
                b3 = x3.fma(bb, b3);
            }
            int di = at + (v - v0) * VL;
            a0.intoArray(eta, di);
            a1.intoArray(eta, di + VL);
            a2.intoArray(eta, di + 2 * VL);
            a3.intoArray(eta, di + 3 * VL);
            b0.intoArray(eta, di + rows);
            b1.intoArray(eta, di + rows + VL);
            b2.intoArray(eta, di + rows + 2 * VL);
            b3.intoArray(eta, di + rows + 3 * VL);
        }
        for (; v < v1; v++) {
            int di = at + (v - v0) * VL;
            predictors(panel, offset(v, k), k, points, pa).intoArray(eta, di);
            predictors(panel, offset(v, k), k, points, pb).intoArray(eta, di + rows);
        }
    }

    /** The predictors of vectors {@code [v0, v1)} into {@code eta[(v - v0) * VL …]}, four chains at a time. */
    private static void predictorsInto(double[] panel, int k, double[] points, int po, int v0, int v1, double[] eta, int at) {
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
            int di = at + (v - v0) * VL;
            e0.intoArray(eta, di);
            e1.intoArray(eta, di + VL);
            e2.intoArray(eta, di + 2 * VL);
            e3.intoArray(eta, di + 3 * VL);
        }
        for (; v < v1; v++) {
            predictors(panel, offset(v, k), k, points, po).intoArray(eta, at + (v - v0) * VL);
        }
    }

    /**
     * The lower triangle in tiles of 4 × 4 entries whose accumulators stay in registers over the
     * panels {@code [b0, b1)} (each entry still sums the panels in order: the scalar path's
     * numbers); the entries outside full tiles one at a time.
     */
    @Override
    public void gram(GlmKernel g, double[] v, int b0, int b1, double[] acc) {
        int k = g.k;
        double[] panel = g.panel;
        int full = k / 4 * 4;
        for (int h = 0; h < LANES; h += VL) {
            for (int a0 = 0; a0 < full; a0 += 4) {
                for (int c0 = 0; c0 <= a0; c0 += 4) {
                    gramTile(panel, k, v, b0, b1, h, a0, c0, acc);
                }
            }
            for (int a = 0; a < k; a++) {
                int ro = a * (a + 1) / 2;
                for (int c = 0; c <= a; c++) {
                    if (a < full && c < full) {
                        continue;   // in a tile
                    }
                    int ai = (ro + c) * LANES + h;
                    DoubleVector s = DoubleVector.fromArray(S, acc, ai);
                    for (int b = b0; b < b1; b++) {
                        int base = b * k * LANES + h;
                        DoubleVector u = DoubleVector.fromArray(S, v, b * LANES + h).mul(DoubleVector.fromArray(S, panel, base + a * LANES));
                        s = u.fma(DoubleVector.fromArray(S, panel, base + c * LANES), s);
                    }
                    s.intoArray(acc, ai);
                }
            }
        }
    }

    /** Entries (a0 + i, c0 + j), i, j < 4, of the lower triangle (those with c > a in a diagonal tile are computed and dropped). */
    private static void gramTile(double[] panel, int k, double[] v, int b0, int b1, int h, int a0, int c0, double[] acc) {
        int[] idx = new int[16];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                int a = a0 + i;
                int c = c0 + j;
                idx[i * 4 + j] = c <= a ? ((a * (a + 1) / 2 + c) * LANES + h) : -1;
            }
        }
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector s00 = load(acc, idx[0], z), s01 = load(acc, idx[1], z), s02 = load(acc, idx[2], z), s03 = load(acc, idx[3], z);
        DoubleVector s10 = load(acc, idx[4], z), s11 = load(acc, idx[5], z), s12 = load(acc, idx[6], z), s13 = load(acc, idx[7], z);
        DoubleVector s20 = load(acc, idx[8], z), s21 = load(acc, idx[9], z), s22 = load(acc, idx[10], z), s23 = load(acc, idx[11], z);
        DoubleVector s30 = load(acc, idx[12], z), s31 = load(acc, idx[13], z), s32 = load(acc, idx[14], z), s33 = load(acc, idx[15], z);
        for (int b = b0; b < b1; b++) {
            int base = b * k * LANES + h;
            DoubleVector w = DoubleVector.fromArray(S, v, b * LANES + h);
            DoubleVector u0 = w.mul(DoubleVector.fromArray(S, panel, base + a0 * LANES));
            DoubleVector u1 = w.mul(DoubleVector.fromArray(S, panel, base + (a0 + 1) * LANES));
            DoubleVector u2 = w.mul(DoubleVector.fromArray(S, panel, base + (a0 + 2) * LANES));
            DoubleVector u3 = w.mul(DoubleVector.fromArray(S, panel, base + (a0 + 3) * LANES));
            DoubleVector x0 = DoubleVector.fromArray(S, panel, base + c0 * LANES);
            DoubleVector x1 = DoubleVector.fromArray(S, panel, base + (c0 + 1) * LANES);
            DoubleVector x2 = DoubleVector.fromArray(S, panel, base + (c0 + 2) * LANES);
            DoubleVector x3 = DoubleVector.fromArray(S, panel, base + (c0 + 3) * LANES);
            s00 = u0.fma(x0, s00);
            s01 = u0.fma(x1, s01);
            s02 = u0.fma(x2, s02);
            s03 = u0.fma(x3, s03);
            s10 = u1.fma(x0, s10);
            s11 = u1.fma(x1, s11);
            s12 = u1.fma(x2, s12);
            s13 = u1.fma(x3, s13);
            s20 = u2.fma(x0, s20);
            s21 = u2.fma(x1, s21);
            s22 = u2.fma(x2, s22);
            s23 = u2.fma(x3, s23);
            s30 = u3.fma(x0, s30);
            s31 = u3.fma(x1, s31);
            s32 = u3.fma(x2, s32);
            s33 = u3.fma(x3, s33);
        }
        store(s00, acc, idx[0]);
        store(s01, acc, idx[1]);
        store(s02, acc, idx[2]);
        store(s03, acc, idx[3]);
        store(s10, acc, idx[4]);
        store(s11, acc, idx[5]);
        store(s12, acc, idx[6]);
        store(s13, acc, idx[7]);
        store(s20, acc, idx[8]);
        store(s21, acc, idx[9]);
        store(s22, acc, idx[10]);
        store(s23, acc, idx[11]);
        store(s30, acc, idx[12]);
        store(s31, acc, idx[13]);
        store(s32, acc, idx[14]);
        store(s33, acc, idx[15]);
    }

    private static DoubleVector load(double[] acc, int i, DoubleVector zero) {
        return i < 0 ? zero : DoubleVector.fromArray(S, acc, i);
    }

    private static void store(DoubleVector s, double[] acc, int i) {
        if (i >= 0) {
            s.intoArray(acc, i);
        }
    }

    private static DoubleVector predictors(double[] panel, int o, int k, double[] points, int po) {
        DoubleVector eta = DoubleVector.zero(S);
        for (int j = 0; j < k; j++) {
            eta = DoubleVector.fromArray(S, panel, o + j * LANES).fma(DoubleVector.broadcast(S, points[po + j]), eta);
        }
        return eta;
    }

    /** {@link GlmKernel#exp} of {@code x[0 … n)} into {@code out} (n a multiple of the vector length). */
    static void exp(double[] x, int n, double[] out) {
        expPass(x, 0, n, false, out);
    }

    /** {@link GlmKernel#log1pUnit} of {@code t[0 … n)} into {@code out}. */
    static void log1p(double[] t, int n, double[] out) {
        log1pPass(t, n, out);
    }
}

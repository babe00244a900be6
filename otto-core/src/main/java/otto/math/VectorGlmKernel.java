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

    @Override
    public void accumulate(GlmKernel g, double[] points, int stride, int from, int to, int b0, int b1,
                           double[] ll8, double[] acc) {
        int k = g.k;
        double[] panel = g.panel;
        for (int c = from; c < to; c++) {
            int po = c * stride;
            int t = c - from;
            int ao = t * k * LANES;
            for (int b = b0; b < b1; b++) {
                int base = b * k * LANES;
                for (int h = 0; h < LANES; h += VL) {
                    DoubleVector eta = predictors(panel, base + h, k, points, po);
                    int row = b * LANES + h;
                    DoubleVector m = DoubleVector.fromArray(S, g.mask, row);
                    DoubleVector y = DoubleVector.fromArray(S, g.y, row);
                    DoubleVector d;
                    DoubleVector term;
                    switch (g.family) {
                        case BERNOULLI_LOGIT -> {
                            DoubleVector tt = exp(eta.abs().neg());
                            DoubleVector q = DoubleVector.broadcast(S, 1.0).div(tt.add(1.0));
                            DoubleVector p = tt.mul(q).blend(q, eta.compare(VectorOperators.GE, 0.0));
                            DoubleVector ns = DoubleVector.fromArray(S, g.negSign, row);
                            term = ns.mul(eta).max(0.0).add(log1pUnit(tt)).neg().mul(m);
                            d = y.sub(p).mul(m);
                        }
                        case POISSON_LOG -> {
                            DoubleVector mu = exp(eta);
                            term = y.mul(eta).sub(mu).mul(m);
                            d = y.sub(mu).mul(m);
                        }
                        case NORMAL -> {
                            DoubleVector r = y.sub(eta);
                            term = r.mul(-0.5).mul(r).mul(m);
                            d = r.mul(m);
                        }
                        default -> throw new IllegalStateException(g.family.toString());
                    }
                    int li = t * LANES + h;
                    DoubleVector.fromArray(S, ll8, li).add(term).intoArray(ll8, li);
                    for (int j = 0; j < k; j++) {
                        int a = ao + j * LANES + h;
                        DoubleVector.fromArray(S, panel, base + j * LANES + h).fma(d, DoubleVector.fromArray(S, acc, a))
                                .intoArray(acc, a);
                    }
                }
            }
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
        double[] c = GlmKernel.EXP_TAYLOR;
        DoubleVector p = DoubleVector.broadcast(S, c[13]);
        for (int j = 12; j >= 0; j--) {
            p = p.fma(r, DoubleVector.broadcast(S, c[j]));
        }
        LongVector bits = kd.reinterpretAsLongs().add(GlmKernel.EXPONENT_OFFSET).lanewise(VectorOperators.LSHL, 52);
        DoubleVector v = p.mul(bits.reinterpretAsDoubles());
        VectorMask<Double> over = x.compare(VectorOperators.GT, GlmKernel.EXP_MAX);
        return v.blend(Double.POSITIVE_INFINITY, over);
    }

    /** {@link GlmKernel#log1pUnit}, lane-wise. */
    static DoubleVector log1pUnit(DoubleVector t) {
        DoubleVector s = t.div(t.add(2.0));
        DoubleVector z = s.mul(s);
        double[] c = GlmKernel.ATANH_SERIES;
        DoubleVector p = DoubleVector.broadcast(S, c[15]);
        for (int j = 14; j >= 0; j--) {
            p = p.fma(z, DoubleVector.broadcast(S, c[j]));
        }
        return s.mul(2.0).mul(p);
    }
}

package otto.math;

import static otto.math.GlmKernel.LANES;

/** The plain-Java loops of {@link GlmKernel}: the reference order of operations. */
final class ScalarGlmKernel implements GlmKernel.Impl {
    @Override
    public String name() {
        return "scalar";
    }

    /**
     * Points two at a time: their predictors (sixteen chains, each panel load serving both), then
     * each one's family as passes over the group's rows (each pass a loop of independent
     * iterations, which the processor overlaps: written per row, the polynomials' chains of
     * dependent operations left it waiting), then both points' gradient sums, each column's
     * sixteen lane sums kept in registers across the group's panels (in the order of the panels,
     * as every path adds them).
     */
    @Override
    public void accumulate(GlmKernel g, double[] points, int stride, int from, int to, int b0, int b1,
                           double[] ll8, double[] acc) {
        int k = g.k;
        double[] panel = g.panel;
        int rows = (b1 - b0) * LANES;
        double[] e = new double[2 * rows];
        double[] d = new double[2 * rows];
        double[] term = new double[rows];
        double[] s1 = new double[rows];
        double[] s2 = new double[rows];
        for (int c = from; c < to; c += 2) {
            int po = c * stride;
            int t = c - from;
            boolean pair = c + 1 < to;
            for (int b = b0; b < b1; b++) {
                int r = (b - b0) * LANES;
                if (pair) {
                    predictorsOfTwo(panel, b * k * LANES, k, points, po, po + stride, e, r, rows);
                } else {
                    predictors(panel, b * k * LANES, k, points, po, e, r);
                }
            }
            for (int q = 0; q < (pair ? 2 : 1); q++) {
                familyPasses(g, b0 * LANES, rows, e, q * rows, acc == null ? null : d, term, s1, s2);
                int lo = (t + q) * LANES;
                for (int i = 0; i < rows; i++) {
                    ll8[lo + (i & (LANES - 1))] += term[i];
                }
            }
            if (acc == null) {
                continue;
            }
            for (int j = 0; j < k; j++) {
                if (pair) {
                    gradientOfTwo(panel, k, j, b0, b1, d, rows, acc, (t * k + j) * LANES, ((t + 1) * k + j) * LANES);
                } else {
                    gradient(panel, k, j, b0, b1, d, acc, (t * k + j) * LANES);
                }
            }
        }
    }

    /** {@code acc[a + l] += Σ_b X[8b + l][j] d[8(b - b0) + l]}, b in order, in registers. */
    private static void gradient(double[] panel, int k, int j, int b0, int b1, double[] d, double[] acc, int a) {
        double c0 = acc[a];
        double c1 = acc[a + 1];
        double c2 = acc[a + 2];
        double c3 = acc[a + 3];
        double c4 = acc[a + 4];
        double c5 = acc[a + 5];
        double c6 = acc[a + 6];
        double c7 = acc[a + 7];
        for (int b = b0; b < b1; b++) {
            int o = (b * k + j) * LANES;
            int r = (b - b0) * LANES;
            c0 = Math.fma(panel[o], d[r], c0);
            c1 = Math.fma(panel[o + 1], d[r + 1], c1);
            c2 = Math.fma(panel[o + 2], d[r + 2], c2);
            c3 = Math.fma(panel[o + 3], d[r + 3], c3);
            c4 = Math.fma(panel[o + 4], d[r + 4], c4);
            c5 = Math.fma(panel[o + 5], d[r + 5], c5);
            c6 = Math.fma(panel[o + 6], d[r + 6], c6);
            c7 = Math.fma(panel[o + 7], d[r + 7], c7);
        }
        acc[a] = c0;
        acc[a + 1] = c1;
        acc[a + 2] = c2;
        acc[a + 3] = c3;
        acc[a + 4] = c4;
        acc[a + 5] = c5;
        acc[a + 6] = c6;
        acc[a + 7] = c7;
    }

    /** {@link #gradient} for two points, whose ℓ' are at {@code d[0 …]} and {@code d[second …]}, sharing the panel loads. */
    private static void gradientOfTwo(double[] panel, int k, int j, int b0, int b1, double[] d, int second,
                                      double[] acc, int a, int a2) {
        double c0 = acc[a];
        double c1 = acc[a + 1];
        double c2 = acc[a + 2];
        double c3 = acc[a + 3];
        double c4 = acc[a + 4];
        double c5 = acc[a + 5];
        double c6 = acc[a + 6];
        double c7 = acc[a + 7];
        double f0 = acc[a2];
        double f1 = acc[a2 + 1];
        double f2 = acc[a2 + 2];
        double f3 = acc[a2 + 3];
        double f4 = acc[a2 + 4];
        double f5 = acc[a2 + 5];
        double f6 = acc[a2 + 6];
        double f7 = acc[a2 + 7];
        for (int b = b0; b < b1; b++) {
            int o = (b * k + j) * LANES;
            int r = (b - b0) * LANES;
            int u = r + second;
            double x0 = panel[o];
            double x1 = panel[o + 1];
            double x2 = panel[o + 2];
            double x3 = panel[o + 3];
            double x4 = panel[o + 4];
            double x5 = panel[o + 5];
            double x6 = panel[o + 6];
            double x7 = panel[o + 7];
            c0 = Math.fma(x0, d[r], c0);
            c1 = Math.fma(x1, d[r + 1], c1);
            c2 = Math.fma(x2, d[r + 2], c2);
            c3 = Math.fma(x3, d[r + 3], c3);
            c4 = Math.fma(x4, d[r + 4], c4);
            c5 = Math.fma(x5, d[r + 5], c5);
            c6 = Math.fma(x6, d[r + 6], c6);
            c7 = Math.fma(x7, d[r + 7], c7);
            f0 = Math.fma(x0, d[u], f0);
            f1 = Math.fma(x1, d[u + 1], f1);
            f2 = Math.fma(x2, d[u + 2], f2);
            f3 = Math.fma(x3, d[u + 3], f3);
            f4 = Math.fma(x4, d[u + 4], f4);
            f5 = Math.fma(x5, d[u + 5], f5);
            f6 = Math.fma(x6, d[u + 6], f6);
            f7 = Math.fma(x7, d[u + 7], f7);
        }
        acc[a] = c0;
        acc[a + 1] = c1;
        acc[a + 2] = c2;
        acc[a + 3] = c3;
        acc[a + 4] = c4;
        acc[a + 5] = c5;
        acc[a + 6] = c6;
        acc[a + 7] = c7;
        acc[a2] = f0;
        acc[a2 + 1] = f1;
        acc[a2 + 2] = f2;
        acc[a2 + 3] = f3;
        acc[a2 + 4] = f4;
        acc[a2 + 5] = f5;
        acc[a2 + 6] = f6;
        acc[a2 + 7] = f7;
    }

    /**
     * ℓ into {@code term[i]} and (when non-null) ℓ' into {@code d[at + i]} for the rows
     * {@code row + i} whose predictors are in {@code e[at + i]}; the same operations as
     * {@link #family}, pass by pass.
     */
    private static void familyPasses(GlmKernel g, int row, int n, double[] e, int at, double[] d, double[] term,
                                     double[] s1, double[] s2) {
        double[] mask = g.mask;
        double[] y = g.y;
        switch (g.family) {
            case BERNOULLI_LOGIT -> {
                expPasses(e, at, n, true, s1, s2);                                // t
                for (int i = 0; i < n; i++) {
                    double t = s1[i];
                    double a = 1.0 + t;
                    double b = 2.0 + t;
                    double r = 1.0 / (a * b);
                    s2[i] = b * r;                                           // q
                    term[i] = GlmKernel.log1pOfRatio(t * (a * r));           // log1p t, for now
                }
                double[] ns = g.negSign;
                for (int i = 0; i < n; i++) {
                    int ri = row + i;
                    double m = mask[ri];
                    term[i] = -(GlmKernel.positivePart(ns[ri] * e[at + i]) + term[i]) * m;
                    if (d != null) {
                        double q = s2[i];
                        double p = GlmKernel.select(e[at + i], s1[i] * q, q);
                        d[at + i] = (y[ri] - p) * m;
                    }
                }
            }
            case POISSON_LOG -> {
                expPasses(e, at, n, false, s1, s2);
                for (int i = 0; i < n; i++) {
                    int ri = row + i;
                    double m = mask[ri];
                    double mu = s1[i];
                    term[i] = (y[ri] * e[at + i] - mu) * m;
                    if (d != null) {
                        d[at + i] = (y[ri] - mu) * m;
                    }
                }
            }
            case NORMAL -> {
                for (int i = 0; i < n; i++) {
                    int ri = row + i;
                    double m = mask[ri];
                    double r = y[ri] - e[at + i];
                    term[i] = -0.5 * r * r * m;
                    if (d != null) {
                        d[at + i] = r * m;
                    }
                }
            }
            default -> throw new IllegalStateException(g.family.toString());
        }
    }

    /**
     * {@link GlmKernel#exp} of {@code x[at + i]} (of {@code -|x[at + i]|} when {@code negAbs}) into
     * {@code out[i]}, {@code i < n}, by the same operations split into three loops: the clamps (on
     * the bits), the reduction and polynomial (arithmetic only, which C2 turns into vector
     * instructions), and the scaling by {@code 2^k} with the NaN mask (on the bits). {@code tmp}
     * holds the reduced arguments' {@code k} between the loops.
     */
    private static void expPasses(double[] x, int at, int n, boolean negAbs, double[] out, double[] tmp) {
        for (int i = 0; i < n; i++) {
            double v = negAbs ? -Math.abs(x[at + i]) : x[at + i];
            double xc = GlmKernel.select(v - GlmKernel.EXP_MIN, GlmKernel.EXP_MIN, v);
            out[i] = GlmKernel.select(GlmKernel.EXP_MAX - xc, GlmKernel.EXP_MAX, xc);
        }
        for (int i = 0; i < n; i++) {
            double xc = out[i];
            double kd = Math.fma(xc, GlmKernel.LOG2E, GlmKernel.SHIFT);
            double kk = kd - GlmKernel.SHIFT;
            double r = Math.fma(kk, -GlmKernel.LN2_HI, xc);
            r = Math.fma(kk, -GlmKernel.LN2_LO, r);
            out[i] = GlmKernel.expPolynomial(r);
            tmp[i] = kd;
        }
        for (int i = 0; i < n; i++) {
            long xb = Double.doubleToRawLongBits(negAbs ? -Math.abs(x[at + i]) : x[at + i]);
            double scale = Double.longBitsToDouble((Double.doubleToRawLongBits(tmp[i]) + GlmKernel.EXPONENT_OFFSET) << 52);
            out[i] = Double.longBitsToDouble(Double.doubleToRawLongBits(out[i] * scale) | GlmKernel.nanMask(xb));
        }
    }

    @Override
    public void weights(GlmKernel g, double[] points, int stride, int from, int to, int b0, int b1, double[] wsum) {
        int k = g.k;
        double[] eta = new double[LANES];
        double[] w = new double[LANES];
        for (int c = from; c < to; c++) {
            for (int b = b0; b < b1; b++) {
                predictors(g.panel, b * k * LANES, k, points, c * stride, eta, 0);
                family(g, b * LANES, eta, null, null, w);
                for (int l = 0; l < LANES; l++) {
                    wsum[b * LANES + l] += w[l];
                }
            }
        }
    }

    @Override
    public void gram(GlmKernel g, double[] v, int b0, int b1, double[] acc) {
        int k = g.k;
        double[] panel = g.panel;
        double[] u = new double[LANES];
        for (int b = b0; b < b1; b++) {
            int base = b * k * LANES;
            for (int a = 0; a < k; a++) {
                for (int l = 0; l < LANES; l++) {
                    u[l] = v[b * LANES + l] * panel[base + a * LANES + l];
                }
                int ro = a * (a + 1) / 2;
                for (int c = 0; c <= a; c++) {
                    int o = base + c * LANES;
                    int ai = (ro + c) * LANES;
                    for (int l = 0; l < LANES; l++) {
                        acc[ai + l] = Math.fma(u[l], panel[o + l], acc[ai + l]);
                    }
                }
            }
        }
    }

    /** {@link #predictors} of two points at once into {@code out[at …]} and {@code out[at + second …]} (sixteen chains). */
    private static void predictorsOfTwo(double[] panel, int base, int k, double[] points, int pa, int pb, double[] out,
                                        int at, int second) {
        double a0 = 0.0;
        double a1 = 0.0;
        double a2 = 0.0;
        double a3 = 0.0;
        double a4 = 0.0;
        double a5 = 0.0;
        double a6 = 0.0;
        double a7 = 0.0;
        double b0 = 0.0;
        double b1 = 0.0;
        double b2 = 0.0;
        double b3 = 0.0;
        double b4 = 0.0;
        double b5 = 0.0;
        double b6 = 0.0;
        double b7 = 0.0;
        for (int j = 0; j < k; j++) {
            double u = points[pa + j];
            double w = points[pb + j];
            int o = base + j * LANES;
            double x0 = panel[o];
            double x1 = panel[o + 1];
            double x2 = panel[o + 2];
            double x3 = panel[o + 3];
            double x4 = panel[o + 4];
            double x5 = panel[o + 5];
            double x6 = panel[o + 6];
            double x7 = panel[o + 7];
            a0 = Math.fma(x0, u, a0);
            a1 = Math.fma(x1, u, a1);
            a2 = Math.fma(x2, u, a2);
            a3 = Math.fma(x3, u, a3);
            a4 = Math.fma(x4, u, a4);
            a5 = Math.fma(x5, u, a5);
            a6 = Math.fma(x6, u, a6);
            a7 = Math.fma(x7, u, a7);
            b0 = Math.fma(x0, w, b0);
            b1 = Math.fma(x1, w, b1);
            b2 = Math.fma(x2, w, b2);
            b3 = Math.fma(x3, w, b3);
            b4 = Math.fma(x4, w, b4);
            b5 = Math.fma(x5, w, b5);
            b6 = Math.fma(x6, w, b6);
            b7 = Math.fma(x7, w, b7);
        }
        out[at] = a0;
        out[at + 1] = a1;
        out[at + 2] = a2;
        out[at + 3] = a3;
        out[at + 4] = a4;
        out[at + 5] = a5;
        out[at + 6] = a6;
        out[at + 7] = a7;
        int o = at + second;
        out[o] = b0;
        out[o + 1] = b1;
        out[o + 2] = b2;
        out[o + 3] = b3;
        out[o + 4] = b4;
        out[o + 5] = b5;
        out[o + 6] = b6;
        out[o + 7] = b7;
    }

    /** {@code η_l = Σ_j X[l][j] β_j}, j in order, for the panel at {@code base} (eight chains in registers) into {@code eta[at + l]}. */
    private static void predictors(double[] panel, int base, int k, double[] points, int po, double[] eta, int at) {
        double e0 = 0.0;
        double e1 = 0.0;
        double e2 = 0.0;
        double e3 = 0.0;
        double e4 = 0.0;
        double e5 = 0.0;
        double e6 = 0.0;
        double e7 = 0.0;
        for (int j = 0; j < k; j++) {
            double bj = points[po + j];
            int o = base + j * LANES;
            e0 = Math.fma(panel[o], bj, e0);
            e1 = Math.fma(panel[o + 1], bj, e1);
            e2 = Math.fma(panel[o + 2], bj, e2);
            e3 = Math.fma(panel[o + 3], bj, e3);
            e4 = Math.fma(panel[o + 4], bj, e4);
            e5 = Math.fma(panel[o + 5], bj, e5);
            e6 = Math.fma(panel[o + 6], bj, e6);
            e7 = Math.fma(panel[o + 7], bj, e7);
        }
        eta[at + 0] = e0;
        eta[at + 1] = e1;
        eta[at + 2] = e2;
        eta[at + 3] = e3;
        eta[at + 4] = e4;
        eta[at + 5] = e5;
        eta[at + 6] = e6;
        eta[at + 7] = e7;
    }

    /** The family at the panel's rows {@code row … row+7}: ℓ' into d, ℓ into term, -ℓ'' into w (each when non-null), masked. */
    private static void family(GlmKernel g, int row, double[] eta, double[] d, double[] term, double[] w) {
        double[] mask = g.mask;
        double[] y = g.y;
        switch (g.family) {
            case BERNOULLI_LOGIT -> {
                double[] ns = g.negSign;
                for (int l = 0; l < LANES; l++) {
                    int i = row + l;
                    double e = eta[l];
                    double m = mask[i];
                    double t = GlmKernel.exp(-Math.abs(e));
                    double q;
                    double lp = 0.0;
                    if (term != null) {
                        // one division serves q = 1/(1+t) and s = t/(2+t) (for log1p t)
                        double a = 1.0 + t;
                        double b = 2.0 + t;
                        double r = 1.0 / (a * b);
                        q = b * r;
                        lp = GlmKernel.log1pOfRatio(t * (a * r));
                    } else {
                        q = 1.0 / (1.0 + t);
                    }
                    // σ(η) = q for η ≥ 0, t q below, selected by the sign bit without a branch (η's sign
                    // is a coin flip: a branch would be mispredicted half the time); at η = -0 both are ½
                    double p = GlmKernel.select(e, t * q, q);
                    if (term != null) {
                        term[l] = -(GlmKernel.positivePart(ns[i] * e) + lp) * m;
                    }
                    if (d != null) {
                        d[l] = (y[i] - p) * m;
                    }
                    if (w != null) {
                        w[l] = t * q * q * m;
                    }
                }
            }
            case POISSON_LOG -> {
                for (int l = 0; l < LANES; l++) {
                    int i = row + l;
                    double e = eta[l];
                    double m = mask[i];
                    double mu = GlmKernel.exp(e);
                    if (term != null) {
                        term[l] = (y[i] * e - mu) * m;
                    }
                    if (d != null) {
                        d[l] = (y[i] - mu) * m;
                    }
                    if (w != null) {
                        w[l] = mu * m;
                    }
                }
            }
            case NORMAL -> {
                for (int l = 0; l < LANES; l++) {
                    int i = row + l;
                    double m = mask[i];
                    double r = y[i] - eta[l];
                    if (term != null) {
                        term[l] = -0.5 * r * r * m;
                    }
                    if (d != null) {
                        d[l] = r * m;
                    }
                    if (w != null) {
                        w[l] = m;
                    }
                }
            }
            default -> throw new IllegalStateException(g.family.toString());
        }
    }
}

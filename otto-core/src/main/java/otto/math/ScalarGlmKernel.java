package otto.math;

import static otto.math.GlmKernel.LANES;

/** The plain-Java loops of {@link GlmKernel}: the reference order of operations. */
final class ScalarGlmKernel implements GlmKernel.Impl {
    @Override
    public String name() {
        return "scalar";
    }

    /**
     * For each point: the predictors of the group's panels, then the family as passes over those
     * rows (each pass a loop of independent iterations, which the processor overlaps: written per
     * row, the polynomials' chains of dependent operations left it waiting), then the gradient sums.
     */
    @Override
    public void accumulate(GlmKernel g, double[] points, int stride, int from, int to, int b0, int b1,
                           double[] ll8, double[] acc) {
        int k = g.k;
        double[] panel = g.panel;
        int rows = (b1 - b0) * LANES;
        double[] eta = new double[LANES];
        double[] e = new double[rows];
        double[] d = new double[rows];
        double[] term = new double[rows];
        double[] s1 = new double[rows];
        double[] s2 = new double[rows];
        for (int c = from; c < to; c++) {
            int po = c * stride;
            int t = c - from;
            for (int b = b0; b < b1; b++) {
                predictors(panel, b * k * LANES, k, points, po, eta);
                System.arraycopy(eta, 0, e, (b - b0) * LANES, LANES);
            }
            familyPasses(g, b0 * LANES, rows, e, acc == null ? null : d, term, s1, s2);
            for (int i = 0; i < rows; i++) {
                ll8[t * LANES + (i & (LANES - 1))] += term[i];
            }
            if (acc == null) {
                continue;
            }
            int ao = t * k * LANES;
            for (int b = b0; b < b1; b++) {
                int base = b * k * LANES;
                int r = (b - b0) * LANES;
                double d0 = d[r];
                double d1 = d[r + 1];
                double d2 = d[r + 2];
                double d3 = d[r + 3];
                double d4 = d[r + 4];
                double d5 = d[r + 5];
                double d6 = d[r + 6];
                double d7 = d[r + 7];
                for (int j = 0; j < k; j++) {
                    int o = base + j * LANES;
                    int a = ao + j * LANES;
                    acc[a] = Math.fma(panel[o], d0, acc[a]);
                    acc[a + 1] = Math.fma(panel[o + 1], d1, acc[a + 1]);
                    acc[a + 2] = Math.fma(panel[o + 2], d2, acc[a + 2]);
                    acc[a + 3] = Math.fma(panel[o + 3], d3, acc[a + 3]);
                    acc[a + 4] = Math.fma(panel[o + 4], d4, acc[a + 4]);
                    acc[a + 5] = Math.fma(panel[o + 5], d5, acc[a + 5]);
                    acc[a + 6] = Math.fma(panel[o + 6], d6, acc[a + 6]);
                    acc[a + 7] = Math.fma(panel[o + 7], d7, acc[a + 7]);
                }
            }
        }
    }

    /**
     * ℓ into {@code term} and (when non-null) ℓ' into {@code d} for the rows {@code row …} whose
     * predictors are in {@code e}; the same operations as {@link #family}, pass by pass.
     */
    private static void familyPasses(GlmKernel g, int row, int n, double[] e, double[] d, double[] term,
                                     double[] s1, double[] s2) {
        double[] mask = g.mask;
        double[] y = g.y;
        switch (g.family) {
            case BERNOULLI_LOGIT -> {
                for (int i = 0; i < n; i++) {
                    s1[i] = GlmKernel.exp(-Math.abs(e[i]));                  // t
                }
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
                    term[i] = -(GlmKernel.positivePart(ns[ri] * e[i]) + term[i]) * m;
                    if (d != null) {
                        double q = s2[i];
                        double p = GlmKernel.select(e[i], s1[i] * q, q);
                        d[i] = (y[ri] - p) * m;
                    }
                }
            }
            case POISSON_LOG -> {
                for (int i = 0; i < n; i++) {
                    s1[i] = GlmKernel.exp(e[i]);
                }
                for (int i = 0; i < n; i++) {
                    int ri = row + i;
                    double m = mask[ri];
                    double mu = s1[i];
                    term[i] = (y[ri] * e[i] - mu) * m;
                    if (d != null) {
                        d[i] = (y[ri] - mu) * m;
                    }
                }
            }
            case NORMAL -> {
                for (int i = 0; i < n; i++) {
                    int ri = row + i;
                    double m = mask[ri];
                    double r = y[ri] - e[i];
                    term[i] = -0.5 * r * r * m;
                    if (d != null) {
                        d[i] = r * m;
                    }
                }
            }
            default -> throw new IllegalStateException(g.family.toString());
        }
    }

    @Override
    public void weights(GlmKernel g, double[] points, int stride, int from, int to, int b0, int b1, double[] wsum) {
        int k = g.k;
        double[] eta = new double[LANES];
        double[] w = new double[LANES];
        for (int c = from; c < to; c++) {
            for (int b = b0; b < b1; b++) {
                predictors(g.panel, b * k * LANES, k, points, c * stride, eta);
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

    /** {@code η_l = Σ_j X[l][j] β_j}, j in order, for the panel at {@code base} (eight chains in registers). */
    private static void predictors(double[] panel, int base, int k, double[] points, int po, double[] eta) {
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
        eta[0] = e0;
        eta[1] = e1;
        eta[2] = e2;
        eta[3] = e3;
        eta[4] = e4;
        eta[5] = e5;
        eta[6] = e6;
        eta[7] = e7;
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

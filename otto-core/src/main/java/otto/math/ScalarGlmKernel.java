package otto.math;

import static otto.math.GlmKernel.LANES;

/** The plain-Java loops of {@link GlmKernel}: the reference order of operations. */
final class ScalarGlmKernel implements GlmKernel.Impl {
    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void accumulate(GlmKernel g, double[] points, int stride, int from, int to, int b0, int b1,
                           double[] ll8, double[] acc) {
        int k = g.k;
        double[] panel = g.panel;
        double[] eta = new double[LANES];
        double[] d = new double[LANES];
        double[] term = new double[LANES];
        for (int c = from; c < to; c++) {
            int po = c * stride;
            int t = c - from;
            for (int b = b0; b < b1; b++) {
                int base = b * k * LANES;
                predictors(panel, base, k, points, po, eta);
                family(g, b * LANES, eta, d, term, null);
                for (int l = 0; l < LANES; l++) {
                    ll8[t * LANES + l] += term[l];
                }
                int ao = t * k * LANES;
                for (int j = 0; j < k; j++) {
                    int o = base + j * LANES;
                    int a = ao + j * LANES;
                    for (int l = 0; l < LANES; l++) {
                        acc[a + l] = Math.fma(panel[o + l], d[l], acc[a + l]);
                    }
                }
            }
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

    /** {@code η_l = Σ_j X[l][j] β_j}, j in order, for the panel at {@code base}. */
    private static void predictors(double[] panel, int base, int k, double[] points, int po, double[] eta) {
        java.util.Arrays.fill(eta, 0.0);
        for (int j = 0; j < k; j++) {
            double bj = points[po + j];
            int o = base + j * LANES;
            for (int l = 0; l < LANES; l++) {
                eta[l] = Math.fma(panel[o + l], bj, eta[l]);
            }
        }
    }

    /** The family at the panel's rows {@code row … row+7}: ℓ' into d, ℓ into term, -ℓ'' into w (each when non-null), masked. */
    private static void family(GlmKernel g, int row, double[] eta, double[] d, double[] term, double[] w) {
        for (int l = 0; l < LANES; l++) {
            int i = row + l;
            double e = eta[l];
            double m = g.mask[i];
            double yi = g.y[i];
            switch (g.family) {
                case BERNOULLI_LOGIT -> {
                    double t = GlmKernel.exp(-Math.abs(e));
                    double q = 1.0 / (1.0 + t);
                    double p = e >= 0.0 ? q : t * q;
                    if (term != null) {
                        term[l] = -(Math.max(g.negSign[i] * e, 0.0) + GlmKernel.log1pUnit(t)) * m;
                    }
                    if (d != null) {
                        d[l] = (yi - p) * m;
                    }
                    if (w != null) {
                        w[l] = t * q * q * m;
                    }
                }
                case POISSON_LOG -> {
                    double mu = GlmKernel.exp(e);
                    if (term != null) {
                        term[l] = (yi * e - mu) * m;
                    }
                    if (d != null) {
                        d[l] = (yi - mu) * m;
                    }
                    if (w != null) {
                        w[l] = mu * m;
                    }
                }
                case NORMAL -> {
                    double r = yi - e;
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
                default -> throw new IllegalStateException(g.family.toString());
            }
        }
    }
}

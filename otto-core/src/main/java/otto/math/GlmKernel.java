package otto.math;

/**
 * The data work of a generalised linear model with a fixed design {@code X} ({@code n × k}) and
 * response {@code y}: for many coefficient vectors β at once, the log likelihood
 * {@code Σ_i ℓ(y_i, η_i)} of the linear predictors {@code η = X β}, its gradient
 * {@code Σ_i ℓ'(η_i) x_i}, and the weighted Gram matrix {@code Σ_i w̄_i x_i x_iᵀ} with
 * {@code w = -ℓ''} averaged over the points (the Gauss–Newton / exact Hessian of a GLM).
 *
 * <h2>Layout and order of operations</h2>
 * The rows of X are packed at construction into panels of {@value #LANES} rows, each stored
 * column by column ({@code panel[b][j][l] = X[8b + l][j]}; the last panel is padded with zero rows
 * that a 0/1 mask removes). A pass streams the panels once per tile of points and does, for each
 * point and each panel, one fused step: the predictors of the panel's 8 rows (a chain of
 * {@code k} fused multiply–adds in the order {@code j = 0 … k-1}), the family's function of them,
 * and the gradient's lane-wise partial sums {@code acc[j][l] += ℓ'(η_l) X[8b+l][j]}. At the end each
 * point's {@value #LANES} lane sums are added in a fixed pairwise order.
 *
 * <p>That order is the same for every point whatever else is in the batch, whichever thread runs
 * it, and in both implementations: a plain-Java one (the default) and one on the JDK's Vector API
 * ({@code jdk.incubator.vector}), used when the JVM runs with
 * {@code --add-modules jdk.incubator.vector} (and the system property {@code otto.vector} is not
 * {@code false}). The transcendental functions are Otto's own polynomials (below), written with
 * the same operations in both, so <b>the two implementations give the same numbers bit for bit</b>
 * (tested): the Vector API changes the speed, never a result.
 *
 * <h2>The families</h2>
 * <ul>
 *   <li>{@link Family#BERNOULLI_LOGIT}: {@code ℓ = y η - log(1 + e^η)}, {@code ℓ' = y - σ(η)},
 *       {@code w = σ(1 - σ)}; one {@code t = exp(-|η|)} serves all three:
 *       {@code log(1 + e^{-sη}) = max(-sη, 0) + log1p(t)} with {@code s = 2y - 1}, and
 *       {@code σ(η) = 1/(1+t)} or {@code t/(1+t)}.</li>
 *   <li>{@link Family#POISSON_LOG}: {@code ℓ = y η - e^η} (without {@code log y!}),
 *       {@code ℓ' = y - e^η}, {@code w = e^η}.</li>
 *   <li>{@link Family#NORMAL}: {@code ℓ = -½ (y - η)²}, {@code ℓ' = y - η}, {@code w = 1}
 *       (the scale σ is the caller's).</li>
 * </ul>
 *
 * <h2>Accuracy of the functions</h2>
 * {@code exp}: Cody–Waite reduction {@code x = k ln 2 + r}, {@code |r| ≤ ½ ln 2}, a Chebyshev
 * polynomial of degree 11 (approximation error below 2e-17 relative), a few ulps; arguments below -708 give
 * {@code exp(-708)} (an absolute error below 3e-308), from about 709.44 on {@code +∞} (slightly
 * before {@code Math.exp} overflows, at 709.78).
 * {@code log1p(t)} for {@code t ∈ [0, 1]}: {@code 2 atanh(s)}, {@code s = t/(2+t) ≤ ⅓}, a Chebyshev
 * polynomial of degree 10 in {@code s²} (approximation error below 3e-18 relative), a few ulps. Against {@code Math.exp} and
 * {@code Math.log1p} the per-row terms agree to about 1e-15 relative.
 */
public final class GlmKernel {
    /** Rows per panel: the logical vector width, fixed so that results do not depend on the hardware. */
    public static final int LANES = 8;
    /** Points whose gradient accumulators are kept together while a panel is in cache. */
    static final int POINT_TILE = 8;
    /** Panels streamed together for one point (independent chains of fused multiply–adds). */
    static final int PANEL_GROUP = 8;

    /** Panels per call of the Gram kernel. */
    static final int GRAM_GROUP = 128;

    /** The likelihood of one observation as a function of its linear predictor. */
    public enum Family {
        /** {@code y ∈ {0, 1}}, {@code P(y = 1) = σ(η)}. */
        BERNOULLI_LOGIT,
        /** {@code y ~ Poisson(e^η)}. */
        POISSON_LOG,
        /** {@code y ~ normal(η, 1)} up to the scale and constant. */
        NORMAL
    }

    /** The hot loops, in plain Java or on the Vector API; both must follow the order described above. */
    interface Impl {
        String name();

        /**
         * For the points {@code from … to-1} (row {@code c} at {@code points[c * stride]}): the lane
         * partial sums of the log likelihood into {@code ll8[(c - from) * 8 + l]} and of the gradient
         * into {@code acc[((c - from) * k + j) * 8 + l]} (none when {@code acc} is null), over panels
         * {@code [b0, b1)} (added to what is there).
         */
        void accumulate(GlmKernel g, double[] points, int stride, int from, int to, int b0, int b1,
                        double[] ll8, double[] acc);

        /** {@code wsum[8b + l] += w_c(η)} for each point c in {@code [from, to)}, panels {@code [b0, b1)}. */
        void weights(GlmKernel g, double[] points, int stride, int from, int to, int b0, int b1, double[] wsum);

        /**
         * Lane partial sums of {@code Σ_i v_i x_i x_iᵀ} (lower triangle, {@code (a(a+1)/2 + b) * 8 + l})
         * into {@code acc} for row weights {@code v} (padded length), panels {@code [b0, b1)}.
         */
        void gram(GlmKernel g, double[] v, int b0, int b1, double[] acc);
    }

    /** The implementation {@link #of} uses, chosen when first needed (after this class is initialised). */
    private static final class Default {
        static final Impl IMPL = select();
    }

    final int n;
    final int k;
    final int panels;
    final Family family;
    /** Panel layout, {@code panels × k × 8}. */
    final double[] panel;
    /** The response, padded to {@code panels × 8}. */
    final double[] y;
    /** {@code 1 - 2y} for the logistic family (else unused), padded. */
    final double[] negSign;
    /** 1 for real rows, 0 for padding. */
    final double[] mask;
    private final Impl impl;

    private GlmKernel(double[] x, int n, int k, double[] y, Family family, Impl impl) {
        if (x.length < (long) n * k || y.length < n) {
            throw new IllegalArgumentException("design has " + x.length + " values and response " + y.length
                    + ", expected " + n + " × " + k + " and " + n);
        }
        this.n = n;
        this.k = k;
        this.family = family;
        this.impl = impl;
        this.panels = (n + LANES - 1) / LANES;
        int rows = panels * LANES;
        this.panel = new double[panels * k * LANES];
        this.y = new double[rows];
        this.negSign = new double[rows];
        this.mask = new double[rows];
        for (int i = 0; i < n; i++) {
            int b = i / LANES;
            int l = i % LANES;
            for (int j = 0; j < k; j++) {
                panel[(b * k + j) * LANES + l] = x[i * k + j];
            }
            this.y[i] = y[i];
            this.negSign[i] = 1.0 - 2.0 * y[i];
            this.mask[i] = 1.0;
        }
    }

    /**
     * The kernel of a model with design {@code x} ({@code n × k}, row-major) and response {@code y}
     * (copied), on the fastest implementation available.
     */
    public static GlmKernel of(double[] x, int n, int k, double[] y, Family family) {
        return new GlmKernel(x, n, k, y, family, Default.IMPL);
    }

    /** The same on the plain-Java implementation (for tests and comparisons). */
    static GlmKernel scalar(double[] x, int n, int k, double[] y, Family family) {
        return new GlmKernel(x, n, k, y, family, new ScalarGlmKernel());
    }

    /** The same on the Vector API implementation, or null where it is not available. */
    static GlmKernel vector(double[] x, int n, int k, double[] y, Family family) {
        Impl v = vectorImpl();
        return v == null ? null : new GlmKernel(x, n, k, y, family, v);
    }

    /** {@code "vector"} or {@code "scalar"}: which implementation {@link #of} uses in this JVM. */
    public static String implementation() {
        return Default.IMPL.name();
    }

    private static Impl select() {
        if ("false".equalsIgnoreCase(System.getProperty("otto.vector", "auto"))) {
            return new ScalarGlmKernel();
        }
        Impl v = vectorImpl();
        return v != null ? v : new ScalarGlmKernel();
    }

    private static Impl vectorImpl() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return null;
        }
        try {
            Impl v = (Impl) Class.forName("otto.math.VectorGlmKernel").getDeclaredConstructor().newInstance();
            return VectorGlmKernel.usable() ? v : null;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    /** Rows of X. */
    public int rows() {
        return n;
    }

    /** Columns of X. */
    public int columns() {
        return k;
    }

    /** The family. */
    public Family family() {
        return family;
    }

    /**
     * For {@code count} points (point c's β is {@code points[c * stride … c * stride + k)}): the log
     * likelihood {@code Σ_i ℓ(η_i)} into {@code logLikelihoods[c]} and, when {@code gradients} is
     * non-null, {@code Σ_i ℓ'(η_i) x_i} into {@code gradients[c * k … c * k + k)}. Each point's
     * numbers are the same whatever the other points are.
     */
    public void evaluate(double[] points, int stride, int count, double[] logLikelihoods, double[] gradients) {
        if (stride < k) {
            throw new IllegalArgumentException("stride " + stride + " is below the " + k + " coefficients");
        }
        int tile = Math.min(POINT_TILE, Math.max(1, count));
        double[] ll8 = new double[tile * LANES];
        double[] acc = gradients == null ? null : new double[tile * k * LANES];
        for (int c0 = 0; c0 < count; c0 += tile) {
            int c1 = Math.min(count, c0 + tile);
            java.util.Arrays.fill(ll8, 0.0);
            if (acc != null) {
                java.util.Arrays.fill(acc, 0.0);
            }
            for (int b0 = 0; b0 < panels; b0 += PANEL_GROUP) {
                impl.accumulate(this, points, stride, c0, c1, b0, Math.min(panels, b0 + PANEL_GROUP), ll8, acc);
            }
            for (int c = c0; c < c1; c++) {
                int t = c - c0;
                logLikelihoods[c] = laneSum(ll8, t * LANES);
                if (gradients != null) {
                    for (int j = 0; j < k; j++) {
                        gradients[c * k + j] = laneSum(acc, (t * k + j) * LANES);
                    }
                }
            }
        }
    }

    /**
     * {@code Σ_i w̄_i x_i x_iᵀ} ({@code k × k}, row-major, symmetric) into {@code out}, with
     * {@code w̄_i} the average over the {@code count} points of {@code -ℓ''(η_i)}.
     */
    public void meanWeightedGram(double[] points, int stride, int count, double[] out) {
        if (count < 1) {
            throw new IllegalArgumentException("need at least one point");
        }
        double[] w = new double[panels * LANES];
        for (int b0 = 0; b0 < panels; b0 += PANEL_GROUP) {
            impl.weights(this, points, stride, 0, count, b0, Math.min(panels, b0 + PANEL_GROUP), w);
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = w[i] / count;
        }
        gram(w, out);
    }

    /** {@code Σ_i v_i x_i x_iᵀ} for row weights {@code v} (length n) into {@code out} ({@code k × k}). */
    public void weightedGram(double[] v, double[] out) {
        double[] w = new double[panels * LANES];
        for (int i = 0; i < n; i++) {
            w[i] = v[i] * mask[i];
        }
        gram(w, out);
    }

    private void gram(double[] w, double[] out) {
        double[] acc = new double[k * (k + 1) / 2 * LANES];
        // panels in groups over which the accumulators stay in registers (128: measured best here)
        for (int b0 = 0; b0 < panels; b0 += GRAM_GROUP) {
            impl.gram(this, w, b0, Math.min(panels, b0 + GRAM_GROUP), acc);
        }
        for (int a = 0; a < k; a++) {
            for (int b = 0; b <= a; b++) {
                double s = laneSum(acc, (a * (a + 1) / 2 + b) * LANES);
                out[a * k + b] = s;
                out[b * k + a] = s;
            }
        }
    }

    /** The {@value #LANES} lane sums at {@code o}, added pairwise in a fixed order. */
    static double laneSum(double[] v, int o) {
        return ((v[o] + v[o + 1]) + (v[o + 2] + v[o + 3])) + ((v[o + 4] + v[o + 5]) + (v[o + 6] + v[o + 7]));
    }

    // ---- the scalar forms of the functions; VectorGlmKernel repeats these operations lane-wise ----

    static final double LOG2E = 1.4426950408889634;
    static final double LN2_HI = 6.93147180369123816490e-01;
    static final double LN2_LO = 1.90821492927058770002e-10;
    /** {@code 1.5 · 2^52}: adding it rounds to an integer, whose bits then sit in the low mantissa. */
    static final double SHIFT = 0x1.8p52;
    static final long EXPONENT_OFFSET = 1023L - 0x4338_0000_0000_0000L;   // 1023 - bits(SHIFT), a constant
    static final double EXP_MIN = -708.0;
    static final double EXP_MAX = 710.0;
    /**
     * {@code e^r ≈ Σ_j EXP_POLY[j] r^j} on {@code |r| ≤ ½ ln 2}: the Chebyshev (near-minimax) fit of
     * degree 11, relative error below 2e-17 with these double coefficients (computed with mpmath
     * at 40 digits; the Taylor polynomial needs degree 13 for the same).
     */
    static final double[] EXP_POLY = {1.0, 1.0, 0.5000000000000019, 0.1666666666666668, 0.0416666666664881, 0.008333333333319601, 0.0013888888952314775, 0.00019841269890047113, 2.4801485482328494e-05, 2.755724091857897e-06, 2.763263963904103e-07, 2.5110037605963777e-08};
    /**
     * {@code atanh(√z)/√z = Σ_j z^j/(2j+1) ≈ Σ_j ATANH_POLY[j] z^j} on {@code 0 ≤ z ≤ 1/9}: the
     * Chebyshev fit of degree 10, relative error below 3e-18 (the series needs 16 terms).
     */
    static final double[] ATANH_POLY = {1.0, 0.33333333333333076, 0.20000000000092874, 0.14285714272727057, 0.11111112040373837, 0.09090870416252403, 0.07693307021152004, 0.06650187016337313, 0.06055084364034609, 0.0416225325593041, 0.08522081781390699};
    static final double E0 = 1.0;
    static final double E1 = 1.0;
    static final double E2 = 0.5000000000000019;
    static final double E3 = 0.1666666666666668;
    static final double E4 = 0.0416666666664881;
    static final double E5 = 0.008333333333319601;
    static final double E6 = 0.0013888888952314775;
    static final double E7 = 0.00019841269890047113;
    static final double E8 = 2.4801485482328494e-05;
    static final double E9 = 2.755724091857897e-06;
    static final double E10 = 2.763263963904103e-07;
    static final double E11 = 2.5110037605963777e-08;
    static final double A0 = 1.0;
    static final double A1 = 0.33333333333333076;
    static final double A2 = 0.20000000000092874;
    static final double A3 = 0.14285714272727057;
    static final double A4 = 0.11111112040373837;
    static final double A5 = 0.09090870416252403;
    static final double A6 = 0.07693307021152004;
    static final double A7 = 0.06650187016337313;
    static final double A8 = 0.06055084364034609;
    static final double A9 = 0.0416225325593041;
    static final double A10 = 0.08522081781390699;

    /**
     * {@code e^x} as described in the class comment (the vector implementation repeats these
     * operations lane by lane). The clamps and selections are made on the sign bits of differences,
     * with no branch and no floating-point comparison (the vector implementation makes the same
     * selections with a signed integer comparison with 0 and a blend, which gives the same bits):
     * {@code x} is clamped to {@code [-708, 710]}; from about 709.44 on, {@code 2^k} overflows
     * its exponent into {@code +∞}; a NaN argument gives a NaN.
     */
    public static double exp(double x) {
        long xb = Double.doubleToRawLongBits(x);
        double xc = select(x - EXP_MIN, EXP_MIN, x);
        xc = select(EXP_MAX - xc, EXP_MAX, xc);
        double kd = Math.fma(xc, LOG2E, SHIFT);
        double kk = kd - SHIFT;
        double r = Math.fma(kk, -LN2_HI, xc);
        r = Math.fma(kk, -LN2_LO, r);
        double p = expPolynomial(r);
        double scale = Double.longBitsToDouble((Double.doubleToRawLongBits(kd) + EXPONENT_OFFSET) << 52);
        return Double.longBitsToDouble(Double.doubleToRawLongBits(p * scale) | nanMask(xb));
    }

    /** {@code e^r} for the reduced argument {@code |r| ≤ ½ ln 2}: the degree-11 polynomial, by Horner's rule. */
    static double expPolynomial(double r) {
        double p = E11;
        p = Math.fma(p, r, E10);
        p = Math.fma(p, r, E9);
        p = Math.fma(p, r, E8);
        p = Math.fma(p, r, E7);
        p = Math.fma(p, r, E6);
        p = Math.fma(p, r, E5);
        p = Math.fma(p, r, E4);
        p = Math.fma(p, r, E3);
        p = Math.fma(p, r, E2);
        p = Math.fma(p, r, E1);
        return Math.fma(p, r, E0);
    }

    /** {@code ifNegative} where {@code s} has its sign bit set (s < 0, -0, or a negative NaN), else {@code otherwise}. */
    static double select(double s, double ifNegative, double otherwise) {
        long a = Double.doubleToRawLongBits(otherwise);
        long mask = Double.doubleToRawLongBits(s) >> 63;
        return Double.longBitsToDouble(a ^ ((a ^ Double.doubleToRawLongBits(ifNegative)) & mask));
    }

    /** All ones where {@code bits} is a NaN, else zero. */
    static long nanMask(long bits) {
        return (INFINITY_BITS - (bits & ABS_MASK)) >> 63;
    }

    /** {@code max(z, 0)} on the bits: {@code +0} for {@code z ≤ -0}; a NaN with its sign bit set gives 0 too. */
    static double positivePart(double z) {
        long b = Double.doubleToRawLongBits(z);
        return Double.longBitsToDouble(b & ~(b >> 63));
    }

    static final long ABS_MASK = 0x7FFF_FFFF_FFFF_FFFFL;
    static final long INFINITY_BITS = 0x7FF0_0000_0000_0000L;

    /** {@code log(1 + t)} for {@code t ∈ [0, 1]} as described in the class comment. */
    public static double log1pUnit(double t) {
        return log1pOfRatio(t / (2.0 + t));
    }

    /** {@code log1p(t) = 2 atanh(s)} from {@code s = t/(2+t) ∈ [0, ⅓]}. */
    static double log1pOfRatio(double s) {
        double z = s * s;
        double p = A10;
        p = Math.fma(p, z, A9);
        p = Math.fma(p, z, A8);
        p = Math.fma(p, z, A7);
        p = Math.fma(p, z, A6);
        p = Math.fma(p, z, A5);
        p = Math.fma(p, z, A4);
        p = Math.fma(p, z, A3);
        p = Math.fma(p, z, A2);
        p = Math.fma(p, z, A1);
        p = Math.fma(p, z, A0);
        return 2.0 * s * p;
    }
}

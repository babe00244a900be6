package otto.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import otto.energy.Clouds.Gaussian;
import otto.energy.Clouds.Spread;

class KernelSteinDiscrepancyTest {
    private static final KernelSteinDiscrepancy KSD = KernelSteinDiscrepancy.imq();

    /**
     * The Stein kernel written term by term from its definition, with the kernel's derivatives as
     * vectors and a matrix: {@code k s_xᵀs_y + s_xᵀ∇_y k + s_yᵀ∇_x k + tr(∇_x∇_y k)}.
     */
    private static double naiveU(double[] x, double[] sx, double[] y, double[] sy, double beta, double c) {
        int d = x.length;
        double[] r = new double[d];
        double rr = 0.0;
        for (int a = 0; a < d; a++) {
            r[a] = x[a] - y[a];
            rr += r[a] * r[a];
        }
        double q = c * c + rr;
        double k = Math.pow(q, beta);
        double[] gradX = new double[d];
        double[] gradY = new double[d];
        double[][] cross = new double[d][d];
        for (int a = 0; a < d; a++) {
            gradX[a] = 2 * beta * Math.pow(q, beta - 1) * r[a];
            gradY[a] = -gradX[a];
            for (int b = 0; b < d; b++) {
                // ∂/∂y_b of 2β q^{β-1} r_a, with ∂q/∂y_b = -2 r_b and ∂r_a/∂y_b = -δ_ab
                cross[a][b] = 2 * beta * ((beta - 1) * Math.pow(q, beta - 2) * (-2 * r[b]) * r[a]
                        - (a == b ? Math.pow(q, beta - 1) : 0.0));
            }
        }
        double u = 0.0;
        for (int a = 0; a < d; a++) {
            u += k * sx[a] * sy[a] + sx[a] * gradY[a] + sy[a] * gradX[a] + cross[a][a];
        }
        return u;
    }

    private static double naiveSquared(double[] x, double[] s, int n, int d, double beta, double c) {
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
            double[] xi = java.util.Arrays.copyOfRange(x, i * d, i * d + d);
            double[] si = java.util.Arrays.copyOfRange(s, i * d, i * d + d);
            for (int j = 0; j < n; j++) {
                sum += naiveU(xi, si, java.util.Arrays.copyOfRange(x, j * d, j * d + d),
                        java.util.Arrays.copyOfRange(s, j * d, j * d + d), beta, c);
            }
        }
        return sum / ((double) n * n);
    }

    /**
     * The blocked sum against the naive double loop, to 1e-12 relative: points from a Gaussian,
     * scores of another (or of the same) Gaussian, sizes around the block size.
     */
    @ParameterizedTest
    @CsvSource({
        "1, 1, -0.5, 1, false, 1", "7, 1, -0.5, 1, true, 2", "64, 2, -0.5, 1, false, 3",
        "65, 3, -0.5, 1, true, 4", "200, 10, -0.5, 1, false, 5", "130, 5, -1.0, 0.5, false, 6",
        "150, 4, -0.3, 2.0, false, 7", "129, 20, -0.8, 1.5, true, 8"})
    void agreesWithTheNaiveDoubleLoop(int n, int d, double beta, double c, boolean atTarget, long seed) {
        Gaussian q = Gaussian.anisotropic(d, 0.5, 2, 0.3);
        Gaussian target = atTarget ? q : Gaussian.anisotropic(d, 1, 1.5, -0.2);
        double[] x = q.sample(n, seed, 1.3, 0.4);
        double[] s = target.scores(x, n);
        KernelSteinDiscrepancy ksd = KernelSteinDiscrepancy.imq(beta, c);
        double naive = naiveSquared(x, s, n, d, beta, c);
        assertThat(ksd.squared(x, s, n, d)).isCloseTo(naive, Offset.offset(1e-12 * Math.abs(naive)));
        assertThat(ksd.discrepancy(x, s, n, d)).isEqualTo(Math.sqrt(ksd.squared(x, s, n, d)));
        double[] x0 = java.util.Arrays.copyOfRange(x, 0, d);
        double[] s0 = java.util.Arrays.copyOfRange(s, 0, d);
        double[] x1 = java.util.Arrays.copyOfRange(x, (n - 1) * d, n * d);
        double[] s1 = java.util.Arrays.copyOfRange(s, (n - 1) * d, n * d);
        double u = naiveU(x0, s0, x1, s1, beta, c);
        assertThat(ksd.steinKernel(x0, s0, x1, s1)).isCloseTo(u, Offset.offset(1e-13 * (1 + Math.abs(u))));
    }

    /**
     * The Stein identity {@code E_{x~π} u_π(x, y) = 0} for fixed {@code y}, by Monte Carlo with
     * 200 000 draws from π, within 5 standard errors: a correlated Gaussian in d = 3 and a banana
     * ({@code x₁ ~ N(0, 1)}, {@code x₂ | x₁ ~ N(x₁², 1)}), at points near and far from the mass.
     */
    @ParameterizedTest
    @CsvSource({
        "gaussian, 0, 0, -0.5, 1", "gaussian, 3, -2, -0.5, 1", "gaussian, 0.5, 1, -0.8, 2",
        "banana, 0, 0, -0.5, 1", "banana, 1.5, 4, -0.5, 1", "banana, -2, -1, -0.3, 0.5"})
    void steinIdentityHolds(String target, double y1, double y2, double beta, double c) {
        KernelSteinDiscrepancy ksd = KernelSteinDiscrepancy.imq(beta, c);
        int m = 200_000;
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(target.hashCode() + (long) (100 * y1 + y2));
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        boolean banana = target.equals("banana");
        Gaussian gauss = Gaussian.anisotropic(3, 0.5, 2, 0.7);
        int d = banana ? 2 : 3;
        double[] y = banana ? new double[] {y1, y2} : new double[] {y1, y2, 0.5 * (y1 - y2)};
        double[] sy = banana ? bananaScore(y) : gauss.scores(y, 1);
        double[] x = new double[d];
        double[] sum = new double[2];
        for (int t = 0; t < m; t++) {
            double[] sx;
            if (banana) {
                x[0] = g.sample();
                x[1] = x[0] * x[0] + g.sample();
                sx = bananaScore(x);
            } else {
                gauss.draw(g, x);
                sx = gauss.scores(x, 1);
            }
            double u = ksd.steinKernel(x, sx, y, sy);
            sum[0] += u;
            sum[1] += u * u;
        }
        double mean = sum[0] / m;
        double se = Math.sqrt((sum[1] / m - mean * mean) / (m - 1));
        assertThat(Math.abs(mean)).as("mean %s, standard error %s", mean, se).isLessThan(5 * se);
        assertThat(se).isGreaterThan(0.0);
    }

    private static double[] bananaScore(double[] x) {
        double r = x[1] - x[0] * x[0];
        return new double[] {-x[0] + 2 * x[0] * r, -r};
    }

    /**
     * For iid draws from {@code π = N(m, Σ)}, {@code E[KSD²] = E_π[u(x, x)] / n} exactly, with
     * {@code u(x, x) = c^{2β} ‖s(x)‖² - 2βd c^{2β-2}} and {@code E‖s‖² = tr Σ⁻¹}: the mean of
     * {@code n · KSD²} over 40 replicates is within 5 standard errors of it at n = 100, 400 and
     * 1600, so the KSD falls like {@code n^{-1/2}} (checked also on the KSD itself).
     */
    @ParameterizedTest
    @CsvSource({"2, -0.5, 1, 11", "5, -0.5, 1, 12", "3, -0.8, 2, 13"})
    void exactSampleShrinksLikeOneOverRootN(int d, double beta, double c, long seed) {
        Gaussian pi = Gaussian.anisotropic(d, 0.5, 2, 0.6);
        KernelSteinDiscrepancy ksd = KernelSteinDiscrepancy.imq(beta, c);
        double expected = Math.pow(c, 2 * beta) * pi.tracePrecision() - 2 * beta * d * Math.pow(c, 2 * beta - 2);
        int[] sizes = {100, 400, 1600};
        Spread[] scaled = new Spread[sizes.length];
        for (int k = 0; k < sizes.length; k++) {
            int n = sizes[k];
            double[] nKsd2 = new double[40];
            double[] rootNKsd = new double[40];
            for (int r = 0; r < nKsd2.length; r++) {
                double[] x = pi.sample(n, seed * 1000 + 100L * k + r);
                double k2 = ksd.squared(x, pi.scores(x, n), n, d);
                nKsd2[r] = n * k2;
                rootNKsd[r] = Math.sqrt(n * k2);
            }
            Spread s = Spread.of(nKsd2);
            assertThat(Math.abs(s.mean() - expected)).as("n = %d: %s vs %s", n, s, expected).isLessThan(5 * s.se());
            scaled[k] = Spread.of(rootNKsd);
        }
        assertThat(Math.abs(scaled[0].mean() - scaled[2].mean()))
                .as("√n · KSD at n = 100 and 1600: %s, %s", scaled[0], scaled[2])
                .isLessThan(5 * Math.hypot(scaled[0].se(), scaled[2].se()));
    }

    /**
     * A shifted, a too narrow and a too wide cloud (n = 400) have a KSD far above that of exact
     * samples of the same size: above the exact samples' mean plus 5 of their standard deviations
     * (20 replicates), and above twice that mean.
     */
    @ParameterizedTest
    @CsvSource({"1.0, 0.0, 21", "0.0, 0.5, 22", "0.0, 2.0, 23", "0.3, 1.0, 24"})
    void wrongCloudsHaveLargerDiscrepancy(double shift, double scale, long seed) {
        int d = 2;
        int n = 400;
        Gaussian pi = Gaussian.anisotropic(d, 1, 2, 0.5);
        double[] exact = new double[20];
        for (int r = 0; r < exact.length; r++) {
            double[] x = pi.sample(n, seed * 100 + r);
            exact[r] = KSD.discrepancy(x, pi.scores(x, n), n, d);
        }
        Spread e = Spread.of(exact);
        double[] wrong = pi.sample(n, seed, scale == 0.0 ? 1.0 : scale, shift);
        double k = KSD.discrepancy(wrong, pi.scores(wrong, n), n, d);
        assertThat(k).as("exact samples: %s", e).isGreaterThan(e.mean() + 5 * e.sd());
        assertThat(k).isGreaterThan(2 * e.mean());
    }

    /** One point at the mode: {@code KSD² = u(m, m) = -2βd c^{2β-2}}, d for the defaults. */
    @Test
    void onePointAtTheMode() {
        double[] x = {1.0, 2.0, 3.0};
        double[] s = {0.0, 0.0, 0.0};
        assertThat(KSD.squared(x, s, 1, 3)).isEqualTo(3.0);
        KernelSteinDiscrepancy other = KernelSteinDiscrepancy.imq(-0.25, 2.0);
        assertThat(other.squared(x, s, 1, 3)).isCloseTo(2 * 0.25 * 3 * Math.pow(2.0, -2.5), Offset.offset(1e-15));
        assertThat(KSD.beta()).isEqualTo(-0.5);
        assertThat(KSD.c()).isEqualTo(1.0);
    }

    @Test
    void badInputsAreNamed() {
        double[] x = new double[10];
        double[] s = new double[10];
        s[7] = Double.NaN;
        assertThatThrownBy(() -> KSD.squared(x, s, 5, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scores: coordinate 1 of point 3 is not finite: NaN");
        assertThatThrownBy(() -> KSD.squared(x, new double[3], 5, 2)).hasMessageContaining("scores");
        x[0] = Double.POSITIVE_INFINITY;
        assertThatThrownBy(() -> KSD.squared(x, s, 5, 2)).hasMessageStartingWith("points: coordinate 0 of point 0");
        assertThatThrownBy(() -> KernelSteinDiscrepancy.imq(0.5, 1)).hasMessageContaining("β");
        assertThatThrownBy(() -> KernelSteinDiscrepancy.imq(-0.5, 0)).hasMessageContaining("c");
        assertThatThrownBy(() -> KSD.squared(x, s, 0, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}

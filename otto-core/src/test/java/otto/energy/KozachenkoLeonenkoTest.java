package otto.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import otto.energy.Clouds.Gaussian;
import otto.energy.Clouds.Spread;
import otto.energy.KozachenkoLeonenko.Search;
import otto.flow.Parallel;
import otto.math.Dense;
import otto.math.SpecialFunctions;

class KozachenkoLeonenkoTest {
    private static final KozachenkoLeonenko KL = KozachenkoLeonenko.defaults();

    private static double[] errors(Gaussian g, int n, int replicates, long seed, KozachenkoLeonenko kl) {
        double[] e = new double[replicates];
        for (int r = 0; r < replicates; r++) {
            e[r] = kl.entropy(g.sample(n, seed + 1000L * r), n, g.d).value() - g.entropy();
        }
        return e;
    }

    /**
     * Gaussians with exact entropy {@code ½ log det(2πeΣ)}, isotropic and strongly anisotropic
     * (standard deviations 0.01 … 10, correlations {@code 0.9^|i-j|}): the mean of 10 replicate
     * estimates is within 5 of its standard errors (from the replicates' spread) of the truth. In
     * {@code d = 10} at {@code n = 4000}, where the bias has fallen to about 0.005 nats (see
     * {@link #biasInTenDimensionsShrinksWithN}).
     */
    @ParameterizedTest
    @CsvSource({
        "1, false, 2000, 11", "1, true, 2000, 12",
        "2, false, 2000, 21", "2, true, 2000, 22",
        "10, false, 4000, 31", "10, true, 4000, 32"})
    void gaussianEntropyWithinMonteCarloError(int d, boolean anisotropic, int n, long seed) {
        Gaussian g = anisotropic ? Gaussian.anisotropic(d, 0.01, 10, 0.9) : Gaussian.standard(d);
        Spread s = Spread.of(errors(g, n, 10, seed, KL));
        assertThat(Math.abs(s.mean())).as("mean error %s", s).isLessThan(5 * s.se());
        assertThat(KL.entropy(g.sample(n, seed), n, d).samples()).isEqualTo(n);
    }

    /**
     * A uniform box with {@code H = log volume} (sides 0.25 … 4): one estimate within 5 of its
     * standard errors. In {@code d = 2} the boundary bias (about +0.015 nats at this n) is about one
     * standard error; {@link #boxBoundaryBiasShrinksWithN} shows it.
     */
    @ParameterizedTest
    @CsvSource({"1, 4000, 41", "2, 4000, 42", "1, 500, 43", "2, 500, 44"})
    void uniformBoxEntropyIsLogVolume(int d, int n, long seed) {
        double[] side = d == 1 ? new double[] {0.25} : new double[] {0.25, 4.0};
        double logVolume = 0.0;
        for (double s : side) {
            logVolume += Math.log(s);
        }
        Estimate h = KL.entropy(Clouds.box(side, n, seed), n, d);
        assertThat(Math.abs(h.value() - logVolume)).as("%s vs %s", h, logVolume).isLessThan(5 * h.standardError());
    }

    /**
     * The boundary bias of a uniform square: positive at n = 500 (200 replicates: its spread is
     * large), smaller at n = 8000 (10 replicates).
     */
    @Test
    void boxBoundaryBiasShrinksWithN() {
        double[] side = {1.0, 1.0};
        double[] small = new double[200];
        double[] large = new double[10];
        for (int r = 0; r < small.length; r++) {
            small[r] = KL.entropy(Clouds.box(side, 500, 500 + r), 500, 2).value();
        }
        for (int r = 0; r < large.length; r++) {
            large[r] = KL.entropy(Clouds.box(side, 8000, 8000 + r), 8000, 2).value();
        }
        Spread s = Spread.of(small);
        Spread l = Spread.of(large);
        assertThat(s.mean()).as("bias at 500: %s", s).isGreaterThan(5 * s.se());
        assertThat(s.mean() - l.mean()).as("%s vs %s", s, l).isGreaterThan(5 * Math.hypot(s.se(), l.se()));
    }

    /**
     * The bias in d = 10, documented in the class: about +0.12 nats at n = 500 (40 replicates),
     * indistinguishable from zero at n = 4000 (10 replicates); the error shrinks.
     */
    @Test
    void biasInTenDimensionsShrinksWithN() {
        Gaussian g = Gaussian.standard(10);
        Spread small = Spread.of(errors(g, 500, 40, 51, KL));
        Spread large = Spread.of(errors(g, 4000, 10, 52, KL));
        assertThat(small.mean()).as("bias at 500: %s", small).isGreaterThan(5 * small.se());
        assertThat(Math.abs(small.mean() - 0.12)).as("documented +0.12: %s", small).isLessThan(5 * small.se());
        assertThat(Math.abs(large.mean())).as("bias at 4000: %s", large).isLessThan(5 * large.se());
        assertThat(small.mean() - Math.abs(large.mean())).isGreaterThan(5 * Math.hypot(small.se(), large.se()));
    }

    /**
     * Whitening removes the anisotropy bias: on strongly anisotropic Gaussians the unwhitened
     * estimate is off by far more than the whitened one (5 standard errors of the difference, from
     * 10 paired replicates), and the whitened estimate is right within its error (in d = 10 at
     * n = 4000, where the dimension's own bias is gone).
     */
    @ParameterizedTest
    @CsvSource({"2, 1, 100, 0.99, 2000, 61", "10, 0.01, 10, 0.9, 4000, 62"})
    void whiteningRemovesTheAnisotropyBias(int d, double lo, double hi, double rho, int n, long seed) {
        Gaussian g = Gaussian.anisotropic(d, lo, hi, rho);
        KozachenkoLeonenko raw = KL.withWhitening(false);
        double[] white = new double[10];
        double[] gap = new double[10];
        for (int r = 0; r < white.length; r++) {
            double[] x = g.sample(n, seed + 1000L * r);
            white[r] = KL.entropy(x, n, d).value() - g.entropy();
            gap[r] = Math.abs(raw.entropy(x, n, d).value() - g.entropy()) - Math.abs(white[r]);
        }
        Spread w = Spread.of(white);
        Spread diff = Spread.of(gap);
        assertThat(diff.mean()).as("unwhitened minus whitened |error|: %s", diff).isGreaterThan(5 * diff.se());
        assertThat(diff.mean()).isGreaterThan(0.1);
        assertThat(Math.abs(w.mean())).as("whitened error: %s", w).isLessThan(5 * w.se());
    }

    /**
     * The whitened estimate is invariant under invertible affine maps, to rounding:
     * {@code Ĥ(Aθ + b) = Ĥ(θ) + log |det A|}.
     */
    @ParameterizedTest
    @CsvSource({"1, 71", "2, 72", "3, 73", "10, 74", "20, 75"})
    void whitenedEstimateIsAffineInvariant(int d, long seed) {
        int n = 700;
        double[] x = Gaussian.standard(d).sample(n, seed);
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(seed);
        double[] a = new double[d * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextDouble() * 2 - 1 + (i % (d + 1) == 0 ? 3.0 * (1 + i) : 0.0);
        }
        double[] b = new double[d];
        for (int i = 0; i < d; i++) {
            b[i] = 100 * (rng.nextDouble() - 0.5);
        }
        double[] y = new double[n * d];
        double[] xi = new double[d];
        double[] yi = new double[d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, i * d, xi, 0, d);
            Dense.multiply(a, d, d, xi, yi);
            for (int c = 0; c < d; c++) {
                y[i * d + c] = yi[c] + b[c];
            }
        }
        double[] ata = Dense.multiply(Dense.transpose(a, d, d), a, d, d, d);
        double logDetA = 0.5 * Dense.logDeterminantFromCholesky(Dense.cholesky(ata, d), d);
        double hx = KL.entropy(x, n, d).value();
        double hy = KL.entropy(y, n, d).value();
        assertThat(hy).isCloseTo(hx + logDetA, org.assertj.core.data.Offset.offset(1e-9 * (1 + Math.abs(hy))));
    }

    /**
     * The k-d tree and brute force find the same k-th neighbour distances, bit for bit, and the
     * same as sorting all distances; lattice points (many exact ties) included.
     */
    @ParameterizedTest
    @CsvSource({"1, 1, 300, 81", "2, 2, 500, 82", "3, 5, 400, 83", "5, 1, 300, 84", "8, 3, 600, 85",
        "16, 2, 200, 86", "2, 4, -1, 87", "3, 2, -1, 88"})
    void searchesAgreeWithSortingEveryDistance(int d, int k, int n, long seed) {
        double[] x;
        if (n > 0) {
            x = Gaussian.standard(d).sample(n, seed);
        } else {
            // an integer lattice: exact ties everywhere
            int side = d == 2 ? 20 : 7;
            n = (int) Math.pow(side, d);
            x = new double[n * d];
            for (int i = 0; i < n; i++) {
                for (int c = 0, r = i; c < d; c++, r /= side) {
                    x[i * d + c] = r % side;
                }
            }
        }
        double[] tree = NearestNeighbours.kdTree(x, n, d, k, Parallel.serial());
        double[] brute = NearestNeighbours.bruteForce(x, n, d, k, Parallel.serial());
        double[] all = new double[n - 1];
        for (int i = 0; i < n; i++) {
            for (int j = 0, m = 0; j < n; j++) {
                if (j != i) {
                    double s = 0.0;
                    for (int c = 0; c < d; c++) {
                        double diff = x[i * d + c] - x[j * d + c];
                        s += diff * diff;
                    }
                    all[m++] = s;
                }
            }
            Arrays.sort(all);
            assertThat(tree[i]).as("tree, point %d", i).isEqualTo(all[k - 1]);
            assertThat(brute[i]).as("brute force, point %d", i).isEqualTo(all[k - 1]);
        }
        Estimate viaTree = KL.withSearch(Search.KD_TREE).entropy(x, n, d);
        assertThat(KL.withSearch(Search.BRUTE_FORCE).entropy(x, n, d)).isEqualTo(viaTree);
    }

    /** The formula, on a hand-checkable cloud: three points on a line, k = 1, unwhitened. */
    @Test
    void formulaOnThreePoints() {
        double[] x = {0.0, 1.0, 3.0};
        // ε = 1, 1, 2
        double expected = SpecialFunctions.digamma(3) - SpecialFunctions.digamma(1) + Math.log(2.0)
                + (1.0 / 3) * (Math.log(1) + Math.log(1) + Math.log(2));
        Estimate h = KL.withK(1).withWhitening(false).entropy(x, 3, 1);
        assertThat(h.value()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(KozachenkoLeonenko.logUnitBallVolume(2)).isCloseTo(Math.log(Math.PI),
                org.assertj.core.data.Offset.offset(1e-15));
        assertThat(KozachenkoLeonenko.logUnitBallVolume(3)).isCloseTo(Math.log(4 * Math.PI / 3),
                org.assertj.core.data.Offset.offset(1e-15));
    }

    /**
     * The approximate standard error against the spread of 200 replicate estimates (n = 500): the
     * class documents 0.8–1.0 of it in d ≤ 2 and 0.65–1.0 in d = 5 … 20. A standard deviation from
     * 200 replicates is known to {@code 1/√398 = 5 %}, so the ratio must fall within 5 × 5 % of
     * the documented range.
     */
    @ParameterizedTest
    @CsvSource({"2, 0.8, 1.0, 9000", "10, 0.65, 1.0, 9500"})
    void standardErrorMatchesReplicateSpread(int d, double lo, double hi, long seed) {
        Gaussian g = Gaussian.anisotropic(d, 1, 3, 0.5);
        double[] values = new double[200];
        double meanSe = 0.0;
        for (int r = 0; r < values.length; r++) {
            Estimate h = KL.entropy(g.sample(500, seed + r), 500, d);
            values[r] = h.value();
            meanSe += h.standardError() / values.length;
        }
        double ratio = meanSe / Spread.of(values).sd();
        assertThat(ratio).isBetween(lo - 0.25, hi + 0.25);
    }

    /**
     * Repeated points are merged: a cloud with copies (interleaved after their originals) gives
     * exactly the estimate of its distinct points, {@code -0.0} counting as {@code 0.0}.
     */
    @Test
    void duplicatesAreMerged() {
        int n = 400;
        int d = 3;
        double[] x = Gaussian.standard(d).sample(n, 91);
        x[0] = 0.0;
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(91);
        double[] withCopies = new double[3 * n * d];
        int m = 0;
        for (int i = 0; i < n; i++) {
            int copies = 1 + rng.nextInt(3);
            for (int c = 0; c < copies; c++) {
                System.arraycopy(x, i * d, withCopies, m * d, d);
                if (i == 0 && c == 1) {
                    withCopies[m * d] = -0.0;
                }
                m++;
            }
        }
        Estimate distinct = KL.entropy(x, n, d);
        Estimate merged = KL.entropy(withCopies, m, d);
        assertThat(m).isGreaterThan(n);
        assertThat(merged).isEqualTo(distinct);
        assertThat(merged.samples()).isEqualTo(n);
        assertThat(KozachenkoLeonenko.distinct(withCopies, m, d)).hasSize(n);
    }

    @Test
    void badInputsAreNamed() {
        double[] same = new double[20];
        Arrays.fill(same, 1.5);
        assertThatThrownBy(() -> KL.entropy(same, 10, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k = 2").hasMessageContaining("1 distinct among n = 10");
        assertThatThrownBy(() -> KL.entropy(new double[] {0, 1}, 2, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs more than k points, got n = 2");
        double[] x = Gaussian.standard(2).sample(50, 1);
        x[2 * 17 + 1] = Double.NaN;
        assertThatThrownBy(() -> KL.entropy(x, 50, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("coordinate 1 of point 17 is not finite: NaN");
        x[2 * 17 + 1] = Double.NEGATIVE_INFINITY;
        assertThatThrownBy(() -> KL.entropy(x, 50, 2)).hasMessageContaining("point 17");
        // whitening needs more than d points; without it the estimate goes through
        double[] few = Gaussian.standard(10).sample(8, 2);
        assertThatThrownBy(() -> KL.entropy(few, 8, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whitening needs more than d points");
        assertThat(KL.withWhitening(false).entropy(few, 8, 10).value()).isFinite();
        // a cloud on a line in the plane
        double[] line = new double[2 * 30];
        for (int i = 0; i < 30; i++) {
            line[2 * i] = i;
            line[2 * i + 1] = 2 * i;
        }
        assertThatThrownBy(() -> KL.entropy(line, 30, 2)).hasMessageContaining("hyperplane");
        // on a plane in ℝ³ up to rounding-level noise: flat, not a very thin cloud
        double[] plane = Gaussian.standard(3).sample(200, 3);
        double[] thin = plane.clone();
        for (int i = 0; i < 200; i++) {
            plane[3 * i + 2] = plane[3 * i] - 2 * plane[3 * i + 1] + 1e-9 * plane[3 * i + 2];
            thin[3 * i + 2] = thin[3 * i] - 2 * thin[3 * i + 1] + 1e-5 * thin[3 * i + 2];
        }
        assertThatThrownBy(() -> KL.entropy(plane, 200, 3)).hasMessageContaining("hyperplane");
        assertThat(KL.entropy(thin, 200, 3).value()).isFinite();
        assertThatThrownBy(() -> KL.withK(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KL.entropy(new double[5], 3, 2)).hasMessageContaining("expected 3 × 2 = 6");
    }

    /** The automatic choice follows the measured crossover. */
    @Test
    void automaticSearchChoice() {
        assertThat(KozachenkoLeonenko.treeWins(100, 4)).isTrue();
        assertThat(KozachenkoLeonenko.treeWins(1_000_000, 4)).isTrue();
        assertThat(KozachenkoLeonenko.treeWins(2048, 8)).isTrue();
        assertThat(KozachenkoLeonenko.treeWins(2048, 9)).isFalse();
        assertThat(KozachenkoLeonenko.treeWins(32768, 14)).isTrue();
        assertThat(KozachenkoLeonenko.treeWins(32768, 15)).isFalse();
        assertThat(KozachenkoLeonenko.treeWins(4096, 64)).isFalse();
    }
}

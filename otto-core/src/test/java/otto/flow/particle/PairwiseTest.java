package otto.flow.particle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import otto.flow.Parallel;
import otto.flow.RandomStream;
import otto.flow.StreamAccess;

/**
 * The pairwise engine against brute force: selection, the median of the pairwise distances (exact
 * and sampled), kernel sums of both kernels, the fast exponential, and the two flows' velocities
 * and the blob's free energy (including its gradient by finite differences).
 */
class PairwiseTest {

    private static double[] cloud(int n, int d, long seed, double scale, double offset) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = offset + scale * (r.nextDouble() * 2 - 1 + (r.nextDouble() < 0.5 ? r.nextGaussian() : 0.0));
        }
        return x;
    }

    private static double[] bruteSquaredDistances(double[] x, int n, int d) {
        double[] all = new double[n * (n - 1) / 2];
        int t = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0.0;
                for (int k = 0; k < d; k++) {
                    double v = x[i * d + k] - x[j * d + k];
                    s += v * v;
                }
                all[t++] = s;
            }
        }
        return all;
    }

    private static double bruteMedian(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int m = s.length;
        return m % 2 == 1 ? s[m / 2] : 0.5 * (s[m / 2 - 1] + s[m / 2]);
    }

    private static RandomStream stream(long seed) {
        // a RandomStream is made by the run; its constructor is package-private, so borrow one
        return StreamAccess.of(RandomSource.L64_X256_MIX.create(seed));
    }

    @ParameterizedTest
    @CsvSource({"1, 0, 1", "2, 1, 2", "7, 3, 3", "1000, 499, 4", "1001, 0, 5", "1001, 1000, 6", "5000, 2500, 7"})
    void selectionFindsTheOrderStatisticWithTies(int length, int k, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[length];
        for (int i = 0; i < length; i++) {
            a[i] = r.nextInt(Math.max(1, length / 10)); // many ties
        }
        double[] sorted = a.clone();
        Arrays.sort(sorted);
        assertThat(Select.kth(a, length, k)).isEqualTo(sorted[k]);
        for (int i = 0; i < k; i++) {
            assertThat(a[i]).isLessThanOrEqualTo(a[k]);
        }
        for (int i = k + 1; i < length; i++) {
            assertThat(a[i]).isGreaterThanOrEqualTo(a[k]);
        }
        double[] b = new double[length];
        for (int i = 0; i < length; i++) {
            b[i] = r.nextGaussian();
        }
        assertThat(Select.median(b.clone(), length)).isEqualTo(bruteMedian(b));
        assertThatThrownBy(() -> Select.kth(a, length, length)).hasMessageContaining("rank");
    }

    @Test
    void selectionSurvivesAdversarialOrders() {
        for (int n : new int[] {10_000, 10_001}) {
            double[] up = new double[n];
            double[] organ = new double[n];
            double[] equal = new double[n];
            for (int i = 0; i < n; i++) {
                up[i] = i;
                organ[i] = Math.min(i, n - 1 - i);
                equal[i] = 3.0;
            }
            for (double[] a : new double[][] {up, organ, equal}) {
                double expected = bruteMedian(a);
                assertThat(Select.median(a.clone(), n)).isEqualTo(expected);
            }
        }
    }

    /**
     * Exact medians of the pairwise squared distances: small clouds (every pair collected), and
     * clouds with more than {@code 4 × BRACKET_SAMPLE} pairs (bracketed), with odd and even numbers
     * of pairs and several row blocks. Distances are computed as {@code ‖x‖² + ‖y‖² - 2x·y} of the
     * centred cloud, so they agree with the direct sum to rounding, not bit for bit.
     */
    @ParameterizedTest
    @CsvSource({"2, 3, 1", "3, 1, 2", "50, 2, 3", "363, 3, 4", "400, 1, 5", "1000, 7, 6", "1030, 4, 7", "2100, 2, 8"})
    void exactMedianMatchesSortingAllPairs(int n, int d, long seed) {
        double[] x = cloud(n, d, seed, 1.0, 100.0);
        Pairwise p = new Pairwise(n, d, Parallel.serial());
        p.load(x);
        double median = p.medianSquaredDistance(stream(seed), Long.MAX_VALUE, 1000);
        assertThat(p.lastMedianExact()).isTrue();
        double expected = bruteMedian(bruteSquaredDistances(x, n, d));
        assertThat(median).isCloseTo(expected, within(1e-11 * expected));
    }

    /** A bracket far too narrow misses; widening it (and finally opening a side) still finds the median. */
    @ParameterizedTest
    @CsvSource({"1e-3, 1", "0.05, 2", "1.0, 3"})
    void exactMedianSurvivesABracketThatMisses(double z, long seed) {
        int n = 700;
        int d = 3;
        double[] x = cloud(n, d, seed, 1.0, 0.0);
        Pairwise p = new Pairwise(n, d, Parallel.serial());
        p.bracketZ = z;
        p.load(x);
        double median = p.medianSquaredDistance(stream(seed), Long.MAX_VALUE, 1000);
        double expected = bruteMedian(bruteSquaredDistances(x, n, d));
        assertThat(median).isCloseTo(expected, within(1e-11 * expected));
    }

    /**
     * Successive clouds that drift slowly (the bracket then comes from the last median), then jump
     * (the warm bracket misses and the sample takes over), then shrink: every median is exact.
     */
    @Test
    void exactMedianOfADriftingCloud() {
        int n = 500;
        int d = 4;
        double[] x = cloud(n, d, 31, 1.0, 0.0);
        Pairwise p = new Pairwise(n, d, Parallel.serial());
        RandomStream rng = stream(31);
        SplittableRandom r = new SplittableRandom(32);
        for (int step = 0; step < 12; step++) {
            double scale = step == 6 ? 1.5 : step == 9 ? 0.5 : 1.0 + 1e-4 * r.nextGaussian();
            for (int i = 0; i < x.length; i++) {
                x[i] = x[i] * scale + 1e-4 * r.nextGaussian();
            }
            p.load(x);
            double median = p.medianSquaredDistance(rng, Long.MAX_VALUE, 1000);
            double expected = bruteMedian(bruteSquaredDistances(x, n, d));
            assertThat(median).as("step %d", step).isCloseTo(expected, within(1e-11 * expected));
        }
    }

    @Test
    void exactMedianOfACloudWithCoincidentParticles() {
        int n = 600;
        int d = 2;
        double[] x = new double[n * d];
        for (int i = 0; i < n; i++) {
            x[i * d] = i < 450 ? 1.0 : i; // 450 particles at one point: most pairs at distance 0
        }
        Pairwise p = new Pairwise(n, d, Parallel.serial());
        p.load(x);
        assertThat(p.medianSquaredDistance(stream(3), Long.MAX_VALUE, 1000)).isZero();
    }

    /**
     * Beyond the exact limit: the median of 65 536 random pairs, within five of its standard errors
     * {@code 1/(2 f(m) √M)} of the exact median (the density {@code f} at the median estimated from
     * the exact distances themselves).
     */
    @Test
    void sampledMedianIsWithinItsStandardError() {
        int n = 2000;
        int d = 3;
        int m = 1 << 16;
        double[] x = cloud(n, d, 11, 1.0, 0.0);
        Pairwise p = new Pairwise(n, d, Parallel.serial());
        p.load(x);
        double sampled = p.medianSquaredDistance(stream(5), 1, m);
        assertThat(p.lastMedianExact()).isFalse();
        double[] all = bruteSquaredDistances(x, n, d);
        Arrays.sort(all);
        double exact = 0.5 * (all[all.length / 2 - 1] + all[all.length / 2]);
        int w = all.length / 100;
        double density = 0.02 / (all[all.length / 2 + w] - all[all.length / 2 - w]);
        double se = 1.0 / (2.0 * density * Math.sqrt(m));
        assertThat(Math.abs(sampled - exact)).isLessThan(5 * se);
    }

    /**
     * Two or three threads (and blocks handed out in whatever order) give the same bits as one: one
     * chunk of 8 blocks (1024), a chunk and a block (1100: 9), and two chunks (4100: 17 blocks of 256).
     */
    @ParameterizedTest
    @CsvSource({"1100, 2", "1100, 3", "1024, 2", "1024, 3", "4100, 2"})
    void threadsDoNotChangeABit(int n, int threads) throws Exception {
        int d = 5;
        double[] x = cloud(n, d, 21, 1.0, 4.0);
        double[] g = cloud(n, d, 22, 1.0, 0.0);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            Pairwise one = new Pairwise(n, d, Parallel.serial());
            Pairwise two = new Pairwise(n, d, StreamAccess.parallel(pool, threads));
            one.load(x);
            two.load(x);
            assertThat(two.medianSquaredDistance(stream(1), Long.MAX_VALUE, 1000))
                    .isEqualTo(one.medianSquaredDistance(stream(1), Long.MAX_VALUE, 1000));
            for (Svgd.Kernel kernel : Svgd.Kernel.values()) {
                double[] a = new double[n * d];
                double[] b = new double[n * d];
                new Svgd.Velocity(n, d, kernel).compute(one, g, 2.5, a);
                new Svgd.Velocity(n, d, kernel).compute(two, g, 2.5, b);
                assertThat(b).containsExactly(a);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The Vector API tile loops (the test JVM runs with the incubator module) give the plain-Java
     * loops' numbers bit for bit: medians, both kernels' sums and the velocities, with block and
     * vector remainders (n and d not multiples of the vector length).
     */
    @ParameterizedTest
    @CsvSource({"2, 1, 31", "37, 2, 32", "300, 3, 33", "1100, 5, 34", "1030, 16, 35", "257, 17, 36", "2100, 64, 37"})
    void vectorTilesGiveThePlainJavaBits(int n, int d, long seed) {
        Pairwise.Tiles vector = Pairwise.vectorTiles();
        assertThat(vector).as("the incubator module is on the test JVM").isNotNull();
        double[] x = cloud(n, d, seed, 1.0, 3.0);
        double[] g = cloud(n, d, seed + 100, 1.0, 0.0);
        Pairwise scalar = new Pairwise(n, d, Parallel.serial(), new Pairwise.ScalarTiles());
        Pairwise vec = new Pairwise(n, d, Parallel.serial(), vector);
        scalar.load(x);
        vec.load(x);
        assertThat(vec.medianSquaredDistance(stream(1), Long.MAX_VALUE, 1000))
                .isEqualTo(scalar.medianSquaredDistance(stream(1), Long.MAX_VALUE, 1000));
        for (Svgd.Kernel kernel : Svgd.Kernel.values()) {
            double[] a = new double[n * d];
            double[] b = new double[n * d];
            new Svgd.Velocity(n, d, kernel).compute(scalar, g, 0.7 * d, a);
            new Svgd.Velocity(n, d, kernel).compute(vec, g, 0.7 * d, b);
            assertThat(b).containsExactly(a);
        }
        double[] ones = new double[n];
        Arrays.fill(ones, 1.0);
        double[] sa = new double[n];
        double[] sb = new double[n];
        // a tiny bandwidth: most kernel values clamped at e^-256
        scalar.sums(Pairwise.Kind.GAUSSIAN, 1e-3, ones, 1, sa, null, 0, null);
        vec.sums(Pairwise.Kind.GAUSSIAN, 1e-3, ones, 1, sb, null, 0, null);
        assertThat(sb).containsExactly(sa);
    }

    @Test
    void fastExponentialIsAccurateAndClamped() {
        double[] t = new double[2001];
        for (int i = 0; i < t.length; i++) {
            t[i] = 256.0 * i / (t.length - 1);
        }
        double[] w = t.clone();
        Pairwise.expNegative(w, w.length, 1.0);
        for (int i = 0; i < t.length; i++) {
            assertThat(w[i]).as("exp(-%s)", t[i]).isCloseTo(Math.exp(-t[i]), within(1e-13 * Math.exp(-t[i])));
        }
        double[] far = {300.0, 1e6, Double.POSITIVE_INFINITY};
        Pairwise.expNegative(far, far.length, 1.0);
        for (double v : far) {
            assertThat(v).isCloseTo(Math.exp(-256.0), within(1e-13 * Math.exp(-256.0)));
        }
    }

    /**
     * Kernel sums against the direct double loop (with {@code Math.exp}), for sizes that leave
     * partial blocks and tiles and dimensions below, at and around the unrolling by four; the
     * error allowed is relative to {@code Σ_j |k_ij b_jc|}.
     */
    @ParameterizedTest
    @CsvSource({"1, 1, 1", "5, 3, 2", "130, 4, 3", "131, 9, 4", "1030, 2, 5", "300, 17, 6"})
    void kernelSumsMatchTheDirectDoubleLoop(int n, int d, long seed) {
        double[] x = cloud(n, d, seed, 1.0, -3.0);
        int m = 3;
        double[] b = cloud(n, m, seed + 100, 1.0, 0.0);
        Pairwise p = new Pairwise(n, d, Parallel.serial());
        p.load(x);
        double h = 0.7 * d;
        double[] gauss = new double[n * m];
        p.sums(Pairwise.Kind.GAUSSIAN, h, b, m, gauss, null, 0, null);
        double[] imq = new double[n * m];
        double[] imq3 = new double[n * m];
        p.sums(Pairwise.Kind.INVERSE_MULTIQUADRIC, h, b, m, imq, b, m, imq3);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < m; c++) {
                double eg = 0;
                double ag = 0;
                double ei = 0;
                double ai = 0;
                double e3 = 0;
                double a3 = 0;
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int k = 0; k < d; k++) {
                        double v = x[i * d + k] - x[j * d + k];
                        s += v * v;
                    }
                    double kg = Math.exp(-s / h);
                    double ki = 1.0 / Math.sqrt(1.0 + s / h);
                    double bj = b[j * m + c];
                    eg += kg * bj;
                    ag += Math.abs(kg * bj);
                    ei += ki * bj;
                    ai += Math.abs(ki * bj);
                    e3 += ki * ki * ki * bj;
                    a3 += Math.abs(ki * ki * ki * bj);
                }
                assertThat(gauss[i * m + c]).isCloseTo(eg, within(1e-12 * ag));
                assertThat(imq[i * m + c]).isCloseTo(ei, within(1e-12 * ai));
                assertThat(imq3[i * m + c]).isCloseTo(e3, within(1e-12 * a3));
            }
        }
    }

    /**
     * The SVGD velocity against Liu &amp; Wang's formula written out pair by pair, with the kernel's
     * gradient taken term by term (no algebra shared with the implementation).
     */
    @ParameterizedTest
    @CsvSource({"RBF, 70, 3, 1", "IMQ, 70, 3, 2", "RBF, 140, 1, 3", "IMQ, 140, 6, 4"})
    void svgdVelocityMatchesThePairwiseFormula(Svgd.Kernel kernel, int n, int d, long seed) {
        double[] x = cloud(n, d, seed, 1.5, 2.0);
        double[] g = cloud(n, d, seed + 7, 3.0, 0.0);
        Pairwise p = new Pairwise(n, d, Parallel.serial());
        p.load(x);
        double h = 1.3;
        double[] phi = new double[n * d];
        new Svgd.Velocity(n, d, kernel).compute(p, g, h, phi);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                double e = 0;
                double scale = 0;
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int l = 0; l < d; l++) {
                        double v = x[j * d + l] - x[i * d + l];
                        s += v * v;
                    }
                    double kij;
                    double dk; // d k(θ_j, x_i) / d θ_j[k]
                    if (kernel == Svgd.Kernel.RBF) {
                        kij = Math.exp(-s / h);
                        dk = kij * (-2.0 / h) * (x[j * d + k] - x[i * d + k]);
                    } else {
                        kij = Math.pow(1.0 + s / h, -0.5);
                        dk = -0.5 * Math.pow(1.0 + s / h, -1.5) * (2.0 / h) * (x[j * d + k] - x[i * d + k]);
                    }
                    e += kij * g[j * d + k] + dk;
                    scale += Math.abs(kij * g[j * d + k]) + Math.abs(dk) + kij * Math.abs(x[i * d + k]) / h;
                }
                assertThat(phi[i * d + k]).isCloseTo(e / n, within(1e-12 * scale / n));
            }
        }
    }

    /**
     * The blob flow's {@code F_ε} against {@code (1/n) Σ_i [log((1/n) Σ_j N(θ_i; θ_j, ε²I)) - log π(θ_i)]}
     * computed directly (log-sum-exp), its velocity against the brief's formula written out, and
     * the velocity against {@code -n ∇F_ε} by central differences: {@code F_ε} is exactly what the
     * flow descends.
     */
    @ParameterizedTest
    @CsvSource({"40, 2, 0.4, 1", "90, 5, 0.9, 2", "70, 30, 1.1, 3"})
    void blobVelocityIsMinusTheGradientOfTheMollifiedFreeEnergy(int n, int d, double eps, long seed) {
        double[] x = cloud(n, d, seed, 1.0, 0.5);
        // a Gaussian target N(0, I): lp = -|x|²/2, g = -x
        BlobFlow.Mollified mol = new BlobFlow.Mollified(n, d, eps);
        Pairwise p = new Pairwise(n, d, Parallel.serial());
        double[] s = new double[n];
        double f = energy(mol, p, x, n, d, s);
        assertThat(f).isCloseTo(directEnergy(x, n, d, eps), within(1e-12 * Math.max(1, Math.abs(f))));
        double[] g = new double[n * d];
        for (int i = 0; i < n * d; i++) {
            g[i] = -x[i];
        }
        double[] v = new double[n * d];
        mol.velocity(p, s, g, v);
        double[] rho = new double[n];
        for (int i = 0; i < n; i++) {
            rho[i] = Math.exp(directLogRho(x, n, d, eps, i));
        }
        double[] xp = x.clone();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < Math.min(d, 3); k++) {
                double e = g[i * d + k];
                for (int j = 0; j < n; j++) {
                    double sq = 0;
                    for (int l = 0; l < d; l++) {
                        double t = x[i * d + l] - x[j * d + l];
                        sq += t * t;
                    }
                    double phi = Math.exp(-0.5 * sq / (eps * eps) - 0.5 * d * Math.log(2 * Math.PI * eps * eps));
                    double gradPhi = -(x[i * d + k] - x[j * d + k]) / (eps * eps) * phi;
                    e -= gradPhi / n * (1 / rho[i] + 1 / rho[j]);
                }
                assertThat(v[i * d + k]).as("v[%d][%d]", i, k).isCloseTo(e, within(1e-9 * (1 + Math.abs(e))));
                if (i % 7 == 0) {
                    double delta = 1e-5;
                    xp[i * d + k] = x[i * d + k] + delta;
                    double fp = energy(mol, p, xp, n, d, new double[n]);
                    xp[i * d + k] = x[i * d + k] - delta;
                    double fm = energy(mol, p, xp, n, d, new double[n]);
                    xp[i * d + k] = x[i * d + k];
                    double grad = (fp - fm) / (2 * delta);
                    assertThat(v[i * d + k]).isCloseTo(-n * grad, within(1e-5 * (1 + Math.abs(v[i * d + k]))));
                }
            }
        }
    }

    private static double energy(BlobFlow.Mollified mol, Pairwise p, double[] x, int n, int d, double[] s) {
        p.load(x);
        double[] lp = new double[n];
        for (int i = 0; i < n; i++) {
            double q = 0;
            for (int k = 0; k < d; k++) {
                q += x[i * d + k] * x[i * d + k];
            }
            lp[i] = -0.5 * q;
        }
        return mol.energy(p, lp, s);
    }

    private static double directLogRho(double[] x, int n, int d, double eps, int i) {
        double[] a = new double[n];
        for (int j = 0; j < n; j++) {
            double sq = 0;
            for (int l = 0; l < d; l++) {
                double t = x[i * d + l] - x[j * d + l];
                sq += t * t;
            }
            a[j] = -0.5 * sq / (eps * eps) - 0.5 * d * Math.log(2 * Math.PI * eps * eps) - Math.log(n);
        }
        return otto.math.SpecialFunctions.logSumExp(a);
    }

    private static double directEnergy(double[] x, int n, int d, double eps) {
        double f = 0;
        for (int i = 0; i < n; i++) {
            double q = 0;
            for (int k = 0; k < d; k++) {
                q += x[i * d + k] * x[i * d + k];
            }
            f += directLogRho(x, n, d, eps, i) + 0.5 * q;
        }
        return f / n;
    }
}

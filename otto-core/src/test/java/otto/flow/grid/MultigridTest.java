package otto.flow.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import otto.flow.Parallel;

/**
 * The multigrid's pieces against their definitions, on random stencils whose masses span many
 * orders of magnitude and miss some cells (outside the support): the prolongation keeps constants
 * and leaves cells outside the support alone, the restriction is its exact transpose, and the
 * cycle is a symmetric positive definite operator (what conjugate gradients need of a
 * preconditioner) however wide the masses' range, and gives the same bits on any number of threads.
 */
class MultigridTest {

    /**
     * The Scharfetter–Gummel stencil of a random potential, {@code V} from 0 to about {@code range}
     * (a tilted, curved valley), about a tenth of the cells outside the support, or of the banana
     * {@code V = x²/2 + 2(y - x²)²} on {@code [-8, 8]²} (seed 0) cut off at
     * {@link FokkerPlanckSolver#CUTOFF}.
     */
    static Stencil randomStencil(long seed, int n0, int n1, int n2, double range, double c) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = n0 * n1 * n2;
        double[] v = new double[n];
        double a = rng.nextDouble(-1, 1);
        double b = rng.nextDouble(-1, 1);
        for (int i0 = 0; i0 < n0; i0++) {
            for (int i1 = 0; i1 < n1; i1++) {
                for (int i2 = 0; i2 < n2; i2++) {
                    int i = (i0 * n1 + i1) * n2 + i2;
                    if (seed == 0) {
                        double x = -8 + 16 * (i1 + 0.5) / n1;
                        double y = -8 + 16 * (i2 + 0.5) / n2;
                        v[i] = 0.5 * x * x + 2 * (y - x * x) * (y - x * x);
                    } else {
                        double x = (i0 + 0.5) / n0 - 0.5 + a * 0.3;
                        double y = (i1 + 0.5) / n1 - 0.5 + b * 0.3;
                        double z = (i2 + 0.5) / n2 - 0.5;
                        v[i] = rng.nextDouble() < 0.1 ? Double.POSITIVE_INFINITY
                                : range * (x * x + y * y + (z - x * y) * (z - x * y)) / 0.75;
                    }
                    if (v[i] > FokkerPlanckSolver.CUTOFF) {
                        v[i] = Double.POSITIVE_INFINITY;
                    }
                }
            }
        }
        double[] m = new double[n];
        for (int i = 0; i < n; i++) {
            m[i] = Math.exp(-v[i]);
        }
        int[] dims = {n0, n1, n2};
        int[] stride = {n1 * n2, n2, 1};
        double[][] w = new double[3][];
        for (int ax = 0; ax < 3; ax++) {
            if (dims[ax] == 1 && ax < 2) {
                continue;
            }
            w[ax] = new double[n];
            for (int i = 0; i < n; i++) {
                int k = (i / stride[ax]) % dims[ax];
                if (k + 1 < dims[ax] && m[i] > 0 && m[i + stride[ax]] > 0) {
                    w[ax][i] = FokkerPlanckSolver.edgeWeight(v[i], v[i + stride[ax]]);
                }
            }
        }
        Stencil s = new Stencil(n0, n1, n2, m, w[0], w[1], w[2], Parallel.serial());
        s.scale(c, c, c);
        return s;
    }

    @ParameterizedTest(name = "seed {0}: {1} × {2} × {3}")
    @CsvSource({"1, 1, 9, 8", "2, 1, 16, 17", "3, 1, 1, 13", "4, 5, 7, 9", "5, 3, 8, 8", "6, 6, 2, 11"})
    void theRestrictionIsTheTransposeOfTheProlongationWhichKeepsConstants(long seed, int n0, int n1, int n2) {
        Stencil fine = randomStencil(seed, n0, n1, n2, 60, 3.0);
        int f0 = n0 >= 4 ? 1 : 0;
        int f1 = n1 >= 4 ? 1 : 0;
        int f2 = n2 >= 4 ? 1 : 0;
        Stencil coarse = new Stencil((n0 + f0) >> f0, (n1 + f1) >> f1, (n2 + f2) >> f2,
                new double[((n0 + f0) >> f0) * ((n1 + f1) >> f1) * ((n2 + f2) >> f2)], null, null, null, Parallel.serial());
        for (int i = 0; i < fine.size; i++) {
            int i0 = i / (n1 * n2);
            int i1 = (i / n2) % n1;
            int i2 = i % n2;
            coarse.m[((i0 >> f0) * coarse.n1 + (i1 >> f1)) * coarse.n2 + (i2 >> f2)] += fine.m[i];
        }
        Interpolation p = new Interpolation(fine, coarse, f0, f1, f2);
        int nf = fine.size;
        int nc = coarse.size;
        double[][] dense = new double[nf][nc];
        for (int j = 0; j < nc; j++) {
            double[] e = new double[nc];
            e[j] = 1.0;
            double[] col = new double[nf];
            p.prolongAdd(e, col);
            for (int i = 0; i < nf; i++) {
                dense[i][j] = col[i];
            }
        }
        for (int i = 0; i < nf; i++) {
            double sum = 0.0;
            for (int j = 0; j < nc; j++) {
                assertThat(dense[i][j]).isGreaterThanOrEqualTo(0.0);
                sum += dense[i][j];
            }
            assertThat(sum).as("row %d of P (mass %s)", i, fine.m[i]).isCloseTo(fine.m[i] > 0 ? 1.0 : 0.0, within(1e-14));
        }
        SplittableRandom rng = new SplittableRandom(seed + 100);
        double[] x = new double[nf];
        double[] b = new double[nf];
        for (int i = 0; i < nf; i++) {
            x[i] = rng.nextGaussian();
            b[i] = rng.nextGaussian();
        }
        double[] r = new double[nf];
        fine.residual(x, b, r);
        double[] out = new double[nc];
        p.restrictResidual(x, b, out);
        for (int j = 0; j < nc; j++) {
            double expected = 0.0;
            double scale = 0.0;
            for (int i = 0; i < nf; i++) {
                expected += dense[i][j] * r[i];
                scale += Math.abs(dense[i][j] * r[i]);
            }
            assertThat(out[j]).as("coarse cell %d of Pᵀ r", j).isCloseTo(expected, within(1e-13 * (scale + 1e-300)));
        }
    }

    /**
     * Masses down to {@code e^-100}, vectors of unit entries on the support: with plain linear
     * interpolation the cycle was neither symmetric nor positive here (a light coarse cell took a
     * share of a heavy cell's residual, divided it by its tiny diagonal and sent the correction
     * back: on the banana {@code xᵀBx} came out near -1e61, where the inverse's is near +1e43).
     */
    @ParameterizedTest(name = "seed {0}: {1} × {2} × {3}, c = {4}")
    @CsvSource({"0, 1, 128, 128, 3", "0, 1, 255, 255, 1e3", "1, 1, 64, 64, 300", "2, 1, 45, 70, 1e6",
        "3, 12, 13, 16, 5", "4, 16, 16, 16, 1e4", "5, 1, 1, 300, 1e3"})
    void theCycleIsSymmetricPositiveDefinite(long seed, int n0, int n1, int n2, double c) {
        Stencil s = randomStencil(seed, n0, n1, n2, 80, c);
        Multigrid mg = new Multigrid(s);
        mg.rescale();
        assertThat(mg.depth()).isGreaterThan(1);
        assertSymmetricPositive(mg, s, seed, 4);
    }

    /** {@code xᵀBx > 0} and {@code yᵀBx = xᵀBy} to rounding for random x, y of unit entries on the support. */
    static void assertSymmetricPositive(Multigrid mg, Stencil s, long seed, int pairs) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = s.size;
        for (int t = 0; t < pairs; t++) {
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = s.m[i] > 0 ? rng.nextGaussian() : 0.0;
                y[i] = s.m[i] > 0 ? rng.nextGaussian() : 0.0;
            }
            double[] bx = new double[n];
            double[] by = new double[n];
            mg.apply(x, bx);
            mg.apply(y, by);
            double xBx = dot(x, bx);
            double yBy = dot(y, by);
            assertThat(xBx).isPositive();
            assertThat(yBy).isPositive();
            assertThat(dot(y, bx)).isCloseTo(dot(x, by), within(1e-10 * Math.sqrt(xBx * yBy)));
        }
    }

    /** The cycle gives the same bits on one thread and on two (work is split into blocks of whole rows). */
    @ParameterizedTest(name = "{0} × {1} × {2}")
    @CsvSource({"1, 300, 200", "1, 1001, 37", "20, 33, 40"})
    void theCycleDoesNotDependOnTheThreadCount(int n0, int n1, int n2) {
        Stencil serial = randomStencil(9, n0, n1, n2, 50, 200.0);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            Stencil two = new Stencil(n0, n1, n2, serial.m, serial.w0, serial.w1, serial.w2, Parallel.of(pool, 2));
            two.scale(serial.c[0], serial.c[1], serial.c[2]);
            Multigrid a = new Multigrid(serial);
            Multigrid b = new Multigrid(two);
            a.rescale();
            b.rescale();
            SplittableRandom rng = new SplittableRandom(n1);
            double[] r = new double[serial.size];
            for (int i = 0; i < r.length; i++) {
                r[i] = serial.m[i] * rng.nextGaussian();
            }
            double[] za = new double[r.length];
            double[] zb = new double[r.length];
            a.apply(r, za);
            b.apply(r, zb);
            assertThat(serial.blocks).isGreaterThan(1);
            assertThat(zb).isEqualTo(za);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Semi-coarsening: with couplings far apart only the strong axes are coarsened, until they are
     * balanced; with equal couplings all axes are; and the cycle stays symmetric positive definite.
     */
    @ParameterizedTest(name = "{0} × {1} × {2}, c = ({3}, {4}, {5})")
    @CsvSource({"16, 16, 16, 1, 1, 1, '1,1,1'", "16, 16, 16, 1, 1000, 1, '0,1,0'", "16, 16, 16, 100, 1, 30, '1,0,1'",
        "1, 64, 64, 1, 1, 1, '0,1,1'", "1, 64, 64, 1, 10, 1, '0,1,0'", "1, 64, 64, 1, 1, 3, '0,1,1'"})
    void onlyStronglyCoupledAxesAreCoarsened(int n0, int n1, int n2, double c0, double c1, double c2, String expected) {
        Stencil s = randomStencil(11, n0, n1, n2, 8, 1.0);
        s.scale(c0, c1, c2);
        int[] f = Multigrid.coarsenedAxes(s);
        assertThat(f[0] + "," + f[1] + "," + f[2]).isEqualTo(expected);
        Multigrid mg = new Multigrid(s);
        mg.rescale();
        assertSymmetricPositive(mg, s, 5, 1);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0.0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}

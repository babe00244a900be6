package otto.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link GlmKernel}: its functions against {@code Math}'s, its results against a plain double
 * loop, each point's numbers independent of the batch it is in, and the Vector API implementation
 * equal to the plain-Java one bit for bit (the test JVM runs with the incubator module).
 */
class GlmKernelTest {

    @Test
    void expMatchesMathExpToAFewUlps() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 200_000; i++) {
            double x = (rng.nextDouble() * 2 - 1) * (i % 2 == 0 ? 20 : 708);
            double e = Math.exp(x);
            assertThat(Math.abs(GlmKernel.exp(x) - e)).as("exp(%s)", x).isLessThanOrEqualTo(4 * Math.ulp(e));
        }
        assertThat(GlmKernel.exp(0.0)).isEqualTo(1.0);
        assertThat(GlmKernel.exp(709.5)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(GlmKernel.exp(Double.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(GlmKernel.exp(-1e6)).isLessThan(1e-307).isGreaterThanOrEqualTo(0.0);
        assertThat(GlmKernel.exp(Double.NaN)).isNaN();
    }

    @Test
    void log1pMatchesMathLog1pOnTheUnitInterval() {
        SplittableRandom rng = new SplittableRandom(2);
        for (int i = 0; i < 200_000; i++) {
            double t = i % 3 == 0 ? Math.exp(-rng.nextDouble() * 700) : rng.nextDouble();
            double e = Math.log1p(t);
            assertThat(Math.abs(GlmKernel.log1pUnit(t) - e)).as("log1p(%s)", t).isLessThanOrEqualTo(4 * Math.ulp(e));
        }
        assertThat(GlmKernel.log1pUnit(0.0)).isEqualTo(0.0);
        assertThat(Math.abs(GlmKernel.log1pUnit(1.0) - Math.log(2))).isLessThanOrEqualTo(2 * Math.ulp(Math.log(2)));
    }

    record Data(double[] x, double[] y, int n, int k) {
    }

    static Data data(GlmKernel.Family f, int n, int k, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n * k];
        double[] y = new double[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble() * 2 - 1;
        }
        for (int i = 0; i < n; i++) {
            y[i] = switch (f) {
                case BERNOULLI_LOGIT -> rng.nextInt(2);
                case POISSON_LOG -> rng.nextInt(6);
                case NORMAL -> rng.nextDouble() * 4 - 2;
            };
        }
        return new Data(x, y, n, k);
    }

    static double[] points(int count, int stride, double scale, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] p = new double[count * stride];
        for (int i = 0; i < p.length; i++) {
            p[i] = (rng.nextDouble() * 2 - 1) * scale;
        }
        return p;
    }

    /** The same quantities by a plain loop over the rows with {@code Math}'s functions. */
    static void reference(Data dt, GlmKernel.Family f, double[] beta, int off, double[] out, double[] grad, double[] w) {
        double ll = 0;
        Arrays.fill(grad, 0.0);
        for (int i = 0; i < dt.n; i++) {
            double eta = 0;
            for (int j = 0; j < dt.k; j++) {
                eta += dt.x[i * dt.k + j] * beta[off + j];
            }
            double yi = dt.y[i];
            double d;
            switch (f) {
                case BERNOULLI_LOGIT -> {
                    double p = SpecialFunctions.invLogit(eta);
                    ll += yi * eta - SpecialFunctions.log1pExp(eta);
                    d = yi - p;
                    w[i] = p * (1 - p);
                }
                case POISSON_LOG -> {
                    double mu = Math.exp(eta);
                    ll += yi * eta - mu;
                    d = yi - mu;
                    w[i] = mu;
                }
                default -> {
                    ll += -0.5 * (yi - eta) * (yi - eta);
                    d = yi - eta;
                    w[i] = 1;
                }
            }
            for (int j = 0; j < dt.k; j++) {
                grad[j] += d * dt.x[i * dt.k + j];
            }
        }
        out[0] = ll;
    }

    @ParameterizedTest
    @EnumSource(GlmKernel.Family.class)
    void resultsEqualAPlainLoop(GlmKernel.Family f) {
        int n = 1003;
        int k = 7;
        int stride = 9;
        Data dt = data(f, n, k, 3);
        GlmKernel g = GlmKernel.of(dt.x, n, k, dt.y, f);
        int count = 21;
        double[] pts = points(count, stride, 0.6, 4);
        double[] ll = new double[count];
        double[] grad = new double[count * k];
        g.evaluate(pts, stride, count, ll, grad);
        double[] refLl = new double[1];
        double[] refG = new double[k];
        double[] w = new double[n];
        double[] wbar = new double[n];
        for (int c = 0; c < count; c++) {
            reference(dt, f, pts, c * stride, refLl, refG, w);
            assertThat(ll[c]).isCloseTo(refLl[0], org.assertj.core.data.Offset.offset(1e-11 * Math.max(1, Math.abs(refLl[0]))));
            for (int j = 0; j < k; j++) {
                assertThat(grad[c * k + j]).isCloseTo(refG[j], org.assertj.core.data.Offset.offset(1e-11 * n));
            }
            for (int i = 0; i < n; i++) {
                wbar[i] += w[i] / count;
            }
        }
        double[] gram = new double[k * k];
        g.meanWeightedGram(pts, stride, count, gram);
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += wbar[i] * dt.x[i * k + a] * dt.x[i * k + b];
                }
                assertThat(gram[a * k + b]).isCloseTo(s, org.assertj.core.data.Offset.offset(1e-11 * n));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(GlmKernel.Family.class)
    void eachPointsNumbersDoNotDependOnTheBatch(GlmKernel.Family f) {
        int n = 517;
        int k = 5;
        Data dt = data(f, n, k, 5);
        GlmKernel g = GlmKernel.of(dt.x, n, k, dt.y, f);
        int count = 37;
        double[] pts = points(count, k, 0.8, 6);
        double[] ll = new double[count];
        double[] grad = new double[count * k];
        g.evaluate(pts, k, count, ll, grad);
        for (int c = 0; c < count; c += 3) {
            double[] one = new double[1];
            double[] og = new double[k];
            g.evaluate(Arrays.copyOfRange(pts, c * k, (c + 1) * k), k, 1, one, og);
            assertThat(one[0]).isEqualTo(ll[c]);
            assertThat(og).containsExactly(Arrays.copyOfRange(grad, c * k, (c + 1) * k));
        }
        // any split of the batch gives the same numbers
        double[] ll2 = new double[count];
        double[] grad2 = new double[count * k];
        int[] cuts = {0, 1, 4, 20, 21, count};
        for (int s = 0; s + 1 < cuts.length; s++) {
            int a = cuts[s];
            int m = cuts[s + 1] - a;
            double[] l = new double[m];
            double[] gg = new double[m * k];
            g.evaluate(Arrays.copyOfRange(pts, a * k, (a + m) * k), k, m, l, gg);
            System.arraycopy(l, 0, ll2, a, m);
            System.arraycopy(gg, 0, grad2, a * k, m * k);
        }
        assertThat(ll2).containsExactly(ll);
        assertThat(grad2).containsExactly(grad);
    }

    @ParameterizedTest
    @EnumSource(GlmKernel.Family.class)
    void vectorImplementationEqualsThePlainJavaOneBitForBit(GlmKernel.Family f) {
        for (int n : new int[] {1, 7, 8, 9, 64, 1001}) {
            int k = n == 1001 ? 25 : n == 9 ? 5 : n == 64 ? 8 : 3;   // 4 × 3 and 4 × 2 gradient tiles, remainders
            Data dt = data(f, n, k, n);
            GlmKernel v = GlmKernel.vector(dt.x, n, k, dt.y, f);
            assumeTrue(v != null, "the Vector API is not available in this JVM");
            GlmKernel s = GlmKernel.scalar(dt.x, n, k, dt.y, f);
            int count = 19;
            // wide points too, so that exp reaches its clamps and logistic tails
            double[] pts = points(count, k + 1, n == 64 ? 400 : 1.5, 7 + n);
            double[] lv = new double[count];
            double[] gv = new double[count * k];
            double[] ls = new double[count];
            double[] gs = new double[count * k];
            v.evaluate(pts, k + 1, count, lv, gv);
            s.evaluate(pts, k + 1, count, ls, gs);
            assertThat(lv).as("n = %d", n).containsExactly(ls);
            assertThat(gv).as("n = %d", n).containsExactly(gs);
            // values alone (no gradient pass) are the same numbers too
            double[] lvOnly = new double[count];
            double[] lsOnly = new double[count];
            v.evaluate(pts, k + 1, count, lvOnly, null);
            s.evaluate(pts, k + 1, count, lsOnly, null);
            assertThat(lvOnly).as("n = %d", n).containsExactly(lv);
            assertThat(lsOnly).as("n = %d", n).containsExactly(ls);
            double[] hv = new double[k * k];
            double[] hs = new double[k * k];
            v.meanWeightedGram(pts, k + 1, count, hv);
            s.meanWeightedGram(pts, k + 1, count, hs);
            assertThat(hv).containsExactly(hs);
            double[] ones = new double[n];
            Arrays.fill(ones, 1.0);
            v.weightedGram(ones, hv);
            s.weightedGram(ones, hs);
            assertThat(hv).containsExactly(hs);
        }
    }

    @Test
    void theVectorFunctionsEqualTheScalarOnesBitForBit() {
        GlmKernel probe = GlmKernel.vector(new double[8], 8, 1, new double[8], GlmKernel.Family.NORMAL);
        assumeTrue(probe != null, "the Vector API is not available in this JVM");
        VectorFunctions.check();
    }

    @Test
    void implementationIsNamed() {
        assertThat(GlmKernel.implementation()).isIn("vector", "scalar");
    }
}

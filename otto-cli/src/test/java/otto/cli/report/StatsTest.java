package otto.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void ranksPoolAllChainsAndAverageTies() {
        double[][] chains = {{3.0, 1.0, 5.0}, {1.0, 4.0, 2.0}};
        double[][] r = Stats.ranks(chains);
        // pooled sorted: 1,1,2,3,4,5 -> the two 1s share ranks 1 and 2
        assertThat(r[0]).containsExactly(4.0, 1.5, 6.0);
        assertThat(r[1]).containsExactly(1.5, 5.0, 3.0);
        double sum = Arrays.stream(r[0]).sum() + Arrays.stream(r[1]).sum();
        assertThat(sum).isEqualTo(6 * 7 / 2.0);
    }

    @Test
    void rankHistogramOfChainsFromOneDistributionIsNearlyFlat() {
        SplittableRandom rng = new SplittableRandom(7);
        int chains = 4;
        int n = 1000;
        double[][] x = new double[chains][n];
        for (double[] c : x) {
            for (int i = 0; i < n; i++) {
                c[i] = rng.nextDouble();
            }
        }
        double[][] r = Stats.ranks(x);
        int bins = Stats.rankBins(n);
        assertThat(bins).isEqualTo(20);
        int[] band = Stats.binomialInterval(n, 1.0 / bins, 0.99);
        int outside = 0;
        for (double[] c : r) {
            int[] h = Stats.rankHistogram(c, chains * n, bins);
            assertThat(Arrays.stream(h).sum()).isEqualTo(n);
            for (int k : h) {
                outside += k < band[0] || k > band[1] ? 1 : 0;
            }
        }
        // 80 bars, each outside its 99 % band with probability about 1 %: more than 4 would be a 1-in-100 event
        assertThat(outside).isLessThanOrEqualTo(4);
    }

    @Test
    void rankHistogramOfAShiftedChainLeansToOneSide() {
        SplittableRandom rng = new SplittableRandom(3);
        double[][] x = new double[2][500];
        for (int i = 0; i < 500; i++) {
            x[0][i] = rng.nextDouble();
            x[1][i] = rng.nextDouble() + 0.5;   // shifted: its ranks are high
        }
        double[][] r = Stats.ranks(x);
        int[] low = Stats.rankHistogram(r[0], 1000, 10);
        int[] high = Stats.rankHistogram(r[1], 1000, 10);
        int[] band = Stats.binomialInterval(500, 0.1, 0.99);
        assertThat(low[0]).isGreaterThan(band[1]);
        assertThat(high[9]).isGreaterThan(band[1]);
        assertThat(high[0]).isLessThan(band[0]);
    }

    @Test
    void rankBinsExpectAtLeastFiveDrawsEach() {
        assertThat(Stats.rankBins(1000)).isEqualTo(20);
        assertThat(Stats.rankBins(50)).isEqualTo(10);
        assertThat(Stats.rankBins(7)).isEqualTo(2);
    }

    @Test
    void binomialIntervalHoldsItsLevel() {
        int n = 200;
        double p = 0.05;
        int[] b = Stats.binomialInterval(n, p, 0.99);
        // exact binomial probabilities, summed directly
        double inside = 0;
        double below = 0;
        for (int k = 0; k <= n; k++) {
            double pmf = Math.exp(otto.math.SpecialFunctions.logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
            if (k >= b[0] && k <= b[1]) {
                inside += pmf;
            }
            if (k < b[0]) {
                below += pmf;
            }
        }
        assertThat(inside).isGreaterThanOrEqualTo(0.99);
        assertThat(below).isLessThanOrEqualTo(0.005);
        assertThat(b[0]).isEqualTo(3);   // P(X <= 2) = 0.0023, P(X <= 3) = 0.0090 for Binomial(200, 0.05)
        assertThat(b[1]).isBetween(18, 19);
    }

    @Test
    void histogramCountsEveryValueInRangeOnce() {
        double[] x = {0, 0.1, 0.5, 0.99, 1.0, 1.5, -0.2};
        int[] h = Stats.histogram(x, 0, 1, 4);
        assertThat(h).containsExactly(2, 0, 1, 2);   // 1.0 is in the last bin; 1.5 and -0.2 are out
        assertThat(Stats.histogram(new double[] {Double.NaN, 0.3}, 0, 1, 2)).containsExactly(1, 0);
    }

    @Test
    void histogramBinsFollowFreedmanDiaconisWithinLimits() {
        SplittableRandom rng = new SplittableRandom(1);
        double[] x = new double[8000];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble();
        }
        // IQR 0.5, n^(-1/3) = 0.05: width 0.05, 20 bins on [0, 1]
        assertThat(Stats.histogramBins(x, 0, 1)).isBetween(19, 21);
        assertThat(Stats.histogramBins(new double[] {1, 1, 1}, 0, 2)).isEqualTo(10);
        assertThat(Stats.histogramBins(x, -100, 100)).isEqualTo(60);
    }

    @Test
    void kdeOfNormalDrawsIsTheNormalDensity() {
        SplittableRandom rng = new SplittableRandom(11);
        double[] x = new double[20000];
        for (int i = 0; i < x.length; i++) {
            x[i] = gaussian(rng);
        }
        double[] at = Stats.grid(-5, 5, 201);
        double[] f = Stats.kde(x, at);
        double integral = 0;
        for (int k = 0; k < at.length; k++) {
            integral += f[k] * 0.05;
            double exact = Math.exp(-0.5 * at[k] * at[k]) / Math.sqrt(2 * Math.PI);
            // smoothing bias h²/2 f'' (h ≈ 0.12) plus Monte Carlo error: well under 0.02
            assertThat(f[k]).as("at %s", at[k]).isCloseTo(exact, within(0.02));
        }
        assertThat(integral).isCloseTo(1.0, within(1e-3));
        assertThat(Stats.bandwidth(x)).isCloseTo(0.9 * Math.pow(20000, -0.2), within(0.01));
    }

    @Test
    void kdeOfPositiveDrawsDoesNotSagAtZero() {
        SplittableRandom rng = new SplittableRandom(5);
        double[] x = new double[20000];
        for (int i = 0; i < x.length; i++) {
            x[i] = -Math.log(1 - rng.nextDouble());   // exponential: density 1 at 0
        }
        double[] f = Stats.kde(x, new double[] {-0.1, 0.0, 0.05, 1.0});
        assertThat(f[0]).isZero();
        // without reflection the estimate at 0 would be about 1/2
        assertThat(f[1]).isGreaterThan(0.8);
        assertThat(f[3]).isCloseTo(Math.exp(-1), within(0.03));
    }

    @Test
    void quantilesInterpolateAndRangesSkipFarDraws() {
        double[] s = {1, 2, 3, 4};
        assertThat(Stats.quantile(s, 0.5)).isEqualTo(2.5);
        assertThat(Stats.quantile(s, 0)).isEqualTo(1);
        assertThat(Stats.quantile(s, 1)).isEqualTo(4);
        double[] x = new double[1000];
        for (int i = 0; i < x.length; i++) {
            x[i] = i / 999.0;
        }
        x[0] = -1e6;   // one far draw
        double[] r = Stats.range(x);
        assertThat(r[0]).isGreaterThan(-0.1);
        assertThat(r[1]).isLessThan(1.1);
        assertThat(Stats.range(new double[] {2, 2, 2})).containsExactly(1.9, 2.1);
    }

    @Test
    void thinningKeepsEvenlySpacedDraws() {
        assertThat(Stats.thin(5, 10)).containsExactly(0, 1, 2, 3, 4);
        int[] t = Stats.thin(1000, 4);
        assertThat(t).containsExactly(0, 250, 500, 750);
    }

    static double gaussian(SplittableRandom rng) {
        double u = rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}

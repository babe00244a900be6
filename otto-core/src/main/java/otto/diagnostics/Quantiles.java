package otto.diagnostics;

import java.util.Arrays;

/** Sample quantiles with linear interpolation between order statistics (NumPy's default). */
public final class Quantiles {
    private Quantiles() {
    }

    /** The {@code p}-quantile of {@code x}: {@code h = (n-1)p}, {@code x₍⌊h⌋₎ + (h - ⌊h⌋)(x₍⌊h⌋+1₎ - x₍⌊h⌋₎)}. */
    public static double of(double[] x, double p) {
        double[] s = x.clone();
        Arrays.sort(s);
        return sorted(s, p);
    }

    /** The {@code p}-quantile of already sorted values. */
    public static double sorted(double[] s, double p) {
        if (s.length == 0) {
            return Double.NaN;
        }
        double h = (s.length - 1) * p;
        int lo = (int) Math.floor(h);
        if (lo >= s.length - 1) {
            return s[s.length - 1];
        }
        return s[lo] + (h - lo) * (s[lo + 1] - s[lo]);
    }
}

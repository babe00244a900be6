package otto.diagnostics;

/** Means and variances of plain arrays. */
final class Moments {
    private Moments() {
    }

    static double mean(double[] x) {
        double s = 0.0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** The sample variance (denominator n - 1). */
    static double variance(double[] x) {
        double m = mean(x);
        double s = 0.0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return s / (x.length - 1.0);
    }
}
